package dev.lucent.explain.support;

import java.io.Serializable;

/**
 * Poisson-bootstrap replicates of a {@link ScoreCounts}, on a fixed grid so that a thousand of them stay small: per
 * replicate, the weighted positive and negative rows in each of {@value #BINS} bins of equal width in log-odds over
 * [-12, 12] (scores are probabilities; the grid is finest where they crowd, near 0 and 1; a probability of 0 or 1 falls in
 * the end bins). A replicate's curve is read from its bins as if each bin were one score ({@link #binaryCounts}); the
 * bins' ties bias its ROC-AUC and average precision a little, and the same grid over the unweighted rows
 * ({@link #onGrid}) measures that bias, so an interval read from the replicates is shifted by the exact value minus the
 * grid's value. Bins are placed with {@link StrictMath}, the same bits on every JVM.
 */
public final class ScoreGridReplicates implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int BINS = 64;
    private static final double LIMIT = 12;

    private final long[] positives;
    private final long[] negatives;

    public ScoreGridReplicates(int replicates) {
        positives = new long[replicates * BINS];
        negatives = new long[replicates * BINS];
    }

    /** The grid bin of a probability. */
    public static int bin(double p) {
        if (!(p > 0)) return 0;
        if (!(p < 1)) return BINS - 1;
        double logit = StrictMath.log(p) - StrictMath.log1p(-p);
        int b = (int) Math.floor((logit + LIMIT) / (2 * LIMIT) * BINS);
        return Math.max(0, Math.min(BINS - 1, b));
    }

    /** One row with its weight in every replicate. */
    public ScoreGridReplicates add(double score, boolean positive, int[] weights) {
        int bin = bin(score);
        long[] into = positive ? positives : negatives;
        for (int b = 0, at = bin; b < weights.length; b++, at += BINS) into[at] += weights[b];
        return this;
    }

    /** {@code count} rows of one grid bin at once, each with the same weights (a row's scores for many classes). */
    public ScoreGridReplicates addToBin(int bin, boolean positive, long count, int[] weights) {
        long[] into = positive ? positives : negatives;
        for (int b = 0, at = bin; b < weights.length; b++, at += BINS) into[at] += count * weights[b];
        return this;
    }

    public ScoreGridReplicates merge(ScoreGridReplicates other) {
        if (other.positives.length != positives.length) throw new IllegalArgumentException("cannot merge score grids of different sizes");
        for (int i = 0; i < positives.length; i++) {
            positives[i] += other.positives[i];
            negatives[i] += other.negatives[i];
        }
        return this;
    }

    public int replicates() {
        return positives.length / BINS;
    }

    /** Replicate {@code b}'s counts, each bin one score (its index). */
    public BinaryCounts binaryCounts(int b) {
        double[] grid = new double[BINS];
        for (int k = 0; k < BINS; k++) grid[k] = k;
        long[] p = java.util.Arrays.copyOfRange(positives, b * BINS, (b + 1) * BINS);
        long[] q = java.util.Arrays.copyOfRange(negatives, b * BINS, (b + 1) * BINS);
        return compact(grid, p, q);
    }

    /**
     * Replicate {@code b}'s recall and precision of the rule "positive when the score's bin is {@code bin} or above": the
     * grid's version of a threshold inside that bin (NaN where undefined).
     */
    public double[] recallPrecisionFrom(int b, int bin) {
        long tp = 0, fp = 0, p = 0;
        for (int k = 0; k < BINS; k++) {
            long pk = positives[b * BINS + k], nk = negatives[b * BINS + k];
            p += pk;
            if (k >= bin) {
                tp += pk;
                fp += nk;
            }
        }
        return new double[] {p == 0 ? Double.NaN : (double) tp / p, tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp)};
    }

    /** The same over the unweighted rows of {@code exact}: what {@link #recallPrecisionFrom} reads when every weight is 1. */
    public static double[] recallPrecisionFrom(ScoreCounts exact, int bin) {
        BinaryCounts c = exact.binaryCounts();
        long tp = 0, fp = 0;
        for (int k = 0; k < c.size(); k++)
            if (bin(c.thresholds[k]) >= bin) {
                tp = c.tps[k];
                fp = c.fps[k];
            }
        return new double[] {c.positives == 0 ? Double.NaN : (double) tp / c.positives, tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp)};
    }

    /** The unweighted rows of {@code exact} on the same grid: what a replicate would read if every weight were 1. */
    public static BinaryCounts onGrid(ScoreCounts exact) {
        BinaryCounts c = exact.binaryCounts();
        double[] grid = new double[BINS];
        long[] p = new long[BINS], q = new long[BINS];
        for (int k = 0; k < BINS; k++) grid[k] = k;
        long prevTp = 0, prevFp = 0;
        for (int k = 0; k < c.size(); k++) {
            int bin = bin(c.thresholds[k]);
            p[bin] += c.tps[k] - prevTp;
            q[bin] += c.fps[k] - prevFp;
            prevTp = c.tps[k];
            prevFp = c.fps[k];
        }
        return compact(grid, p, q);
    }

    /** Bins without rows are no threshold at all. */
    private static BinaryCounts compact(double[] grid, long[] p, long[] q) {
        int n = 0;
        for (int k = 0; k < grid.length; k++)
            if (p[k] + q[k] > 0) {
                grid[n] = grid[k];
                p[n] = p[k];
                q[n] = q[k];
                n++;
            }
        return BinaryCounts.ofDistinct(grid, p, q, n);
    }
}
