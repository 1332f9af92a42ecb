package dev.lucent.explain.support;

import dev.lucent.explain.api.attribution.Intervals;
import java.util.Arrays;

/** Small statistics the explainers share (the mean and its interval are the exported {@link Intervals}). */
public final class Stats {
    private Stats() {
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom. */
    public static double t975(int df) {
        return Intervals.t975(df);
    }

    public static double mean(double[] v) {
        return Intervals.mean(v);
    }

    /** Sample standard deviation (n - 1); NaN for fewer than two values. */
    public static double sd(double[] v) {
        return Intervals.sd(v);
    }

    /** Half-width of the 95% t-interval of the mean; NaN for fewer than two values. */
    public static double ci95HalfWidth(double[] v) {
        return Intervals.ci95HalfWidth(v);
    }

    /** Ranks 1..n with ties given their average rank. */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && Double.compare(v[order[j + 1]], v[order[i]]) == 0) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[order[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    /** Pearson correlation; NaN when either side is constant. */
    public static double pearson(double[] a, double[] b) {
        double ma = mean(a), mb = mean(b);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        if (saa == 0 || sbb == 0) return Double.NaN;
        return sab / Math.sqrt(saa * sbb);
    }

    /** Spearman rank correlation (Pearson on tie-averaged ranks); NaN when either side is constant. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length + " values");
        return pearson(ranks(a), ranks(b));
    }

    /**
     * The area under the ROC curve of scores that should rank {@code positives} above {@code negatives}: P(positive >
     * negative) + 1/2 P(equal), the Mann-Whitney U over (m n), by sorting both and merging; NaN when a side is empty.
     */
    public static double auc(double[] positives, double[] negatives) {
        if (positives.length == 0 || negatives.length == 0) return Double.NaN;
        double[] a = positives.clone();
        double[] b = negatives.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        double u = 0;
        int lo = 0; // negatives strictly below a[i]
        int hi = 0; // negatives at most a[i]
        for (double v : a) {
            while (lo < b.length && b[lo] < v) lo++;
            while (hi < b.length && b[hi] <= v) hi++;
            u += lo + 0.5 * (hi - lo); // a positive beats every smaller negative; ties count half
        }
        return u / ((double) a.length * b.length);
    }
}
