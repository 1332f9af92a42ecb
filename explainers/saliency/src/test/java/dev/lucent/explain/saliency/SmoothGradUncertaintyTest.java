package dev.lucent.explain.saliency;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.saliency.core.NoiseTunnel;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the standard error SmoothGrad states beside each value must describe how much that value moves from
 * one seed to the next. The oracle is simulation: SmoothGrad at its default sample count repeated with 200 seeds,
 * the spread of its estimates measured directly and set beside the standard error every run stated. With 5
 * samples one stated error in twenty was off by 10x or more on the digits MLP (and 448 were 0).
 */
class SmoothGradUncertaintyTest {
    static final int SEEDS = 200;
    /** Nine stated errors in ten within this factor of the simulated spread... */
    static final double MOST = 1.75;
    /** ...and 98 in 100 within this one. */
    static final double NEARLY_ALL = 3;

    @Test
    void statedStandardErrorMatchesTheSpreadOverSeedsAtTheDefaultSampleCount() throws Exception {
        BreastCancer.Data bc = BreastCancer.load(1);
        check("breast cancer MLP", BreastCancer.trainedMlp(bc), bc.test().features());
        check("digits MLP", EngineModels.digitsMlp(), EngineModels.heldOut(8, false));
    }

    private static void check(String what, Model model, Tensor all) throws Exception {
        int n = 4;
        Tensor x = Data.firstRows(all, n);
        int m = x.size() / n;
        int[] t = new int[n];
        float[][] estimate = new float[SEEDS][];
        double[][] stated = new double[SEEDS][];
        for (int s = 0; s < SEEDS; s++) {
            Attributions r = NoiseTunnel.smoothGrad(NoiseTunnel.DEFAULT_NOISE_LEVEL, NoiseTunnel.DEFAULT_SAMPLES, 1000 + s, 4096)
                    .attribute(model, x, null, t, Monitor.NONE);
            estimate[s] = r.values();
            stated[s] = r.uncertainty();
        }
        int values = 0, within = 0, nearly = 0, total = 0;
        for (int k = 0; k < n * m; k++) {
            double mean = 0, var = 0;
            for (int s = 0; s < SEEDS; s++) mean += estimate[s][k] / (double) SEEDS;
            for (int s = 0; s < SEEDS; s++) var += Math.pow(estimate[s][k] - mean, 2) / (SEEDS - 1);
            double spread = Math.sqrt(var);
            if (spread < 1e-6) {
                // a value that never moves must not claim uncertainty either
                for (int s = 0; s < SEEDS; s++) assertTrue(stated[s][k] < 1e-5, what + " value " + k + " states " + stated[s][k]);
                continue;
            }
            values++;
            for (int s = 0; s < SEEDS; s++) {
                double ratio = stated[s][k] / spread;
                total++;
                if (ratio >= 1 / MOST && ratio <= MOST) within++;
                if (ratio >= 1 / NEARLY_ALL && ratio <= NEARLY_ALL) nearly++;
            }
        }
        assertTrue(values >= 20, what + ": only " + values + " values move with the noise");
        String summary = String.format("%s, %d samples: %.1f%% of %d stated errors within %.2fx of the spread over %d seeds, %.1f%% within %.0fx",
                what, NoiseTunnel.DEFAULT_SAMPLES, 100.0 * within / total, total, MOST, SEEDS, 100.0 * nearly / total, NEARLY_ALL);
        System.out.println(summary);
        assertTrue(within >= 0.9 * total, summary);
        assertTrue(nearly >= 0.98 * total, summary);
    }
}
