package dev.lucent.explain.quality.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Infidelity (Yeh et al. 2019; Captum's {@code infidelity} with normalize=False):
 * E_I[(I . phi - (f(x) - f(x - I)))^2] over perturbations I ~ N(0, diag(sigma^2)). Zero for the gradient
 * of a linear model; large when attributions do not predict how the output responds to perturbations.
 * The perturbed copies of a row go to the model together.
 */
public final class Infidelity {
    /** Captum's default number of perturbations. */
    public static final int DEFAULT_SAMPLES = 10;

    private Infidelity() {
    }

    /**
     * @param attributions {@code n * m}
     * @param sigma        per-feature standard deviation of the perturbation ({@code m} values)
     * @return infidelity per row
     */
    public static double[] compute(AuditableModel model, Tensor inputs, float[] attributions, int[] targets, double[] sigma,
                                   int samples, long seed, int batchRows, Monitor monitor) throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        if (sigma.length != m) throw new IllegalArgumentException(sigma.length + " noise scales for " + m + " features");
        if (samples < 1) throw new IllegalArgumentException("infidelity needs at least 1 perturbation, got " + samples);
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        float[] x = inputs.toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] infid = new double[n];
        for (int i = 0; i < n; i++) {
            // copy 0 is x itself, copies 1..samples are x - I
            float[] batch = new float[(samples + 1) * m];
            double[] dot = new double[samples];
            System.arraycopy(x, i * m, batch, 0, m);
            for (int s = 0; s < samples; s++)
                for (int j = 0; j < m; j++) {
                    double noise = sigma[j] * random.nextGaussian();
                    float perturbed = (float) (x[i * m + j] - noise);
                    batch[(s + 1) * m + j] = perturbed;
                    // the perturbation actually applied, after rounding to float
                    dot[s] += ((double) x[i * m + j] - perturbed) * attributions[i * m + j];
                }
            int[] t = new int[samples + 1];
            Arrays.fill(t, targets[i]);
            double[] f = Data.predictSelected(model, batch, sample, t, batchRows, monitor.range((double) i / n, (i + 1.0) / n));
            double sum = 0;
            for (int s = 0; s < samples; s++) {
                double e = dot[s] - (f[0] - f[s + 1]);
                sum += e * e;
            }
            infid[i] = sum / samples;
        }
        monitor.progress(1, "infidelity of " + n + " rows");
        return infid;
    }
}
