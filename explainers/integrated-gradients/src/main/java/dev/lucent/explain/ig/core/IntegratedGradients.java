package dev.lucent.explain.ig.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * Integrated gradients (Sundararajan et al. 2017), as Captum computes it: (x - x') times the weighted sum
 * of gradients at x' + alpha (x - x') over the quadrature's points. The points of all rows are sent in
 * batches of at most {@code batchRows} samples, so memory stays bounded however many steps are asked for.
 */
public final class IntegratedGradients {
    /** Captum's defaults. */
    public static final int DEFAULT_STEPS = 50;
    public static final Quadrature DEFAULT_METHOD = Quadrature.GAUSS_LEGENDRE;

    private IntegratedGradients() {
    }

    /**
     * @param attributions {@code n * m} values, row-major like the inputs
     * @param delta        per row, sum of attributions - (f(x) - f(baseline)): the completeness error
     * @param outputGap    per row, f(x) - f(baseline)
     */
    public record Result(float[] attributions, double[] delta, double[] outputGap) {
    }

    public static Result attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, int steps,
                                   Quadrature method, int batchRows, Monitor monitor) throws AuditCancelledException {
        int[] shape = inputs.shape();
        if (!Arrays.equals(shape, baselines.shape()))
            throw new IllegalArgumentException("baselines of shape " + Arrays.toString(baselines.shape())
                    + " for inputs of shape " + Arrays.toString(shape));
        int n = shape[0];
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        if (batchRows < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchRows);
        int m = Data.sampleSize(shape);
        Quadrature.Rule rule = method.rule(steps);
        double[] alphas = rule.alphas(), weights = rule.weights();
        float[] x = inputs.toArray(), b = baselines.toArray();
        double[] sum = new double[n * m];
        long points = (long) n * steps;
        for (long start = 0; start < points; start += batchRows) {
            monitor.progress((double) start / points, "integrated gradients: point " + start + " of " + points);
            int count = (int) Math.min(batchRows, points - start);
            float[] batch = new float[count * m];
            int[] t = new int[count];
            for (int p = 0; p < count; p++) {
                long point = start + p;
                int row = (int) (point / steps);
                float alpha = (float) alphas[(int) (point % steps)];
                t[p] = targets[row];
                for (int j = 0; j < m; j++) {
                    float xb = b[row * m + j];
                    batch[p * m + j] = xb + alpha * (x[row * m + j] - xb);
                }
            }
            int[] bs = shape.clone();
            bs[0] = count;
            float[] g = model.inputGradient(Tensor.of(batch, bs), t).toArray();
            for (int p = 0; p < count; p++) {
                long point = start + p;
                int row = (int) (point / steps);
                double w = weights[(int) (point % steps)];
                for (int j = 0; j < m; j++) sum[row * m + j] += w * g[p * m + j];
            }
        }
        float[] attr = new float[n * m];
        double[] rowSum = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                double a = sum[i * m + j] * ((double) x[i * m + j] - b[i * m + j]);
                attr[i * m + j] = (float) a;
                rowSum[i] += a;
            }
        // f(x) and f(baseline) together
        float[] both = Arrays.copyOf(x, 2 * n * m);
        System.arraycopy(b, 0, both, n * m, n * m);
        int[] t2 = Arrays.copyOf(targets, 2 * n);
        System.arraycopy(targets, 0, t2, n, n);
        double[] f = Data.predictSelected(model, both, Arrays.copyOfRange(shape, 1, shape.length), t2, batchRows, monitor);
        double[] delta = new double[n], gap = new double[n];
        for (int i = 0; i < n; i++) {
            gap[i] = f[i] - f[n + i];
            delta[i] = rowSum[i] - gap[i];
        }
        monitor.progress(1, "integrated gradients of " + n + " rows");
        return new Result(attr, delta, gap);
    }
}
