package dev.lucent.explain.support;

/** Deriving independent, reproducible seeds from an audit's seed. */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for one purpose (an explainer id, a stage): same inputs, same seed, on every JVM. */
    public static long derive(long seed, String purpose) {
        long h = 1125899906842597L;
        for (int i = 0; i < purpose.length(); i++) h = 31 * h + purpose.charAt(i);
        return mix(seed ^ mix(h));
    }

    /** SplitMix64's finalizer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
