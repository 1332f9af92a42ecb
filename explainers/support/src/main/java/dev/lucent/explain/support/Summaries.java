package dev.lucent.explain.support;

/** Small pieces the mergeable summaries of several families share. */
public final class Summaries {
    private Summaries() {
    }

    /**
     * One name for the split of merged rows whatever the order of merging: the one given, or the first in alphabetical
     * order when blocks came from splits of different names ("" is a summary of no rows).
     */
    public static String splitName(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a.compareTo(b) <= 0 ? a : b;
    }
}
