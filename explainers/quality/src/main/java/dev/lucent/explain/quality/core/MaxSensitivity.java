package dev.lucent.explain.quality.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.SplittableRandom;

/**
 * Max-sensitivity (Yeh et al. 2019; Captum's {@code sensitivity_max} with its default perturbation):
 * max over perturbations d uniform in [-r, r]^m of ||phi(x + d) - phi(x)|| / ||phi(x)|| (Frobenius norm;
 * a zero ||phi(x)|| counts as 1). All perturbed copies of all rows are explained in one call of the method.
 */
public final class MaxSensitivity {
    /** Captum's defaults. */
    public static final double DEFAULT_RADIUS = 0.02;
    public static final int DEFAULT_SAMPLES = 10;

    private MaxSensitivity() {
    }

    /** @return max-sensitivity per row */
    public static double[] compute(Attribution method, AuditableModel model, Tensor inputs, int[] targets,
                                   double radius, int samples, long seed, Monitor monitor) throws AuditCancelledException {
        if (samples < 1) throw new IllegalArgumentException("max-sensitivity needs at least 1 perturbation, got " + samples);
        if (!(radius >= 0)) throw new IllegalArgumentException("max-sensitivity radius must be >= 0, got " + radius);
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        float[] x = inputs.toArray();
        monitor.progress(0, "explaining the unperturbed rows");
        float[] base = method.attribute(model, inputs, null, targets, Monitor.NONE).values();
        SplittableRandom random = new SplittableRandom(seed);
        float[] perturbed = new float[n * samples * m];
        int[] t = new int[n * samples];
        for (int i = 0; i < n; i++)
            for (int s = 0; s < samples; s++) {
                t[i * samples + s] = targets[i];
                for (int j = 0; j < m; j++)
                    perturbed[(i * samples + s) * m + j] = (float) (x[i * m + j] + radius * (2 * random.nextDouble() - 1));
            }
        int[] ps = shape.clone();
        ps[0] = n * samples;
        monitor.progress(0.5, "explaining " + n * samples + " perturbed copies");
        float[] after = method.attribute(model, Tensor.of(perturbed, ps), null, t, Monitor.NONE).values();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < m; j++) norm += (double) base[i * m + j] * base[i * m + j];
            norm = Math.sqrt(norm);
            if (norm == 0) norm = 1;
            double worst = 0;
            for (int s = 0; s < samples; s++) {
                double d = 0;
                for (int j = 0; j < m; j++) {
                    double diff = after[(i * samples + s) * m + j] - base[i * m + j];
                    d += diff * diff;
                }
                worst = Math.max(worst, Math.sqrt(d) / norm);
            }
            out[i] = worst;
        }
        monitor.progress(1, "max-sensitivity of " + n + " rows");
        return out;
    }
}
