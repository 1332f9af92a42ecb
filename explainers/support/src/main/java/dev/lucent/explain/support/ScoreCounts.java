package dev.lucent.explain.support;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The mergeable summary behind ROC and precision-recall curves: each distinct score with how many positive and negative
 * rows have it, in ascending order. Merging two is a merge of sorted lists, so any split of the rows and any order of
 * merges give the same counts, and the curves and areas read from them ({@link #binaryCounts()}) are the ones the rows
 * themselves give, exactly, ties included.
 *
 * <p>The size is bounded by the number of distinct scores, at most {@link #MAX_DISTINCT}. Past that the scores are
 * coarsened, all alike: the low bits of each score's float significand are cleared (level 1: one bit, and so on) until
 * the list fits. Clearing bits keeps the order of scores, so only scores that become equal are affected (they tie and
 * count one half), and the level reached is the smallest at which all the rows fit, whatever the split, since a part of
 * the rows never needs a higher level than the whole. {@link #level()} says whether that happened.
 */
public final class ScoreCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Distinct scores kept before coarsening: 2^20, some 24 MiB of summary. */
    public static final int MAX_DISTINCT = 1 << 20;

    private final int capacity;
    private int level;
    private int size;
    private double[] scores = new double[0];
    private long[] positives = new long[0];
    private long[] negatives = new long[0];

    public ScoreCounts() {
        this(MAX_DISTINCT);
    }

    /** With a smaller bound (tests). */
    public ScoreCounts(int capacity) {
        this.capacity = capacity;
    }

    /** The scores of one block's rows and whether each is positive. */
    public static ScoreCounts of(double[] score, boolean[] positive, int capacity) {
        int n = score.length;
        ScoreCounts s = new ScoreCounts(capacity);
        for (int i = 0; i < n; i++)
            if (Double.isNaN(score[i])) throw new IllegalArgumentException("a score is NaN");
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double[] sc = new double[n];
        long[] p = new long[n], q = new long[n];
        int k = -1;
        for (int i : order) {
            if (k < 0 || Double.compare(sc[k], score[i]) != 0) sc[++k] = score[i];
            if (positive[i]) p[k]++;
            else q[k]++;
        }
        s.size = k + 1;
        s.scores = sc;
        s.positives = p;
        s.negatives = q;
        s.fit();
        return s;
    }

    public ScoreCounts merge(ScoreCounts other) {
        int lv = Math.max(level, other.level);
        coarsen(lv);
        other.coarsen(lv);
        double[] sc = new double[size + other.size];
        long[] p = new long[sc.length], q = new long[sc.length];
        int i = 0, j = 0, k = 0;
        while (i < size || j < other.size) {
            int c = i >= size ? 1 : j >= other.size ? -1 : Double.compare(scores[i], other.scores[j]);
            if (c <= 0) {
                sc[k] = scores[i];
                p[k] += positives[i];
                q[k] += negatives[i++];
            }
            if (c >= 0) {
                sc[k] = other.scores[j];
                p[k] += other.positives[j];
                q[k] += other.negatives[j++];
            }
            k++;
        }
        scores = sc;
        positives = p;
        negatives = q;
        size = k;
        fit();
        return this;
    }

    /**
     * Merges all of these (consumed) pairwise, as a balanced tree: n lists of m scores in n m log n steps, where merging
     * one after another would take n^2 m. The result is the one any order gives.
     */
    public static ScoreCounts mergeAll(ScoreCounts[] parts) {
        java.util.List<ScoreCounts> level = new java.util.ArrayList<>();
        for (ScoreCounts p : parts) if (p != null) level.add(p);
        if (level.isEmpty()) return new ScoreCounts();
        while (level.size() > 1) {
            java.util.List<ScoreCounts> next = new java.util.ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) next.add(i + 1 < level.size() ? level.get(i).merge(level.get(i + 1)) : level.get(i));
            level = next;
        }
        return level.get(0);
    }

    /** The bound on distinct scores this summary keeps. */
    public int capacity() {
        return capacity;
    }

    /** How many low significand bits were cleared to stay within the bound: 0 when every distinct score is kept. */
    public int level() {
        return level;
    }

    public int distinct() {
        return size;
    }

    /** Cumulative counts from the highest score down, as sklearn's {@code _binary_clf_curve}. */
    public BinaryCounts binaryCounts() {
        return BinaryCounts.ofDistinct(scores, positives, negatives, size);
    }

    private void fit() {
        while (size > capacity && level < 23) coarsen(level + 1);
    }

    /** Clears the low {@code to} bits of each score's float significand (toward zero, so the order is kept), merging ties. */
    private void coarsen(int to) {
        if (to <= level) return;
        level = to;
        long mask = ~((1L << (29 + Math.min(to, 23))) - 1);
        int k = -1;
        for (int i = 0; i < size; i++) {
            double v = Double.longBitsToDouble(Double.doubleToRawLongBits(scores[i]) & mask);
            if (k < 0 || Double.compare(scores[k], v) != 0) {
                k++;
                scores[k] = v;
                positives[k] = positives[i];
                negatives[k] = negatives[i];
            } else {
                positives[k] += positives[i];
                negatives[k] += negatives[i];
            }
        }
        size = k + 1;
    }
}
