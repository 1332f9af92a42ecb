package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bootstrap that merges: in replicate {@code b}, row {@code r} counts {@code weight(r, b)} times, a Poisson(1) draw
 * that depends only on the audit's seed, the row's id and {@code b} (SplitMix64 of the mixed key, no shared generator).
 * A summary keeps each replicate's weighted counts or exact sums, so blocks summarized anywhere merge into the same
 * replicates, and the interval is the percentile interval of the replicates' statistics (numpy's linear quantiles, as
 * {@link Bootstrap}). Unlike the classic bootstrap a replicate's size varies (Poisson around n rather than exactly n);
 * for n past a few dozen the intervals agree (Hanley and MacGibbon 2006; checked in the tests).
 */
public final class PoissonBootstrap {

    /** P(Poisson(1) <= k) for k = 0..; past the last entry (probability below 1e-17) the draw is the table's length. */
    private static final double[] CDF;

    static {
        double[] cdf = new double[20];
        double p = Math.exp(-1);
        double sum = 0;
        for (int k = 0; k < cdf.length; k++) {
            sum += p;
            cdf[k] = sum;
            p /= k + 1;
        }
        CDF = cdf;
    }

    private final int replicates;
    private final double confidence;
    private final long seed;

    public PoissonBootstrap(int replicates, double confidence, long seed) {
        if (replicates < 10) throw new IllegalArgumentException("bootstrap needs at least 10 resamples, got " + replicates);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        this.replicates = replicates;
        this.confidence = confidence;
        this.seed = seed;
    }

    /** From the parameters every bootstrap declares ({@link Parameters#bootstrap()}) and the audit's seed. */
    public static PoissonBootstrap of(AuditContext context) {
        return new PoissonBootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95),
                context.seed());
    }

    public int replicates() {
        return replicates;
    }

    public double confidence() {
        return confidence;
    }

    /** How many times row {@code rowId} counts in replicate {@code b}: Poisson(1), from the seed, row id and b alone. */
    public int weight(long rowId, int b) {
        long h = Seeds.mix(Seeds.mix(Seeds.mix(seed + 0x9e3779b97f4a7c15L) ^ rowId) + 0x9e3779b97f4a7c15L * (b + 1));
        double u = (h >>> 11) * 0x1.0p-53;
        int k = 0;
        while (k < CDF.length && u >= CDF[k]) k++;
        return k;
    }

    /** The row's weight in every replicate, into {@code into} (length {@link #replicates()}). */
    public int[] weights(long rowId, int[] into) {
        for (int b = 0; b < replicates; b++) into[b] = weight(rowId, b);
        return into;
    }

    /** The percentile interval of the replicates' statistics; NaN ones (undefined on that replicate) left out. */
    public Bootstrap.Interval interval(double[] statistics) {
        double[] kept = Arrays.stream(statistics).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (kept.length == 0) return new Bootstrap.Interval(Double.NaN, Double.NaN, 0);
        double alpha = 1 - confidence;
        return new Bootstrap.Interval(Bootstrap.quantile(kept, alpha / 2), Bootstrap.quantile(kept, 1 - alpha / 2), kept.length);
    }

    /** A metric with its Poisson-bootstrap interval; the note says how the interval was drawn. */
    public Metric metric(String title, Stage stage, String name, double value, Bootstrap.Interval ci, String note) {
        return new Metric(title, stage, name, value, ci.lower(), ci.upper(), confidence,
                note + String.format(Locale.ROOT, " (percentile Poisson bootstrap, %d replicates, row weights seeded by row id)", ci.used()));
    }
}
