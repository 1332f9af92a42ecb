package dev.lucent.explain.attribution;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.attribution.core.FeatureAblation;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.attribution.core.Occlusion;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.explain.testkit.ConvNet;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the perturbation methods batch their perturbed copies to the memory budget, and a row's explanation is the
 * same however its copies are batched (one at a time, a few, all at once) and whichever rows it is explained with. A
 * photo's ablated copies are built one batch at a time: all of them at once (150,529 copies of 150,528 values) did not
 * fit any heap, and their count overflowed an int.
 */
class BatchedAsAloneTest {
    static final int H = 9, W = 9, N = 5;
    static final AuditableModel CNN = new ConvNet(H, W, 3, 4, 11);
    static final float[] X = random(N * H * W, 12);
    static final int[] TARGETS = {0, 1, 2, 3, 1};
    static final FeatureGroups PATCHES = FeatureGroups.patches(1, H, W, 3);

    private static float[] attribute(Attribution a, float[] x, int[] targets) throws Exception {
        return a.attribute(CNN, Tensor.of(x, targets.length, 1, H, W), null, targets, Monitor.NONE).values();
    }

    @Test
    void batchingChangesNoRowsExplanation() throws Exception {
        Tensor background = Tensor.of(random(3 * H * W, 13), 3, 1, H, W);
        double[] weights = {0.5, 0.25, 0.25};
        Map<String, java.util.function.IntFunction<Attribution>> methods = Map.of(
                "feature ablation, per value", b -> new FeatureAblation(b),
                "feature ablation, patches", b -> new FeatureAblation(b, PATCHES),
                "occlusion", b -> new Occlusion(3, 2, b),
                "kernel shap, patches", b -> new KernelShap(background, weights, 0, 5, b, PATCHES));
        for (var m : methods.entrySet()) {
            float[] all = attribute(m.getValue().apply(4096), X, TARGETS);
            for (int batch : new int[] {1, 3, 7})
                assertArrayEquals(all, attribute(m.getValue().apply(batch), X, TARGETS), m.getKey() + ", " + batch + " copies a call");
            if (m.getKey().startsWith("kernel")) continue; // its coalitions are drawn per call, not per row
            int per = all.length / N, row = 3;
            float[] alone = attribute(m.getValue().apply(2), Arrays.copyOfRange(X, row * H * W, (row + 1) * H * W), new int[] {TARGETS[row]});
            assertArrayEquals(Arrays.copyOfRange(all, row * per, (row + 1) * per), alone, m.getKey() + ": row 3 alone");
        }
    }

    @Test
    void aPhotoSizedRowIsAblatedOneBatchAtATime() throws Exception {
        // 3 x 64 x 64 = 12,288 values: its 12,289 copies at once were 604 MB (a 224 x 224 photo's 91 GB, their count
        // overflowing an int). On a linear model each value's ablation is its weight times its distance to the baseline (0).
        int c = 3, h = 64, w = 64, m = c * h * w;
        float[] weights = random(m, 14), x = random(m, 15);
        LinearModel model = new LinearModel(new float[][] {weights}, new float[1], OutputKind.REGRESSION, c, h, w);
        float[] a = new FeatureAblation(256).attribute(model, Tensor.of(x, 1, c, h, w), null, new int[1], Monitor.NONE).values();
        for (int j = 0; j < m; j += 97) assertEquals((double) weights[j] * x[j], a[j], 1e-4, "value " + j);
        // patches: each patch's drop shared equally by its values, so a patch's values add up to its weights times x
        FeatureGroups p = FeatureGroups.patches(c, h, w, 16);
        float[] g = new FeatureAblation(8, p).attribute(model, Tensor.of(x, 1, c, h, w), null, new int[1], Monitor.NONE).values();
        for (int[] members : p.members()) {
            double sum = 0, expected = 0;
            for (int j : members) {
                sum += g[j];
                expected += (double) weights[j] * x[j];
            }
            assertEquals(expected, sum, 1e-3 * Math.max(1, Math.abs(expected)));
        }
    }
}
