package dev.lucent.explain.support;

import java.io.Serializable;

/**
 * The Poisson-bootstrap replicates of {@link CalibrationBins}, in flat long arrays so that a thousand replicates stay
 * a few hundred kilobytes and cheap to fill, send and merge: per replicate and bin the weighted rows, hits and the sum of
 * confidences in fixed point ({@code round(c * 2^32)}, a long sum, exact and order-free). The fixed point moves a bin's
 * mean confidence by at most 2^-33 (1.2e-10), which the replicates' ECEs, read only for the interval's percentiles, do
 * not show; the point estimate comes from the exact {@link CalibrationBins}. Sums stay exact up to 2^31 weighted rows.
 */
public final class CalibrationReplicates implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final double SCALE = 0x1.0p32;

    private final int bins;
    private final long[] rows;
    private final long[] hits;
    private final long[] confidence;
    private transient double[] edges;

    public CalibrationReplicates(int replicates, int bins) {
        this.bins = bins;
        rows = new long[replicates * bins];
        hits = new long[replicates * bins];
        confidence = new long[replicates * bins];
    }

    /** One row of confidence {@code c} (in [0, 1]) with its weight in every replicate. */
    public CalibrationReplicates add(double c, boolean hit, int[] weights) {
        if (!(c >= 0 && c <= 1)) throw new IllegalArgumentException("a confidence of " + c + " lies outside [0, 1]");
        if (edges == null) edges = CalibrationBins.edges(bins);
        int bin = Calibration.bin(edges, c);
        long fixed = Math.round(c * SCALE);
        for (int b = 0, at = bin; b < weights.length; b++, at += bins) {
            int w = weights[b];
            if (w == 0) continue;
            rows[at] += w;
            if (hit) hits[at] += w;
            confidence[at] += w * fixed;
        }
        return this;
    }

    public CalibrationReplicates merge(CalibrationReplicates other) {
        if (other.rows.length != rows.length || other.bins != bins)
            throw new IllegalArgumentException("cannot merge calibration replicates of different shapes");
        for (int i = 0; i < rows.length; i++) {
            rows[i] += other.rows[i];
            hits[i] += other.hits[i];
            confidence[i] += other.confidence[i];
        }
        return this;
    }

    public int replicates() {
        return rows.length / bins;
    }

    /** Replicate {@code b}'s expected calibration error; NaN when it drew no rows. */
    public double ece(int b) {
        long n = 0;
        long[] r = new long[bins];
        double[] observed = new double[bins], mean = new double[bins];
        for (int k = 0; k < bins; k++) {
            int at = b * bins + k;
            r[k] = rows[at];
            n += rows[at];
            if (rows[at] == 0) continue;
            observed[k] = (double) hits[at] / rows[at];
            mean[k] = confidence[at] / SCALE / rows[at];
        }
        return CalibrationBins.ece(r, observed, mean, n);
    }
}
