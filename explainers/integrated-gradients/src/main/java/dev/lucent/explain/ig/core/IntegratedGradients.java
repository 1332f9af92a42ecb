package dev.lucent.explain.ig.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Integrated gradients (Sundararajan et al. 2017), as Captum computes it: (x - x') times the weighted sum
 * of gradients at x' + alpha (x - x') over the quadrature's points. The points of all rows are sent in
 * batches of at most {@code batchRows} samples, so memory stays bounded however many steps are asked for.
 * Without baselines it integrates from zero.
 */
public final class IntegratedGradients implements Attribution {
    /** Captum's defaults. */
    public static final int DEFAULT_STEPS = 50;
    public static final Quadrature DEFAULT_METHOD = Quadrature.GAUSS_LEGENDRE;

    private final int steps;
    private final Quadrature method;
    private final int batchRows;

    public IntegratedGradients(int steps, Quadrature method, int batchRows) {
        if (batchRows < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchRows);
        method.rule(steps); // refuses a bad number of steps here, not halfway through a run
        this.steps = steps;
        this.method = method;
        this.batchRows = batchRows;
    }

    /**
     * @param attributions {@code n * m} values, row-major like the inputs
     * @param delta        per row, sum of attributions - (f(x) - f(baseline)): the completeness error
     * @param outputGap    per row, f(x) - f(baseline)
     */
    public record Result(float[] attributions, double[] delta, double[] outputGap) {
    }

    /** The attributions with each row's convergence delta as its note. */
    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        Result r = integrate(model, inputs, baselines, targets, monitor);
        String[] notes = new String[r.delta().length];
        for (int i = 0; i < notes.length; i++) notes[i] = deltaNote(r.delta()[i], r.outputGap()[i]);
        return new Attributions(r.attributions(), null, notes, describe());
    }

    /** Steps and quadrature, as findings state them. */
    public String describe() {
        return steps + " steps, " + method.name().toLowerCase(Locale.ROOT);
    }

    /** |delta| relative to |f(x) - f(baseline)|; absolute when the gap is (nearly) zero. */
    public static double relative(double delta, double gap) {
        return Math.abs(gap) > 1e-6 ? Math.abs(delta) / Math.abs(gap) : Math.abs(delta);
    }

    /** A row's completeness error in words. */
    public static String deltaNote(double delta, double gap) {
        return String.format(Locale.ROOT, "convergence delta %.3g (%.2f%% of f(x) - f(baseline) = %.4g)",
                delta, 100 * relative(delta, gap), gap);
    }

    /** The attributions with the completeness error of each row ({@code baselines} null: zeros). */
    public Result integrate(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        int[] shape = inputs.shape();
        if (baselines != null && !Arrays.equals(shape, baselines.shape()) && baselines.shape()[0] != 1)
            throw new IllegalArgumentException("baselines of shape " + Arrays.toString(baselines.shape())
                    + " for inputs of shape " + Arrays.toString(shape));
        int n = shape[0];
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        int m = Data.sampleSize(shape);
        Quadrature.Rule rule = method.rule(steps);
        double[] alphas = rule.alphas(), weights = rule.weights();
        float[] x = inputs.toArray(), b = Data.baselineRows(baselines, inputs);
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
