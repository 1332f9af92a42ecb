package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Bootstrap;

/**
 * Accuracy of two classifiers on the same rows and the difference {@code network - baseline} with a paired
 * bootstrap interval (both judged on the same resampled rows, so row difficulty cancels out). The network beats
 * the baseline as the one tolerance rule judges the difference against {@code min-advantage} ({@link Baseline#compare}).
 */
record PairedComparison(double networkAccuracy, double baselineAccuracy, double difference, Bootstrap.Interval differenceInterval,
                        Bootstrap.Interval baselineInterval) {

    static PairedComparison of(int[] truth, int[] network, int[] baseline, Bootstrap bootstrap, long seed,
                               Bootstrap.Checkpoint checkpoint) throws AuditCancelledException {
        int n = truth.length;
        if (network.length != n || baseline.length != n)
            throw new IllegalArgumentException(n + " labels, " + network.length + " and " + baseline.length + " predictions");
        Bootstrap.Statistic diff = rows -> {
            long s = 0;
            for (int r : rows) s += (network[r] == truth[r] ? 1 : 0) - (baseline[r] == truth[r] ? 1 : 0);
            return (double) s / rows.length;
        };
        Bootstrap.Statistic base = rows -> {
            long s = 0;
            for (int r : rows) if (baseline[r] == truth[r]) s++;
            return (double) s / rows.length;
        };
        int[] all = Bootstrap.identity(n);
        double b = base.of(all);
        double d = diff.of(all);
        return new PairedComparison(b + d, b, d, bootstrap.interval(n, diff, seed, checkpoint), bootstrap.interval(n, base, seed, null));
    }
}
