package dev.lucent.explain.api.attribution;

/** The mean and its 95% Student-t interval, as every Lucent finding states uncertainty. */
public final class Intervals {
    private Intervals() {
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
}
