package dev.lucent.explain.drift;

import java.util.Arrays;
import java.util.TreeMap;
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
     * A feature is categorical when it takes at most {@code maxCategories} distinct values, all whole numbers, in
     * reference and current together (codes such as sex 1/2 or a class index).
     */
    static FeatureDrift of(String feature, double[] reference, double[] current, int maxCategories) {
        TreeSet<Double> distinct = new TreeSet<>();
        boolean whole = true;
        for (double[] side : new double[][] {reference, current})
            for (double v : side) {
                whole &= v == Math.rint(v);
                if (distinct.size() <= maxCategories) distinct.add(v);
            }
        if (whole && distinct.size() <= maxCategories) return categorical(feature, reference, current, distinct.toArray(new Double[0]));
        double[] edges = decileEdges(reference);
        double[] r = shares(reference, edges), c = shares(current, edges);
        double sd = sd(reference);
        double w = TwoSample.wasserstein(reference, current);
        return new FeatureDrift(feature, false, TwoSample.ks(reference, current), TwoSample.psi(r, c), TwoSample.jensenShannon(r, c),
                w, sd > 0 ? w / sd : (w > 0 ? Double.POSITIVE_INFINITY : 0), Double.NaN);
    }

    static FeatureDrift categorical(String feature, double[] reference, double[] current, Double[] values) {
        long[] rc = counts(reference, values), cc = counts(current, values);
        TwoSample.Test chi = TwoSample.chiSquared(rc, cc);
        double[] r = new double[values.length], c = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            r[k] = (double) rc[k] / reference.length;
            c[k] = (double) cc[k] / current.length;
        }
        return new FeatureDrift(feature, true, chi, TwoSample.psi(r, c), TwoSample.jensenShannon(r, c),
                TwoSample.wasserstein(reference, current), TwoSample.cramersV(chi.statistic(), reference.length + current.length),
                Double.NaN);
    }

    FeatureDrift adjusted(double p) {
        return new FeatureDrift(feature, categorical, test, psi, jensenShannon, wasserstein, effect, p);
    }

    private static long[] counts(double[] v, Double[] values) {
        TreeMap<Double, Integer> at = new TreeMap<>();
        for (int k = 0; k < values.length; k++) at.put(values[k], k);
        long[] out = new long[values.length];
        for (double x : v) out[at.get(x)]++;
        return out;
    }

    /** The inner edges of the reference's deciles (numpy's linear quantiles), repeated edges dropped. */
    static double[] decileEdges(double[] reference) {
        double[] s = reference.clone();
        Arrays.sort(s);
        TreeSet<Double> edges = new TreeSet<>();
        for (int k = 1; k < BINS; k++) edges.add(dev.lucent.explain.support.Bootstrap.quantile(s, k / (double) BINS));
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Shares of values in the bins (-inf, e0], (e0, e1], ..., (e_last, inf). */
    static double[] shares(double[] v, double[] edges) {
        double[] out = new double[edges.length + 1];
        for (double x : v) {
            int k = Arrays.binarySearch(edges, x);
            out[k >= 0 ? k : -k - 1]++;
        }
        for (int k = 0; k < out.length; k++) out[k] /= v.length;
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
