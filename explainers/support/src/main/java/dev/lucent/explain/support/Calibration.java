package dev.lucent.explain.support;


/**
 * Reliability diagram and expected calibration error over equal-width bins on [0, 1].
 *
 * <p>Bins as sklearn's {@code calibration_curve(strategy="uniform")}: edges {@code i * (1/bins)}, a value goes to
 * the bin {@code numpy.searchsorted(inner edges, value)} (side "left", as sklearn calls it), so a bin holds
 * values above its lower edge up to and including its upper edge, 0.0 falls in the first bin and 1.0 in the last. {@code ECE = sum_b (n_b / n) |observed_b - mean confidence_b|} (Naeini et al. 2015, Guo et
 * al. 2017), empty bins contributing nothing. "Confidence" and "observed" are what the caller passes: the
 * positive-class probability and whether the row is positive (binary), or the top-label probability and whether
 * the top label is right (multi-class).
 */
public record Calibration(double[] meanConfidence, double[] observed, long[] counts, int[] bins, double ece) {

    public static final int DEFAULT_BINS = 15;

    public static Calibration of(double[] confidence, boolean[] hit, int bins) {
        return of(confidence, hit, bins, Bootstrap.identity(confidence.length));
    }

    /**
     * Only non-empty bins appear in the arrays; {@code counts} says how many rows each holds, {@code bins} which bin it
     * is. The bins are a {@link CalibrationBins}, the summary a partitioned explainer merges.
     */
    public static Calibration of(double[] confidence, boolean[] hit, int bins, int[] rows) {
        if (bins < 1) throw new IllegalArgumentException("need at least one bin, got " + bins);
        if (confidence.length != hit.length)
            throw new IllegalArgumentException(confidence.length + " confidences but " + hit.length + " outcomes");
        CalibrationBins summary = new CalibrationBins(bins);
        for (int r : rows) {
            double c = confidence[r];
            if (!(c >= 0 && c <= 1)) throw new IllegalArgumentException("confidence of row " + r + " is " + c + ", outside [0, 1]");
            summary.add(c, hit[r], 1);
        }
        return summary.calibration();
    }

    /** Number of inner edges (edges[1..bins-1]) below the value: numpy.searchsorted(side="left"). */
    public static int bin(double[] edges, double value) {
        int b = 0;
        for (int i = 1; i < edges.length - 1; i++) if (edges[i] < value) b = i;
        return b;
    }
}
