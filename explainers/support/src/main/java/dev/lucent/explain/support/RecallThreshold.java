package dev.lucent.explain.support;

/**
 * The highest decision threshold (predict positive when score >= threshold) whose recall reaches the required
 * one, and what it costs: the precision and false-positive rate there. Highest, because among thresholds
 * meeting the recall it gives up the fewest false alarms. Lowering the threshold to the smallest score always
 * reaches recall 1, so a threshold exists whenever there are positives.
 */
public record RecallThreshold(double required, double threshold, double recall, double precision, double falsePositiveRate,
                       long truePositives, long falsePositives) {

    public static RecallThreshold find(BinaryCounts c, double required) {
        if (!(required > 0 && required <= 1)) throw new IllegalArgumentException("required recall must lie in (0, 1], got " + required);
        if (c.positives == 0) throw new IllegalArgumentException("no positive rows: recall is undefined");
        for (int k = 0; k < c.size(); k++) {
            double recall = (double) c.tps[k] / c.positives;
            if (recall >= required) {
                return new RecallThreshold(required, c.thresholds[k], recall,
                        (double) c.tps[k] / (c.tps[k] + c.fps[k]),
                        c.negatives == 0 ? Double.NaN : (double) c.fps[k] / c.negatives, c.tps[k], c.fps[k]);
            }
        }
        throw new IllegalStateException("recall 1 is reached at the lowest score; unreachable");
    }

    /** Recall and precision of the fixed rule "positive when score >= threshold" on the given rows. */
    public static double[] recallPrecisionAt(double[] scores, boolean[] positive, int[] rows, double threshold) {
        long tp = 0;
        long fp = 0;
        long p = 0;
        for (int r : rows) {
            boolean predicted = scores[r] >= threshold;
            if (positive[r]) {
                p++;
                if (predicted) tp++;
            } else if (predicted) fp++;
        }
        return new double[] {p == 0 ? Double.NaN : (double) tp / p, tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp)};
    }
}
