package dev.lucent.explain.support;

/**
 * Intervals for proportions that stay honest at 0 and 1 (a small held-out set scored 100% has no bootstrap spread):
 * Wilson's score interval for one proportion and Newcombe's hybrid score interval (method 10) for the difference of
 * two independent ones. Newcombe, Statistics in Medicine 17 (1998) 873-890.
 */
public final class Proportions {
    private Proportions() {
    }

    public record Interval(double lower, double upper) {
    }

    /** Wilson's score interval for k successes in n at normal quantile z. */
    public static Interval wilson(long k, long n, double z) {
        double p = (double) k / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** Newcombe's interval for p2 - p1 (k2/n2 minus k1/n1) from the two Wilson intervals. */
    public static Interval difference(long k1, long n1, long k2, long n2, double z) {
        double p1 = (double) k1 / n1, p2 = (double) k2 / n2, d = p2 - p1;
        Interval a = wilson(k1, n1, z), b = wilson(k2, n2, z);
        return new Interval(d - Math.sqrt(sq(p2 - b.lower()) + sq(a.upper() - p1)), d + Math.sqrt(sq(b.upper() - p2) + sq(p1 - a.lower())));
    }

    private static double sq(double v) {
        return v * v;
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("a probability in (0, 1), got " + p);
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double lo = 0.02425;
        if (p < lo) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - lo) return -normalQuantile(1 - p);
        double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
