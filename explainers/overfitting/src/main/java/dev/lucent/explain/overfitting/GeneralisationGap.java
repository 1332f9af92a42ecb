package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Bootstrap;

/**
 * The generalisation gap: mean held-out value minus mean training value of a per-row quantity (loss, or
 * error = 1 - correct), with a bootstrap interval that resamples each split within itself.
 */
record GeneralisationGap(double train, double heldOut, double gap, Bootstrap.Interval interval) {

    static GeneralisationGap of(double[] trainValues, double[] heldOutValues, Bootstrap bootstrap, long seed,
                                Bootstrap.Checkpoint checkpoint) throws AuditCancelledException {
        int n = trainValues.length;
        double[] all = new double[n + heldOutValues.length];
        System.arraycopy(trainValues, 0, all, 0, n);
        System.arraycopy(heldOutValues, 0, all, n, heldOutValues.length);
        int[] trainRows = Bootstrap.identity(n);
        int[] heldRows = new int[heldOutValues.length];
        for (int i = 0; i < heldRows.length; i++) heldRows[i] = n + i;
        // Resampled rows arrive as the train group then the held-out group, each of its own size.
        Bootstrap.Statistic stat = rows -> {
            double t = 0;
            double h = 0;
            for (int i = 0; i < n; i++) t += all[rows[i]];
            for (int i = n; i < rows.length; i++) h += all[rows[i]];
            return h / (rows.length - n) - t / n;
        };
        double t = PerRowLoss.mean(trainValues, trainRows);
        double h = PerRowLoss.mean(heldOutValues, Bootstrap.identity(heldOutValues.length));
        Bootstrap.Interval ci = bootstrap.interval(new int[][] {trainRows, heldRows}, stat, seed, checkpoint);
        return new GeneralisationGap(t, h, h - t, ci);
    }
}
