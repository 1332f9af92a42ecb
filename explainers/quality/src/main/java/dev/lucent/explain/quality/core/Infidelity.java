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
 *
 * <p>Beside it, the share of the output change the attributions leave unexplained: Captum's normalized infidelity
 * (attributions scaled by the least-squares factor) divided by the mean squared output change, that is
 * 1 - (sum I.phi df)^2 / (sum (I.phi)^2 sum df^2) over a row's perturbations. It has no units, so one tolerance fits
 * every model: 0 when the attributions predict the change up to scale, near 1 when they are unrelated to it.
 */
public final class Infidelity {
    /** Captum's default number of perturbations. */
    public static final int DEFAULT_SAMPLES = 10;

    private Infidelity() {
    }

    /**
     * Per row: Captum's infidelity, and the share of the output change left unexplained (NaN on a row whose output
     * did not change under any perturbation).
     */
    public record Result(double[] infidelity, double[] unexplained) {
    }

    /**
     * @param attributions {@code n * m}
     * @param sigma        per-feature standard deviation of the perturbation ({@code m} values)
     */
    public static Result compute(AuditableModel model, Tensor inputs, float[] attributions, int[] targets, double[] sigma,
                                   int samples, long seed, int batchRows, Monitor monitor) throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        if (sigma.length != m) throw new IllegalArgumentException(sigma.length + " noise scales for " + m + " features");
        if (samples < 1) throw new IllegalArgumentException("infidelity needs at least 1 perturbation, got " + samples);
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        float[] x = inputs.toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] infid = new double[n], unexplained = new double[n];
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
            double sum = 0, dd = 0, ff = 0, df = 0;
            for (int s = 0; s < samples; s++) {
                double change = f[0] - f[s + 1], e = dot[s] - change;
                sum += e * e;
                dd += dot[s] * dot[s];
                ff += change * change;
                df += dot[s] * change;
            }
            infid[i] = sum / samples;
            unexplained[i] = ff == 0 ? Double.NaN : dd == 0 ? 1 : Math.max(0, 1 - df * df / (dd * ff));
        }
        monitor.progress(1, "infidelity of " + n + " rows");
        return new Result(infid, unexplained);
    }
}
