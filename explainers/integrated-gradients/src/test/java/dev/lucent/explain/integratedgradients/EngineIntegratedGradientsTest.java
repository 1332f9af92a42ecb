package dev.lucent.explain.integratedgradients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.integratedgradients.core.Baselines;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;
import dev.lucent.explain.integratedgradients.core.Quadrature;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

/** The completeness oracle on networks trained by the real engine (core-network). */
class EngineIntegratedGradientsTest {

    @Test
    void completenessWithinOnePercentOnEngineTrainedMlpAndCnn() throws Exception {
        for (boolean image : new boolean[]{false, true}) {
            Model model = image ? EngineModels.digitsCnn() : EngineModels.digitsMlp();
            double acc = EngineModels.heldOutAccuracy(model, image);
            assertTrue(acc > 0.85, model.name() + " did not train: held-out accuracy " + acc);
            int n = 24;
            Tensor x = EngineModels.heldOut(n, image);
            int[] t = EngineModels.heldOutLabels(n);
            IntegratedGradients.Result r = new IntegratedGradients(50, Quadrature.GAUSS_LEGENDRE, 256).integrate(model, x, Baselines.zeros(x), t, Monitor.NONE);
            IntegratedGradientsTest.assertCompleteWithinOnePercent(model, x, Baselines.zeros(x), t, r);
        }
    }
}
