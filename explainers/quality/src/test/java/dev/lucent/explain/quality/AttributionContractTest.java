package dev.lucent.explain.quality;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.attribution.core.ExactShapley;
import dev.lucent.explain.attribution.core.FeatureAblation;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.attribution.core.Occlusion;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;
import dev.lucent.explain.integratedgradients.core.Quadrature;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.saliency.core.NoiseTunnel;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every built-in attribution through the one contract, against the closed forms of a linear model
 * f(x) = w.x + c: from a baseline b, integrated gradients, feature ablation, exact Shapley and KernelSHAP
 * (background b) and 1x1 occlusion all give w_j (x_j - b_j); gradient x input gives w_j x_j; gradients and
 * SmoothGrad give w_j.
 */
class AttributionContractTest {
    static final int N = 3, M = 6;

    @Test
    void everyMethodMeetsTheLinearIdentitiesThroughTheContract() throws Exception {
        float[] w = random(M, 51);
        LinearModel model = LinearModel.of(w);
        float[] x = random(N * M, 52), b = random(M, 53);
        Tensor inputs = Tensor.of(x, N, M), baseline = Tensor.of(b, 1, M);
        Map<String, Attribution> fromBaseline = Map.of(
                "integrated gradients", new IntegratedGradients(8, Quadrature.GAUSS_LEGENDRE, 5),
                "feature ablation", new FeatureAblation(4),
                "exact Shapley", new ExactShapley(baseline, null, 64),
                "KernelSHAP", new KernelShap(baseline, null, 0, 3, 64));
        for (var e : fromBaseline.entrySet()) {
            float[] a = e.getValue().attribute(model, inputs, baseline, new int[N], Monitor.NONE).values();
            for (int i = 0; i < N; i++)
                for (int j = 0; j < M; j++)
                    assertEquals(w[j] * ((double) x[i * M + j] - b[j]), a[i * M + j], 1e-5, e.getKey() + " row " + i + " feature " + j);
        }
        float[] ixg = new InputXGradient(2).attribute(model, inputs, null, new int[N], Monitor.NONE).values();
        float[] g = new Gradients(2).attribute(model, inputs, null, new int[N], Monitor.NONE).values();
        float[] sg = NoiseTunnel.smoothGrad(0.5, 4, 1, 7).attribute(model, inputs, null, new int[N], Monitor.NONE).values();
        for (int i = 0; i < N; i++)
            for (int j = 0; j < M; j++) {
                assertEquals(w[j] * (double) x[i * M + j], ixg[i * M + j], 1e-6, "gradient x input");
                assertEquals(w[j], g[i * M + j], 0f, "gradient");
                assertEquals(w[j], sg[i * M + j], 0f, "SmoothGrad");
            }
    }

    /** Occlusion attributes to pixels: a 1x1 window on a one-channel image is ablation of that pixel. */
    @Test
    void oneByOneOcclusionOfALinearImageModelIsItsAblation() throws Exception {
        float[] w = random(12, 61);
        LinearModel model = new LinearModel(new float[][]{w}, new float[]{0.5f}, OutputKind.REGRESSION, 1, 3, 4);
        float[] x = random(2 * 12, 62), b = random(12, 63);
        float[] a = new Occlusion(1, 1, 5).attribute(model, Tensor.of(x, 2, 1, 3, 4), Tensor.of(b, 1, 1, 3, 4), new int[2],
                Monitor.NONE).values();
        for (int i = 0; i < 2; i++)
            for (int p = 0; p < 12; p++) assertEquals(w[p] * ((double) x[i * 12 + p] - b[p]), a[i * 12 + p], 1e-5, "pixel " + p);
    }

    @Test
    void baselinesOfTheWrongShapeAreRefusedNamingBothShapes() {
        LinearModel model = LinearModel.of(random(M, 71));
        Tensor inputs = Tensor.of(random(N * M, 72), N, M);
        var e = assertThrows(IllegalArgumentException.class, () -> new FeatureAblation(4)
                .attribute(model, inputs, Tensor.of(new float[2 * M], 2, M), new int[N], Monitor.NONE));
        assertTrue(e.getMessage().contains("[2, 6]") && e.getMessage().contains("[3, 6]"), e.getMessage());
    }

    /** The quality checks find the method by name among the providers; an unknown name lists the ones there are. */
    @Test
    void anUnknownMethodNameListsTheInstalledOnes() {
        TestContext ctx = TestContext.tabular(LinearModel.of(1, 2), new float[]{1, 2, 3, 4}, null, 0).with("method", "lime");
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxSensitivityExplainer(QualityTest.METHODS).explain(ctx));
        assertEquals("unknown attribution method 'lime'; use all or exact-shapley, feature-ablation, gradient, gradient-x-input, "
                + "integrated-gradients, kernel-shap, saliency, smoothgrad",
                e.getMessage());
    }
}
