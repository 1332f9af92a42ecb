package dev.lucent.explain.saliency;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.saliency.core.NoiseTunnel;
import dev.lucent.explain.testkit.ConvNet;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.Mlp;
import dev.lucent.explain.testkit.SlowModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaliencyTest {

    @Test
    void gradientOfALinearModelIsItsWeightRow() throws Exception {
        float[][] w = {random(6, 1), random(6, 2), random(6, 3)};
        LinearModel model = new LinearModel(w, new float[]{0.5f, -1, 2}, OutputKind.CLASS_LOGITS);
        Tensor x = Tensor.of(random(4 * 6, 4), 4, 6);
        int[] targets = {2, 0, 1, 2};
        float[] g = new Gradients(3).attribute(model, x, null, targets, Monitor.NONE).values();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 6; j++) assertEquals(w[targets[i]][j], g[i * 6 + j], 0f);
    }

    @Test
    void gradientTimesInputOnALinearModelIsEachFeaturesContribution() throws Exception {
        float[] w = random(5, 7);
        LinearModel model = LinearModel.of(w);
        float[] x = random(3 * 5, 8);
        float[] a = new InputXGradient(64).attribute(model, Tensor.of(x, 3, 5), null, new int[3], Monitor.NONE).values();
        for (int i = 0; i < 3; i++) {
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                assertEquals((double) w[j] * x[i * 5 + j], a[i * 5 + j], 1e-6);
                sum += a[i * 5 + j];
            }
            // completeness against the zero baseline, since a linear model without bias has f(0) = 0
            float fx = model.predict(Tensor.of(java.util.Arrays.copyOfRange(x, i * 5, i * 5 + 5), 1, 5)).toArray()[0];
            assertEquals(fx, sum, 1e-5);
        }
    }

    @Test
    void mlpGradientsAgreeWithFiniteDifferences() throws Exception {
        Mlp mlp = new Mlp(4, 8, 3, OutputKind.CLASS_LOGITS, 11);
        float[] x = random(4, 12);
        float[] g = new Gradients(1).attribute(mlp, Tensor.of(x, 1, 4), null, new int[]{1}, Monitor.NONE).values();
        double h = 1e-3;
        for (int j = 0; j < 4; j++) {
            float[] up = x.clone(), down = x.clone();
            up[j] += (float) h;
            down[j] -= (float) h;
            double fd = (mlp.predict(Tensor.of(up, 1, 4)).toArray()[1] - mlp.predict(Tensor.of(down, 1, 4)).toArray()[1])
                    / (up[j] - down[j]);
            assertEquals(fd, g[j], 2e-3, "feature " + j);
        }
    }

    @Test
    void smoothGradOfALinearModelIsItsWeightsWithNoSpread() throws Exception {
        float[] w = random(5, 21);
        Attributions r = NoiseTunnel.smoothGrad(0.2, 5, 3, 64).attribute(LinearModel.of(w), Tensor.of(random(10, 22), 2, 5), null, new int[2], Monitor.NONE);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 5; j++) {
                assertEquals(w[j], r.values()[i * 5 + j], 1e-7);
                assertEquals(0, r.uncertainty()[i * 5 + j], 1e-6);
            }
    }

    /** f = ReLU(x0) at x0 = 0: half of the noisy copies see slope 1, half slope 0, so SmoothGrad is 1/2. */
    @Test
    void smoothGradAtAKinkAveragesTheSlopesWithAnHonestStandardError() throws Exception {
        Mlp relu = new Mlp(2, 1, 1, OutputKind.REGRESSION, 5);
        relu.setHiddenWeight(0, 0, 1).setHiddenWeight(0, 1, 0).setOutputWeight(0, 0, 1);
        zeroBiases(relu);
        int samples = 4000;
        Attributions r = NoiseTunnel.smoothGrad(0.3, samples, 99, 512).attribute(relu, Tensor.of(new float[]{0, 1}, 1, 2), null, new int[1], Monitor.NONE);
        double se = r.uncertainty()[0];
        assertEquals(Math.sqrt(0.25 / samples), se, 0.1 * Math.sqrt(0.25 / samples));
        assertEquals(0.5, r.values()[0], 4 * se);
        assertEquals(0, r.values()[1], 0);
    }

    static void zeroBiases(Mlp mlp) throws Exception {
        for (String f : new String[]{"b1", "b2"}) {
            var field = Mlp.class.getDeclaredField(f);
            field.setAccessible(true);
            java.util.Arrays.fill((double[]) field.get(mlp), 0);
        }
    }

    @Test
    void smoothGradDoesNotDependOnTheBatchSizeAndFollowsTheSeed() throws Exception {
        Mlp mlp = new Mlp(6, 10, 2, OutputKind.CLASS_LOGITS, 3);
        Tensor x = Tensor.of(random(7 * 6, 5), 7, 6);
        int[] t = {0, 1, 0, 1, 1, 0, 0};
        Attributions a = NoiseTunnel.smoothGrad(0.15, 5, 17, 5).attribute(mlp, x, null, t, Monitor.NONE);
        Attributions b = NoiseTunnel.smoothGrad(0.15, 5, 17, 4096).attribute(mlp, x, null, t, Monitor.NONE);
        Attributions c = NoiseTunnel.smoothGrad(0.15, 5, 18, 4096).attribute(mlp, x, null, t, Monitor.NONE);
        Attributions d = NoiseTunnel.smoothGrad(0.15, 5, 17, 3).attribute(mlp, x, null, t, Monitor.NONE); // budget below one row's copies
        assertArrayEquals(a.values(), d.values());
        assertArrayEquals(a.values(), b.values());
        assertArrayEquals(a.uncertainty(), b.uncertainty());
        assertFalse(java.util.Arrays.equals(a.values(), c.values()));
    }

    @Test
    void smoothGradSendsAllSamplesOfARowAsOneBatch() throws Exception {
        Mlp mlp = new Mlp(3, 4, 2, OutputKind.CLASS_LOGITS, 3);
        NoiseTunnel.smoothGrad(0.15, 5, 1, 4096).attribute(mlp, Tensor.of(random(9, 5), 3, 3), null, new int[3], Monitor.NONE);
        assertEquals(1, mlp.gradientCalls());
    }

    @Test
    void badParametersAndInputsAreNamed() {
        Mlp mlp = new Mlp(3, 4, 2, OutputKind.CLASS_LOGITS, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> NoiseTunnel.smoothGrad(0.1, 0, 1, 8).attribute(mlp, Tensor.of(new float[3], 1, 3), null, new int[1], Monitor.NONE));
        assertTrue(e.getMessage().contains("at least 1 sample"), e.getMessage());
        float[] x = random(6, 1);
        x[4] = Float.NaN;
        var ctx = TestContext.tabular(mlp, x, new int[2], 2);
        var e2 = assertThrows(IllegalArgumentException.class, () -> new VanillaGradientsExplainer().explain(ctx));
        assertTrue(e2.getMessage().contains("row 1"), e2.getMessage());
        var ctx2 = TestContext.tabular(mlp, random(6, 1), new int[2], 2).with("samples", "many");
        var e3 = assertThrows(IllegalArgumentException.class, () -> new SmoothGradExplainer().explain(ctx2));
        assertTrue(e3.getMessage().contains("samples"), e3.getMessage());
    }

    static List<Explainer> all() {
        return List.of(new VanillaGradientsExplainer(), new GradientTimesInputExplainer(), new SmoothGradExplainer());
    }

    @Test
    void everyExplainerIsDeterministicForASeedAndGivesStandardFindings() throws Exception {
        Mlp mlp = new Mlp(5, 8, 3, OutputKind.CLASS_LOGITS, 1);
        float[] x = random(20 * 5, 2);
        for (Explainer e : all()) {
            List<Finding> f = ExplainerChecks.assertDeterministic(e, () -> TestContext.tabular(mlp, x, new int[20], 3));
            assertTrue(f.get(0) instanceof FeatureAttribution, e.info().id());
            assertEquals(1 + 4, f.size(), e.info().id() + ": a summary and 4 rows");
            for (Finding finding : f) assertEquals(Stage.EXPLANATIONS, finding.stage());
            TestContext ctx = TestContext.tabular(mlp, x, new int[20], 3);
            e.explain(ctx);
            ExplainerChecks.assertReportsProgress(ctx);
        }
    }

    @Test
    void imageInputsGiveHeatmaps() throws Exception {
        ConvNet cnn = new ConvNet(6, 5, 2, 3, 4);
        float[] x = random(3 * 30, 9);
        for (Explainer e : all()) {
            List<Finding> f = e.explain(TestContext.images(cnn, x, new int[3], 3).with("shown", "2"));
            assertEquals(3, f.size());
            for (Finding finding : f) {
                ImageHeatmap h = (ImageHeatmap) finding;
                assertEquals(6, h.height());
                assertEquals(5, h.width());
            }
        }
    }

    @Test
    void everyExplainerStopsWhenCancelled() throws Exception {
        Mlp mlp = new Mlp(5, 8, 3, OutputKind.CLASS_LOGITS, 1);
        for (Explainer e : all()) {
            SlowModel slow = new SlowModel(mlp, 30);
            TestContext ctx = TestContext.tabular(slow, random(40 * 5, 2), new int[40], 3).with("batch-size", "1");
            ExplainerChecks.assertHonoursCancellation(e, ctx, slow);
        }
    }
}
