package dev.lucent.explain.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.attribution.core.ShapleyResult;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.explain.testkit.ConvNet;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: image explainers that perturb features treat patches of pixels as the features (49 by default), so an
 * image audit finishes. Each is checked against an oracle that does not use the code under test: permutation
 * importance on a model that reads one patch only must name that patch and give every other patch no drop;
 * KernelSHAP over patches must equal the exact Shapley values of the patch game, enumerated here from the
 * definition (every coalition of patches, the Shapley weights), when its budget covers every coalition.
 */
class PatchFeaturesTest {

    @Test
    void patchesCoverEveryValueOnceWithTheirChannelsTogether() {
        FeatureGroups g = FeatureGroups.patches(2, 9, 10, 4); // 2 x 2 patches; the remainder joins the last row and column
        assertEquals(4, g.count());
        int[] seen = new int[2 * 9 * 10];
        for (int[] m : g.members()) for (int j : m) seen[j]++;
        for (int s : seen) assertEquals(1, s);
        assertEquals(2 * 4 * 4, g.members()[0].length);
        assertEquals(2 * 5 * 6, g.members()[3].length);
        assertEquals("patch rows 4-8, columns 4-9", g.names().get(3));
        assertTrue(g.members()[0][16] == 90, "channel 1 of the first patch starts at value 90");
    }

    @Test
    void permutationImportanceNamesTheOnlyPatchTheModelReads() throws Exception {
        int h = 8, w = 8, n = 300;
        float[][] weights = new float[2][h * w];
        for (int y = 4; y < 8; y++) for (int x = 0; x < 4; x++) weights[1][y * w + x] = 1; // patch rows 4-7, columns 0-3
        AuditableModel model = new LinearModel(weights, new float[] {0, -8}, OutputKind.CLASS_LOGITS, 1, h, w);
        float[] x = Fixtures.random(n * h * w, 11);
        for (int i = 0; i < x.length; i++) x[i] = Math.abs(x[i]) % 1f;
        int[] labels = new int[n];
        float[] out = model.predict(Tensor.of(x.clone(), n, 1, h, w)).toArray();
        for (int i = 0; i < n; i++) labels[i] = out[2 * i + 1] > out[2 * i] ? 1 : 0; // the model is right on every row
        TestContext c = TestContext.images(model, x, labels, 2).with("patch", "4").with("repeats", "10");
        List<Finding> f = new PermutationImportanceExplainer().explain(c);
        FeatureAttribution a = f.stream().filter(FeatureAttribution.class::isInstance).map(FeatureAttribution.class::cast).findFirst().orElseThrow();
        assertEquals(4, a.features().size());
        int best = 0;
        for (int g = 1; g < 4; g++) if (a.values()[g] > a.values()[best]) best = g;
        assertEquals("patch rows 4-7, columns 0-3", a.features().get(best));
        assertTrue(a.values()[best] > 0.2, "shuffling the patch the model reads costs accuracy: " + a.values()[best]);
        for (int g = 0; g < 4; g++) if (g != best) assertEquals(0.0, a.values()[g], 0.0, a.features().get(g));
        assertTrue(a.note().contains("4 patches of 4x4 pixels"), a.note());
        ImageHeatmap map = f.stream().filter(ImageHeatmap.class::isInstance).map(ImageHeatmap.class::cast).findFirst().orElseThrow();
        assertEquals(a.values()[best], map.values()[5 * w + 1], 0.0);
        assertEquals(0.0, map.values()[1 * w + 6], 0.0);
    }

    @Test
    void groupedKernelShapIsTheExactShapleyValueOfThePatchGame() throws Exception {
        int h = 9, w = 9, m = h * w, k = 3;
        ConvNet net = new ConvNet(h, w, 3, 4, 21);
        FeatureGroups groups = FeatureGroups.patches(1, h, w, 3); // 9 patches: 2^9 = 512 coalitions, all within 2*9 + 2048
        float[] x = Fixtures.random(2 * m, 5), bg = Fixtures.random(k * m, 6);
        double[] bw = {0.5, 0.3, 0.2};
        int[] targets = {1, 3};
        ShapleyResult r = new KernelShap(Tensor.of(bg, k, 1, h, w), bw, 0, 9, 256, groups)
                .shapley(net, Tensor.of(x, 2, 1, h, w), targets, Monitor.NONE);
        for (int i = 0; i < 2; i++) {
            double[] exact = exactShapley(net, x, i, bg, bw, groups, targets[i]);
            double largest = 0;
            for (double e : exact) largest = Math.max(largest, Math.abs(e));
            assertTrue(largest > 1e-2, "the patches should matter for the check to mean much");
            for (int g = 0; g < groups.count(); g++) {
                double sum = 0;
                for (int j : groups.members()[g]) sum += r.values()[i * m + j];
                assertEquals(exact[g], sum, 1e-4 * largest, "row " + i + ", " + groups.names().get(g));
                double[] per = groups.spread(exact, m);
                for (int j : groups.members()[g]) assertEquals(per[j], r.values()[i * m + j], 1e-4 * largest, "shared equally");
            }
        }
    }

    /** The Shapley value of each patch, from its definition over all 2^G coalitions of patches. */
    private static double[] exactShapley(AuditableModel net, float[] x, int row, float[] bg, double[] bw, FeatureGroups groups, int target) {
        int gcount = groups.count(), m = bg.length / bw.length;
        double[] v = new double[1 << gcount];
        for (int s = 0; s < v.length; s++) {
            float[] z = new float[bw.length * m];
            for (int b = 0; b < bw.length; b++) {
                System.arraycopy(bg, b * m, z, b * m, m);
                for (int g = 0; g < gcount; g++)
                    if ((s >> g & 1) == 1) for (int j : groups.members()[g]) z[b * m + j] = x[row * m + j];
            }
            float[] out = net.predict(Tensor.of(z, bw.length, 1, 9, 9)).toArray();
            int outputs = out.length / bw.length;
            for (int b = 0; b < bw.length; b++) v[s] += bw[b] * out[b * outputs + target];
        }
        double[] phi = new double[gcount];
        double[] fact = new double[gcount + 1];
        fact[0] = 1;
        for (int i = 1; i <= gcount; i++) fact[i] = fact[i - 1] * i;
        for (int g = 0; g < gcount; g++)
            for (int s = 0; s < v.length; s++) {
                if ((s >> g & 1) == 1) continue;
                int size = Integer.bitCount(s);
                phi[g] += fact[size] * fact[gcount - size - 1] / fact[gcount] * (v[s | 1 << g] - v[s]);
            }
        return phi;
    }

    /**
     * Issue 12: the quality checks take kernel-shap and feature-ablation from {@link AttributionMethods}; on images they
     * perturb patches, as the explainers do (per value, a 224 x 224 photo was 150,529 model calls a row for ablation and
     * 303,104 coalitions for KernelSHAP). On a linear model a patch's ablation is the sum of its values' weight times
     * value (baseline: the training mean, here 0), shared equally by its values.
     */
    @Test
    void theQualityChecksMethodsPerturbPatchesOfImages() throws Exception {
        int c = 3, h = 21, w = 21, m = c * h * w, n = 4;
        float[] weights = Fixtures.random(m, 21);
        LinearModel model = new LinearModel(new float[][] {weights, new float[m]}, new float[2], OutputKind.CLASS_LOGITS, c, h, w);
        float[] x = Fixtures.random(n * m, 22), train = new float[n * m]; // training rows all 0: the ablation baseline is 0
        TestContext context = TestContext.images(model, train, new int[n], 2);
        FeatureGroups patches = FeatureGroups.patches(c, h, w, 3); // the default: a seventh of the side
        for (String name : List.of("feature-ablation", "kernel-shap")) {
            float[] a = new AttributionMethods().create(name, context, 64, 7)
                    .attribute(model, Tensor.of(x, n, c, h, w), null, new int[n], Monitor.NONE).values();
            for (int i = 0; i < n; i++)
                for (int[] members : patches.members())
                    for (int j : members) assertEquals(a[i * m + members[0]], a[i * m + j], 0, name + ": one value per patch, row " + i);
            if (!name.equals("feature-ablation")) continue;
            for (int[] members : patches.members()) {
                double expected = 0;
                for (int j : members) expected += (double) weights[j] * x[j];
                assertEquals(expected / members.length, a[members[0]], 1e-5);
            }
        }
    }
}
