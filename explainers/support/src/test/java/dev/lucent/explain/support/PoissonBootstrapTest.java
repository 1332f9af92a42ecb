package dev.lucent.explain.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Poisson bootstrap against what a bootstrap must do: Poisson(1) weights, ~95% coverage, the classic one's width. */
class PoissonBootstrapTest {

    @Test
    void weightsArePoissonOneAndDependOnlyOnSeedRowAndReplicate() {
        PoissonBootstrap boot = new PoissonBootstrap(200, 0.95, 42);
        long[] counts = new long[8];
        long n = 0;
        double sum = 0, sq = 0;
        for (long row = 0; row < 5000; row++)
            for (int b = 0; b < 200; b++) {
                int w = boot.weight(row, b);
                counts[Math.min(w, 7)]++;
                sum += w;
                sq += (double) w * w;
                n++;
            }
        // P(0) = P(1) = e^-1, P(2) = e^-1 / 2, P(3) = e^-1 / 6: each within 5 standard errors of 10^6 draws
        double[] expected = {Math.exp(-1), Math.exp(-1), Math.exp(-1) / 2, Math.exp(-1) / 6};
        for (int k = 0; k < expected.length; k++) {
            double se = Math.sqrt(expected[k] * (1 - expected[k]) / n);
            assertEquals(expected[k], (double) counts[k] / n, 5 * se, "P(weight = " + k + ")");
        }
        assertEquals(1.0, sum / n, 0.005, "mean weight");
        assertEquals(1.0, sq / n - (sum / n) * (sum / n), 0.01, "variance of the weight");
        // the same key, the same weight, in any order and on a fresh instance; another seed, other weights
        PoissonBootstrap again = new PoissonBootstrap(200, 0.95, 42);
        PoissonBootstrap other = new PoissonBootstrap(200, 0.95, 43);
        int differ = 0;
        for (long row = 999; row >= 0; row--) {
            assertEquals(boot.weight(row, 17), again.weight(row, 17));
            if (boot.weight(row, 17) != other.weight(row, 17)) differ++;
        }
        assertTrue(differ > 300, "another seed changed " + differ + " of 1000 weights");
        // neighbouring rows and replicates are not correlated
        double cross = 0;
        for (long row = 0; row < 20000; row++) cross += (boot.weight(row, 0) - 1.0) * (boot.weight(row + 1, 0) - 1.0)
                + (boot.weight(row, 0) - 1.0) * (boot.weight(row, 1) - 1.0);
        assertEquals(0, cross / 40000, 0.03, "covariance of neighbouring weights");
    }

    /**
     * 1,000 simulated data sets of 300 rows from a known proportion 0.3: the 95% interval of the proportion from weighted
     * counts must cover 0.3 in 95% of them, within three binomial standard errors (0.0069 each), and be about as wide as
     * the classic bootstrap's on the same data.
     */
    @Test
    void coversAKnownProportionAndIsAsWideAsTheClassicBootstrap() throws Exception {
        double p = 0.3;
        int n = 300, sets = 1000, replicates = 400;
        SplittableRandom data = new SplittableRandom(7);
        int covered = 0;
        double widthPoisson = 0, widthClassic = 0;
        Bootstrap classic = new Bootstrap(replicates, 0.95);
        for (int s = 0; s < sets; s++) {
            boolean[] hit = new boolean[n];
            for (int i = 0; i < n; i++) hit[i] = data.nextDouble() < p;
            PoissonBootstrap boot = new PoissonBootstrap(replicates, 0.95, 1000 + s);
            long[] weight = new long[replicates], hits = new long[replicates];
            int[] w = new int[replicates];
            for (int i = 0; i < n; i++) {
                boot.weights(i, w);
                for (int b = 0; b < replicates; b++) {
                    weight[b] += w[b];
                    if (hit[i]) hits[b] += w[b];
                }
            }
            double[] stat = new double[replicates];
            for (int b = 0; b < replicates; b++) stat[b] = weight[b] == 0 ? Double.NaN : (double) hits[b] / weight[b];
            Bootstrap.Interval ci = boot.interval(stat);
            if (ci.lower() <= p && p <= ci.upper()) covered++;
            widthPoisson += ci.upper() - ci.lower();
            Bootstrap.Interval c = classic.interval(n, rows -> {
                int k = 0;
                for (int r : rows) if (hit[r]) k++;
                return (double) k / rows.length;
            }, 2000 + s, null);
            widthClassic += c.upper() - c.lower();
        }
        double coverage = (double) covered / sets;
        double se = Math.sqrt(0.95 * 0.05 / sets);
        assertEquals(0.95, coverage, 3 * se, "coverage of the 95% interval over " + sets + " data sets");
        double ratio = widthPoisson / widthClassic;
        System.out.printf(java.util.Locale.ROOT, "Poisson bootstrap: coverage %.3f, width ratio to classic %.3f%n", coverage, ratio);
        // both estimate 2 * 1.96 * sqrt(p(1-p)/n) = 0.104; replicate sizes varying by sqrt(n) may widen the Poisson one slightly
        assertEquals(1.0, ratio, 0.05, "Poisson over classic bootstrap interval width");
        assertEquals(2 * 1.96 * Math.sqrt(p * (1 - p) / n), widthPoisson / sets, 0.005, "mean width against the normal approximation");
    }
}
