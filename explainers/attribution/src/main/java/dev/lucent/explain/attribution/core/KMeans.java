package dev.lucent.explain.attribution.core;

import dev.lucent.network.api.Tensor;
import dev.lucent.explain.support.Data;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Summarises a background data set by k weighted centres, as {@code shap.kmeans}: Lloyd's k-means from a
 * k-means++ start, each centre's values snapped to the nearest value the feature takes in the data, and
 * weights proportional to cluster sizes. Keeps KernelSHAP's cost at k model rows per coalition.
 */
public final class KMeans {
    private KMeans() {
    }

    public record Summary(Tensor centres, double[] weights) {
    }

    public static Summary summarise(Tensor data, int k, long seed) {
        int[] shape = data.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        if (k < 1) throw new IllegalArgumentException("k-means needs k >= 1, got " + k);
        float[] x = data.toArray();
        if (n <= k) {
            double[] w = new double[n];
            Arrays.fill(w, 1.0 / n);
            return new Summary(data, w);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[k][];
        centres[0] = row(x, random.nextInt(n), m);
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], dist2(x, i, centres[c - 1], m));
                total += d2[i];
            }
            double u = random.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                u -= d2[i];
                if (u < 0) {
                    pick = i;
                    break;
                }
            }
            centres[c] = row(x, pick, m);
        }
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        for (int iter = 0; iter < 300; iter++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d = dist2(x, i, centres[c], m);
                    if (d < bd) {
                        bd = d;
                        best = c;
                    }
                }
                if (assign[i] != best) {
                    assign[i] = best;
                    changed = true;
                }
            }
            if (!changed) break;
            double[][] sum = new double[k][m];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[assign[i]]++;
                for (int j = 0; j < m; j++) sum[assign[i]][j] += x[i * m + j];
            }
            for (int c = 0; c < k; c++)
                if (count[c] > 0) for (int j = 0; j < m; j++) centres[c][j] = sum[c][j] / count[c];
        }
        int[] count = new int[k];
        for (int a : assign) count[a]++;
        int kept = 0;
        for (int c : count) if (c > 0) kept++;
        float[] out = new float[kept * m];
        double[] w = new double[kept];
        int at = 0;
        for (int c = 0; c < k; c++) {
            if (count[c] == 0) continue;
            for (int j = 0; j < m; j++) out[at * m + j] = nearestValue(x, n, m, j, centres[c][j]);
            w[at++] = (double) count[c] / n;
        }
        return new Summary(Tensor.of(out, Data.batchShape(kept, Arrays.copyOfRange(shape, 1, shape.length))), w);
    }

    private static double[] row(float[] x, int i, int m) {
        double[] r = new double[m];
        for (int j = 0; j < m; j++) r[j] = x[i * m + j];
        return r;
    }

    private static double dist2(float[] x, int i, double[] c, int m) {
        double s = 0;
        for (int j = 0; j < m; j++) {
            double d = x[i * m + j] - c[j];
            s += d * d;
        }
        return s;
    }

    private static float nearestValue(float[] x, int n, int m, int j, double target) {
        float best = x[j];
        for (int i = 1; i < n; i++) if (Math.abs(x[i * m + j] - target) < Math.abs(best - target)) best = x[i * m + j];
        return best;
    }
}
