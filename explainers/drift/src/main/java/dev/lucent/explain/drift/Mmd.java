package dev.lucent.explain.drift;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Bootstrap;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Maximum mean discrepancy between two samples of vectors (Gretton et al., JMLR 2012): the unbiased estimate of
 * MMD^2 with a Gaussian kernel exp(-|x - y|^2 / (2 sigma^2)), sigma the median distance between pooled rows (the
 * median heuristic), and a permutation test of "both samples come from one distribution": the p-value is
 * (1 + #{permuted MMD^2 >= observed}) / (1 + permutations).
 */
final class Mmd {
    private Mmd() {
    }

    record Result(double mmd2, double p, double sigma, int permutations) {
    }

    static Result test(double[][] reference, double[][] current, int permutations, long seed, Bootstrap.Checkpoint checkpoint)
            throws AuditCancelledException {
        int n1 = reference.length, n = n1 + current.length;
        double[][] all = new double[n][];
        System.arraycopy(reference, 0, all, 0, n1);
        System.arraycopy(current, 0, all, n1, current.length);
        double[][] d2 = new double[n][n];
        double[] upper = new double[n * (n - 1) / 2];
        int u = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < all[i].length; k++) {
                    double t = all[i][k] - all[j][k];
                    s += t * t;
                }
                d2[i][j] = d2[j][i] = s;
                upper[u++] = Math.sqrt(s);
            }
        Arrays.sort(upper);
        double sigma = Bootstrap.quantile(upper, 0.5);
        if (!(sigma > 0)) sigma = 1; // every row equal: any width gives MMD 0
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) k[i][j] = Math.exp(-d2[i][j] / (2 * sigma * sigma));
        int[] side = new int[n];
        for (int i = 0; i < n; i++) side[i] = i;
        double observed = mmd2(k, side, n1);
        SplittableRandom rng = new SplittableRandom(seed);
        int atLeast = 0;
        for (int b = 0; b < permutations; b++) {
            if (checkpoint != null && b % 20 == 0) checkpoint.check(b, permutations);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = side[i];
                side[i] = side[j];
                side[j] = t;
            }
            if (mmd2(k, side, n1) >= observed) atLeast++;
        }
        return new Result(observed, (1.0 + atLeast) / (1.0 + permutations), sigma, permutations);
    }

    /**
     * Unbiased MMD^2 of the rows order[0..n1) against order[n1..n): the mean kernel within each sample (diagonal left
     * out) minus twice the mean across.
     */
    static double mmd2(double[][] k, int[] order, int n1) {
        int n = order.length, n2 = n - n1;
        double xx = 0, yy = 0, xy = 0;
        for (int a = 0; a < n; a++) {
            double[] row = k[order[a]];
            boolean left = a < n1;
            for (int b = a + 1; b < n; b++) {
                double v = row[order[b]];
                boolean rightLeft = b < n1;
                if (left && rightLeft) xx += v;
                else if (!left && !rightLeft) yy += v;
                else xy += v;
            }
        }
        return 2 * xx / ((double) n1 * (n1 - 1)) + 2 * yy / ((double) n2 * (n2 - 1)) - 2 * xy / ((double) n1 * n2);
    }
}
