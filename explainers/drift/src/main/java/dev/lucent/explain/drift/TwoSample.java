package dev.lucent.explain.drift;

import java.util.Arrays;

/**
 * Two-sample statistics of one feature, reference against current: the kernels only (no audit bookkeeping). Each
 * follows the definition its source gives (docs/drift.md): KS and its p-value as scipy.stats.ks_2samp, the
 * chi-squared test of homogeneity as scipy.stats.chi2_contingency without Yates' correction, the Wasserstein-1
 * distance as scipy.stats.wasserstein_distance, the Jensen-Shannon distance as scipy.spatial.distance.jensenshannon
 * (base 2), the population stability index as Siddiqi (2006), Benjamini and Hochberg (1995) adjusted p-values as
 * statsmodels' fdr_bh.
 */
final class TwoSample {
    private TwoSample() {
    }

    /** A statistic with its p-value (and degrees of freedom where the test has them, else 0). */
    record Test(double statistic, double p, int df) {
    }

    /** Above this many pairs n1 * n2 the KS p-value is the asymptotic one (the exact count is quadratic). */
    static final long EXACT_KS_PAIRS = 25_000_000L;

    /**
     * The two-sided Kolmogorov-Smirnov test: D = sup |F_ref - F_cur| over the pooled values (ties handled as the
     * empirical CDFs have them); the p-value counts the lattice paths that stay inside |i/n1 - j/n2| < D, exactly as
     * scipy's method 'exact', or Kolmogorov's limit for large samples as scipy's 'asymp'.
     */
    static Test ks(double[] reference, double[] current) {
        Histogram h = Histogram.of(reference, current);
        return ks(h.reference(), h.current());
    }

    /**
     * The same test from counts on common bins in increasing order (a bin per distinct value gives scipy's exact D;
     * coarser bins give D at the bins' edges, a lower bound): what merged partitions hold.
     */
    static Test ks(long[] reference, long[] current) {
        long n1 = 0, n2 = 0;
        for (long c : reference) n1 += c;
        for (long c : current) n2 += c;
        long i = 0, j = 0;
        long best = 0; // |i * n2 - j * n1|, D times n1 * n2, kept whole so the path count compares exactly
        for (int k = 0; k < reference.length; k++) {
            i += reference[k];
            j += current[k];
            best = Math.max(best, Math.abs(i * n2 - j * n1));
        }
        double d = best / ((double) n1 * n2);
        double p = n1 * n2 <= EXACT_KS_PAIRS ? ksExactP((int) n1, (int) n2, best) : ksAsymptoticP(d, n1, n2);
        return new Test(d, Math.min(1, Math.max(0, p)), 0);
    }

    /** Counts of two samples on the same increasing bins, each bin's mass at its upper edge {@code edges[k]}. */
    record Histogram(double[] edges, long[] reference, long[] current) {
        /** One bin per distinct value of the two samples together: nothing is lost. */
        static Histogram of(double[] reference, double[] current) {
            double[] all = new double[reference.length + current.length];
            System.arraycopy(reference, 0, all, 0, reference.length);
            System.arraycopy(current, 0, all, reference.length, current.length);
            double[] edges = java.util.stream.DoubleStream.of(all).map(v -> v + 0.0).sorted().distinct().toArray();
            return new Histogram(edges, counts(reference, edges), counts(current, edges));
        }

        /** Counts of {@code v} in the bins (-inf, e0], (e0, e1], ..., (e_last-1, e_last]; no value lies above e_last. */
        static long[] counts(double[] v, double[] edges) {
            long[] out = new long[edges.length];
            for (double x : v) out[bin(edges, x)]++;
            return out;
        }

        static int bin(double[] edges, double x) {
            int k = Arrays.binarySearch(edges, x + 0.0);
            return k >= 0 ? k : -k - 1;
        }
    }

    /**
     * P(D >= d) under the null: 1 - the share of monotone paths from (0,0) to (n1,n2) that keep |i n2 - j n1| < h.
     * u(i,j) is the share of paths to (i,j) that stayed inside, so u(i,j) = u(i-1,j) i/(i+j) + u(i,j-1) j/(i+j)
     * (dividing the path counts by C(i+j, i) keeps every value in [0, 1]).
     */
    static double ksExactP(int n1, int n2, long h) {
        if (h <= 0) return 1;
        double[] u = new double[n2 + 1];
        u[0] = 1;
        for (int j = 1; j <= n2; j++) u[j] = (long) j * n1 < h ? u[j - 1] : 0;
        for (int i = 1; i <= n1; i++) {
            u[0] = (long) i * n2 < h ? u[0] : 0;
            for (int j = 1; j <= n2; j++) {
                if (Math.abs((long) i * n2 - (long) j * n1) >= h) {
                    u[j] = 0;
                } else {
                    double s = i + j;
                    u[j] = u[j] * (i / s) + u[j - 1] * (j / s);
                }
            }
        }
        return 1 - u[n2];
    }

    /** Kolmogorov's limiting distribution at sqrt(n1 n2 / (n1 + n2)) D: 2 sum (-1)^(k-1) exp(-2 k^2 x^2). */
    static double ksAsymptoticP(double d, long n1, long n2) {
        double x = d * Math.sqrt((double) n1 * n2 / (n1 + n2));
        if (x < 0.2) return 1;
        double s = 0;
        for (int k = 1; k <= 100; k++) {
            double t = Math.exp(-2.0 * k * k * x * x);
            s += (k % 2 == 1 ? t : -t);
            if (t < 1e-17) break;
        }
        return 2 * s;
    }

    /**
     * The chi-squared test of homogeneity of two count vectors over the same categories (a 2 x k table): categories
     * empty on both sides are dropped; df = categories - 1.
     */
    static Test chiSquared(long[] reference, long[] current) {
        long n1 = 0, n2 = 0;
        for (long c : reference) n1 += c;
        for (long c : current) n2 += c;
        double n = n1 + n2, chi = 0;
        int used = 0;
        for (int k = 0; k < reference.length; k++) {
            long col = reference[k] + current[k];
            if (col == 0) continue;
            used++;
            double e1 = n1 * col / n, e2 = n2 * col / n;
            chi += (reference[k] - e1) * (reference[k] - e1) / e1 + (current[k] - e2) * (current[k] - e2) / e2;
        }
        int df = used - 1;
        return new Test(chi, df <= 0 ? 1 : upperGamma(df / 2.0, chi / 2), Math.max(df, 0));
    }

    /** Cramér's V of a 2 x k table: sqrt(chi^2 / n) (min(rows, columns) - 1 = 1). */
    static double cramersV(double chi, long n) {
        return n == 0 ? 0 : Math.sqrt(chi / n);
    }

    /** The smallest share a bin is given in PSI and JS, so an empty bin does not make the index infinite. */
    static final double FLOOR = 1e-4;

    /** Population stability index: sum (c - r) ln(c / r) over bins, shares floored at {@link #FLOOR}. */
    static double psi(double[] referenceShares, double[] currentShares) {
        double s = 0;
        for (int k = 0; k < referenceShares.length; k++) {
            double r = Math.max(referenceShares[k], FLOOR), c = Math.max(currentShares[k], FLOOR);
            s += (c - r) * Math.log(c / r);
        }
        return s;
    }

    /** Jensen-Shannon distance, base 2 (in [0, 1]): the square root of the mean KL divergence from the midpoint. */
    static double jensenShannon(double[] p, double[] q) {
        double sp = 0, sq = 0;
        for (int k = 0; k < p.length; k++) {
            sp += p[k];
            sq += q[k];
        }
        double js = 0;
        for (int k = 0; k < p.length; k++) {
            double a = p[k] / sp, b = q[k] / sq, m = (a + b) / 2;
            if (a > 0) js += 0.5 * a * Math.log(a / m);
            if (b > 0) js += 0.5 * b * Math.log(b / m);
        }
        return Math.sqrt(Math.max(0, js) / Math.log(2));
    }

    /** Wasserstein-1 distance of two samples: the area between their empirical CDFs, in the values' units. */
    static double wasserstein(double[] reference, double[] current) {
        Histogram h = Histogram.of(reference, current);
        return wasserstein(h.edges(), h.reference(), h.current());
    }

    /**
     * The same area from counts on common bins, each bin's mass at its upper edge (exact when a bin holds one
     * value; else off by at most the bins' widths). Bins empty on both sides are stepped over.
     */
    static double wasserstein(double[] edges, long[] reference, long[] current) {
        long na = 0, nb = 0;
        for (long c : reference) na += c;
        for (long c : current) nb += c;
        long i = 0, j = 0;
        double area = 0, prev = Double.NaN;
        for (int k = 0; k < edges.length; k++) {
            if (reference[k] == 0 && current[k] == 0) continue;
            double v = edges[k];
            if (!Double.isNaN(prev)) area += Math.abs((double) i / na - (double) j / nb) * (v - prev);
            i += reference[k];
            j += current[k];
            prev = v;
        }
        return area;
    }

    /**
     * Benjamini-Hochberg adjusted p-values, in the input's order: p_(i) m / i made monotone from the largest down,
     * capped at 1. A feature drifts at false discovery rate q when its adjusted p-value is below q.
     */
    static double[] benjaminiHochberg(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adj = new double[m];
        double min = 1;
        for (int r = m - 1; r >= 0; r--) {
            min = Math.min(min, p[order[r]] * m / (r + 1));
            adj[order[r]] = min;
        }
        return adj;
    }

    /** The regularized upper incomplete gamma function Q(a, x) (Numerical Recipes 6.2: series or continued fraction). */
    static double upperGamma(double a, double x) {
        if (x <= 0) return 1;
        if (x < a + 1) {
            double sum = 1 / a, term = sum;
            for (int n = 1; n < 1000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
            }
            return Math.max(0, 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a)));
        }
        double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < 1e-300) d = 1e-300;
            c = b + an / c;
            if (Math.abs(c) < 1e-300) c = 1e-300;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) break;
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Gamma(x), Lanczos (g = 7, n = 9), good to about 1e-15 for x > 0. */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) a += c[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
