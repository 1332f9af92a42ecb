package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals: resample rows with replacement, recompute the statistic,
 * take the alpha/2 and 1 - alpha/2 quantiles (numpy's linear interpolation). Resamples where the statistic is
 * undefined (NaN, e.g. an AUC without positives) are left out. Seeded: same seed, same interval, bit for bit.
 */
final class Bootstrap {
    /** A statistic of the rows picked by {@code rows} (indices may repeat). */
    interface Statistic {
        double of(int[] rows);
    }

    /** Called between resamples so a long bootstrap can be cancelled. */
    interface Checkpoint {
        void check(int done, int total) throws AuditCancelledException;
    }

    record Interval(double lower, double upper, int used) {
    }

    private final int resamples;
    private final double confidence;

    Bootstrap(int resamples, double confidence) {
        if (resamples < 10) throw new IllegalArgumentException("bootstrap needs at least 10 resamples, got " + resamples);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        this.resamples = resamples;
        this.confidence = confidence;
    }

    double confidence() {
        return confidence;
    }

    Interval interval(int n, Statistic statistic, long seed, Checkpoint checkpoint) throws AuditCancelledException {
        return interval(new int[][] {identity(n)}, statistic, seed, checkpoint);
    }

    /**
     * Stratified: each group of row indices is resampled within itself, so group sizes stay fixed (used for
     * train-versus-test gaps and subgroup gaps, where each side's size is part of the design).
     */
    Interval interval(int[][] groups, Statistic statistic, long seed, Checkpoint checkpoint) throws AuditCancelledException {
        SplittableRandom rng = new SplittableRandom(seed);
        int total = 0;
        for (int[] g : groups) total += g.length;
        int[] rows = new int[total];
        double[] values = new double[resamples];
        int used = 0;
        for (int b = 0; b < resamples; b++) {
            if (b % 25 == 0 && checkpoint != null) checkpoint.check(b, resamples);
            int at = 0;
            for (int[] g : groups)
                for (int i = 0; i < g.length; i++) rows[at++] = g[rng.nextInt(g.length)];
            double v = statistic.of(rows);
            if (!Double.isNaN(v)) values[used++] = v;
        }
        if (used == 0) return new Interval(Double.NaN, Double.NaN, 0);
        double[] sorted = Arrays.copyOf(values, used);
        Arrays.sort(sorted);
        double alpha = 1 - confidence;
        return new Interval(quantile(sorted, alpha / 2), quantile(sorted, 1 - alpha / 2), used);
    }

    /** numpy.quantile's default ("linear") on sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
