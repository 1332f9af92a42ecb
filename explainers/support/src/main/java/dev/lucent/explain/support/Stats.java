package dev.lucent.explain.support;

import java.util.Arrays;

/** Small statistics the explainers share. */
public final class Stats {
    private Stats() {
    }

    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
            2.056, 2.052, 2.048, 2.045, 2.042};

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom. */
    public static double t975(int df) {
        if (df < 1) return Double.NaN;
        if (df <= 30) return T975[df - 1];
        double z = 1.959963984540054;
        // Cornish-Fisher expansion: accurate to 1e-3 beyond 30 degrees of freedom
        return z + (z * z * z + z) / (4.0 * df);
    }

    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Sample standard deviation (n - 1); NaN for fewer than two values. */
    public static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** Half-width of the 95% t-interval of the mean; NaN for fewer than two values. */
    public static double ci95HalfWidth(double[] v) {
        if (v.length < 2) return Double.NaN;
        return t975(v.length - 1) * sd(v) / Math.sqrt(v.length);
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
}
