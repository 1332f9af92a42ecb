package dev.lucent.explain.support;

import dev.lucent.explain.api.partition.ExactSum;
import java.io.Serializable;

/**
 * The mergeable summary behind a reliability diagram: per equal-width bin (as {@link Calibration} places values), the
 * rows, the rows that are hits (long counts) and the exact sum of their confidences ({@link ExactSum}), so bins filled
 * from any split of the rows and merged in any order read the same bits. A row of weight w counts w times.
 */
public final class CalibrationBins implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] rows;
    private final long[] hits;
    private final ExactSum[] confidence;
    private transient double[] edges;

    public CalibrationBins(int bins) {
        if (bins < 1) throw new IllegalArgumentException("need at least one bin, got " + bins);
        rows = new long[bins];
        hits = new long[bins];
        confidence = new ExactSum[bins];
        for (int b = 0; b < bins; b++) confidence[b] = new ExactSum();
    }

    /** Edges {@code i * (1/bins)}, the last exactly 1 (numpy.linspace(0, 1, bins + 1)). */
    private double[] edges() {
        if (edges == null) {
            int bins = rows.length;
            double[] e = new double[bins + 1];
            double step = 1.0 / bins;
            for (int i = 0; i <= bins; i++) e[i] = i * step;
            e[bins] = 1.0;
            edges = e;
        }
        return edges;
    }

    /** One row of confidence {@code c} (in [0, 1]), {@code weight} times. */
    public CalibrationBins add(double c, boolean hit, int weight) {
        if (!(c >= 0 && c <= 1)) throw new IllegalArgumentException("a confidence of " + c + " lies outside [0, 1]");
        if (weight == 0) return this;
        int b = Calibration.bin(edges(), c);
        rows[b] += weight;
        if (hit) hits[b] += weight;
        for (int k = 0; k < weight; k++) confidence[b].add(c);
        return this;
    }

    public CalibrationBins merge(CalibrationBins other) {
        if (other.rows.length != rows.length)
            throw new IllegalArgumentException("cannot merge " + other.rows.length + " calibration bins into " + rows.length);
        for (int b = 0; b < rows.length; b++) {
            rows[b] += other.rows[b];
            hits[b] += other.hits[b];
            confidence[b].merge(other.confidence[b]);
        }
        return this;
    }

    /** {@code sum_b (n_b / n) |observed_b - mean confidence_b|} over the non-empty bins; NaN without rows. */
    static double ece(long[] rows, double[] observed, double[] meanConfidence, long n) {
        double ece = 0;
        for (int b = 0; b < rows.length; b++) ece += (double) rows[b] / n * Math.abs(observed[b] - meanConfidence[b]);
        return n == 0 ? Double.NaN : ece;
    }

    /** The edges of {@code bins} equal-width bins on [0, 1]. */
    static double[] edges(int bins) {
        return new CalibrationBins(bins).edges();
    }

    /** The diagram and ECE of the rows added: only non-empty bins appear, as {@link Calibration#of} gives them. */
    public Calibration calibration() {
        int bins = rows.length;
        int nonEmpty = 0;
        long n = 0;
        for (long k : rows) {
            if (k > 0) nonEmpty++;
            n += k;
        }
        double[] mc = new double[nonEmpty];
        double[] ob = new double[nonEmpty];
        long[] cn = new long[nonEmpty];
        int[] bi = new int[nonEmpty];
        int at = 0;
        for (int b = 0; b < bins; b++) {
            if (rows[b] == 0) continue;
            mc[at] = confidence[b].value() / rows[b];
            ob[at] = (double) hits[b] / rows[b];
            cn[at] = rows[b];
            bi[at] = b;
            at++;
        }
        double ece = ece(cn, ob, mc, n);
        return new Calibration(mc, ob, cn, bi, ece);
    }
}
