package dev.lucent.explain.saliency;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.saliency.core.NoiseTunnel;
import dev.lucent.explain.saliency.core.NoiseTunnel.Kind;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.Mlp;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Captum's NoiseTunnel over any attribution: identities on a linear model, and a hand-written loop as oracle. */
class NoiseTunnelTest {

    /** The gradient of w.x + b is w wherever the noise puts x, so every aggregate is exact at any noise. */
    @Test
    void overALinearModelsGradientEveryKindIsExactAtAnyNoise() throws Exception {
        float[] w = random(5, 31);
        LinearModel model = LinearModel.of(w);
        Tensor x = Tensor.of(random(15, 32), 3, 5);
        for (double noise : new double[]{0, 0.1, 10, 1e3}) {
            for (Kind kind : Kind.values()) {
                Attributions a = new NoiseTunnel(new Gradients(64), kind, noise, 7, 5, 64)
                        .attribute(model, x, null, new int[3], Monitor.NONE);
                float[] v = a.values();
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 5; j++) {
                        float expected = switch (kind) {
                            case SMOOTHGRAD -> w[j];
                            case SMOOTHGRAD_SQ -> (float) ((double) w[j] * w[j]);
                            case VARGRAD -> 0f;
                        };
                        assertEquals(expected, v[i * 5 + j], 0f, kind + " at noise " + noise);
                        // the spread is 0 up to rounding of the sum of squares
                        if (kind != Kind.VARGRAD) assertEquals(0, a.uncertainty()[i * 5 + j], 1e-6 * Math.abs(expected), kind + " spread");
                    }
                if (kind == Kind.VARGRAD) assertNull(a.uncertainty());
            }
        }
    }

    /**
     * The tunnel's mean over n samples equals a loop written out by hand: draw the noise in (row, sample, value)
     * order from the seed, run the method on one noisy copy at a time, average. Over plain gradients of an MLP
     * and over gradient x input, so the wrapper does not depend on which method it wraps.
     */
    @Test
    void itsMeanOverNSamplesEqualsAHandLoop() throws Exception {
        Mlp mlp = new Mlp(4, 8, 3, OutputKind.CLASS_LOGITS, 9);
        Tensor x = Tensor.of(random(4 * 4, 11), 4, 4);
        int[] targets = {0, 2, 1, 2};
        for (Attribution method : new Attribution[]{new Gradients(64), new InputXGradient(64)}) {
            for (int batch : new int[]{3, 64}) {
                float[] tunnel = new NoiseTunnel(method, Kind.SMOOTHGRAD, 0.2, 6, 42, batch)
                        .attribute(mlp, x, null, targets, Monitor.NONE).values();
                double[] hand = handLoop(method, mlp, x, targets, 0.2, 6, 42);
                for (int k = 0; k < hand.length; k++)
                    assertEquals(hand[k], tunnel[k], 1e-6 * Math.max(1, Math.abs(hand[k])), method.getClass().getSimpleName() + " value " + k);
            }
        }
    }

    static double[] handLoop(Attribution method, AuditableModel model, Tensor inputs, int[] targets, double level,
                             int samples, long seed) throws AuditCancelledException {
        int n = inputs.shape()[0], m = inputs.size() / n;
        float[] x = inputs.toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] mean = new double[n * m];
        for (int i = 0; i < n; i++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                lo = Math.min(lo, x[i * m + j]);
                hi = Math.max(hi, x[i * m + j]);
            }
            double sigma = level * (hi - lo);
            for (int s = 0; s < samples; s++) {
                float[] copy = new float[m];
                for (int j = 0; j < m; j++) copy[j] = (float) (x[i * m + j] + sigma * random.nextGaussian());
                float[] a = method.attribute(model, Tensor.of(copy, 1, m), null, new int[]{targets[i]}, Monitor.NONE).values();
                for (int j = 0; j < m; j++) mean[i * m + j] += a[j] / (double) samples;
            }
        }
        return mean;
    }

    @Test
    void badSettingsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Kind.parse("smooth"));
        assertTrue(e.getMessage().contains("'smooth'") && e.getMessage().contains("vargrad"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> new NoiseTunnel(new Gradients(8), Kind.VARGRAD, Double.NaN, 5, 1, 8));
        assertTrue(f.getMessage().contains("noise level"), f.getMessage());
    }
}
