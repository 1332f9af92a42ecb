package dev.lucent.explain.drift;

import java.util.TreeSet;

/**
 * One feature's drift, reference against current: the test that fits its kind (Kolmogorov-Smirnov for numeric,
 * chi-squared for categorical), PSI and Jensen-Shannon distance on the same bins (deciles of the reference for numeric,
 * the categories for categorical), the Wasserstein distance in the feature's units, and an effect size to rank by
 * (numeric: Wasserstein over the reference's standard deviation; categorical: Cramér's V).
 *
 * @param adjustedP the Benjamini-Hochberg p-value over all the features compared (set by {@link #adjusted})
 */
record FeatureDrift(String feature, boolean categorical, TwoSample.Test test, double psi, double jensenShannon,
                    double wasserstein, double effect, double adjustedP) {

    /** Bins of PSI and Jensen-Shannon for a numeric feature: deciles of the reference. */
    static final int BINS = 10;

    /**
     * One column's drift from the counts of both sides on the plan's bins ({@link ColumnCounts}): with a bin per
     * distinct value (every categorical column, and a numeric one whose distinct values fit) these are the exact
     * tests of the rows themselves; with coarser bins KS is taken at the bins' edges and Wasserstein places each bin's
     * rows at its upper edge.
     *
     * @param categorical at most max-categories distinct values, all whole, in reference and current together (codes
     *                    such as sex 1/2 or a class index)
     * @param sd          the reference's population standard deviation (numeric effect size)
     */
    static FeatureDrift of(String feature, double[] edges, long[] reference, long[] current, boolean categorical, double sd) {
        long nr = 0, nc = 0;
        for (long x : reference) nr += x;
        for (long x : current) nc += x;
        double w = TwoSample.wasserstein(edges, reference, current);
        if (categorical) {
            TwoSample.Test chi = TwoSample.chiSquared(reference, current);
            double[] r = new double[edges.length], c = new double[edges.length];
            for (int k = 0; k < edges.length; k++) {
                r[k] = (double) reference[k] / nr;
                c[k] = (double) current[k] / nc;
            }
            return new FeatureDrift(feature, true, chi, TwoSample.psi(r, c), TwoSample.jensenShannon(r, c), w,
                    TwoSample.cramersV(chi.statistic(), nr + nc), Double.NaN);
        }
        double[] deciles = decileEdges(edges, reference, nr);
        double[] r = shares(edges, reference, deciles, nr), c = shares(edges, current, deciles, nc);
        return new FeatureDrift(feature, false, TwoSample.ks(reference, current), TwoSample.psi(r, c), TwoSample.jensenShannon(r, c),
                w, sd > 0 ? w / sd : (w > 0 ? Double.POSITIVE_INFINITY : 0), Double.NaN);
    }

    FeatureDrift adjusted(double p) {
        return new FeatureDrift(feature, categorical, test, psi, jensenShannon, wasserstein, effect, p);
    }

    /**
     * The inner edges of the reference's deciles (numpy's linear quantiles), repeated edges dropped, from its counts:
     * the i-th smallest reference value is the edge of the bin its rank falls in.
     */
    static double[] decileEdges(double[] edges, long[] reference, long n) {
        TreeSet<Double> out = new TreeSet<>();
        for (int k = 1; k < BINS; k++) {
            double pos = k / (double) BINS * (n - 1);
            long lo = (long) Math.floor(pos), hi = Math.min(lo + 1, n - 1);
            double a = orderStatistic(edges, reference, lo), b = orderStatistic(edges, reference, hi);
            out.add(a + (b - a) * (pos - lo));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double orderStatistic(double[] edges, long[] counts, long rank) {
        long seen = 0;
        for (int k = 0; k < edges.length; k++) {
            seen += counts[k];
            if (seen > rank) return edges[k];
        }
        return edges[edges.length - 1];
    }

    /** Shares of the binned values in the decile bins (-inf, d0], (d0, d1], ..., (d_last, inf). */
    static double[] shares(double[] edges, long[] counts, double[] deciles, long n) {
        double[] out = new double[deciles.length + 1];
        for (int k = 0; k < edges.length; k++) out[TwoSample.Histogram.bin(deciles, edges[k])] += counts[k];
        for (int k = 0; k < out.length; k++) out[k] /= n;
        return out;
    }

    /** Population standard deviation. */
    static double sd(double[] v) {
        double m = 0;
        for (double x : v) m += x;
        m /= v.length;
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }
}
