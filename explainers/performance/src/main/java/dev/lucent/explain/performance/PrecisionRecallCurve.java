package dev.lucent.explain.performance;

import dev.lucent.explain.support.BinaryCounts;

/**
 * Precision against recall over all thresholds (sklearn's {@code precision_recall_curve}, with its final
 * point recall 0, precision 1) and the average precision {@code AP = sum_k (R_k - R_{k-1}) P_k}, sklearn's
 * step-wise PR-AUC (no interpolation, which would be optimistic). NaN when there are no positives.
 */
record PrecisionRecallCurve(double[] recall, double[] precision, double[] thresholds, double averagePrecision) {

    static PrecisionRecallCurve of(BinaryCounts c) {
        int n = c.size();
        // Ordered by increasing recall, i.e. decreasing threshold reversed, as sklearn returns it.
        double[] r = new double[n + 1];
        double[] p = new double[n + 1];
        double[] th = new double[n];
        for (int k = 0; k < n; k++) {
            int at = n - 1 - k;
            r[at] = c.positives == 0 ? Double.NaN : (double) c.tps[k] / c.positives;
            p[at] = (double) c.tps[k] / (c.tps[k] + c.fps[k]);
            th[at] = c.thresholds[k];
        }
        r[n] = 0;
        p[n] = 1;
        return new PrecisionRecallCurve(r, p, th, averagePrecision(c));
    }

    static double averagePrecision(BinaryCounts c) {
        if (c.positives == 0) return Double.NaN;
        double ap = 0;
        long prevTp = 0;
        for (int k = 0; k < c.size(); k++) {
            long gained = c.tps[k] - prevTp;
            if (gained > 0) ap += ((double) gained / c.positives) * ((double) c.tps[k] / (c.tps[k] + c.fps[k]));
            prevTp = c.tps[k];
        }
        return ap;
    }
}
