package dev.lucent.explain.attribution;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.attribution.core.ExactShapley;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.attribution.core.ShapleyResult;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.Mlp;
import dev.lucent.explain.testkit.SlowModel;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapleyTest {

    @Test
    void exactShapleyOnALinearModelIsWeightTimesDifferenceFromTheBackground() throws Exception {
        float[] w = random(7, 1);
        LinearModel model = LinearModel.of(w);
        float[] x = random(3 * 7, 2), b = random(7, 3);
        ShapleyResult r = new ExactShapley(Tensor.of(b, 1, 7), null, 512).shapley(model, Tensor.of(x, 3, 7), new int[3], Monitor.NONE);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 7; j++) assertEquals((double) w[j] * (x[i * 7 + j] - b[j]), r.values()[i * 7 + j], 1e-5);
        // a weighted background of several rows: the weighted mean row takes the baseline's place
        float[] bg = random(3 * 7, 4);
        double[] weights = {0.5, 0.3, 0.2};
        ShapleyResult r2 = new ExactShapley(Tensor.of(bg, 3, 7), weights, 5).shapley(model, Tensor.of(x, 3, 7), new int[3], Monitor.NONE);
        for (int j = 0; j < 7; j++) {
            double mean = 0.5 * bg[j] + 0.3 * bg[7 + j] + 0.2 * bg[14 + j];
            assertEquals(w[j] * (x[j] - mean), r2.values()[j], 1e-5);
        }
    }

    /** Shapley's definition as the mean marginal contribution over all M! orderings, written independently. */
    static double[] permutationShapley(AuditableModel model, float[] x, float[] bg, int k, int target) {
        int m = x.length;
        double[] phi = new double[m];
        int[] order = new int[m];
        for (int j = 0; j < m; j++) order[j] = j;
        int count = 0;
        do {
            boolean[] in = new boolean[m];
            double prev = value(model, x, bg, k, in, target);
            for (int p = 0; p < m; p++) {
                in[order[p]] = true;
                double next = value(model, x, bg, k, in, target);
                phi[order[p]] += next - prev;
                prev = next;
            }
            count++;
        } while (nextPermutation(order));
        for (int j = 0; j < m; j++) phi[j] /= count;
        return phi;
    }

    static double value(AuditableModel model, float[] x, float[] bg, int k, boolean[] in, int target) {
        int m = x.length;
        double s = 0;
        for (int b = 0; b < k; b++) {
            float[] z = new float[m];
            for (int j = 0; j < m; j++) z[j] = in[j] ? x[j] : bg[b * m + j];
            s += model.predict(Tensor.of(z, 1, m)).toArray()[target];
        }
        return s / k;
    }

    static boolean nextPermutation(int[] a) {
        int i = a.length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        int j = a.length - 1;
        while (a[j] <= a[i]) j--;
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
            t = a[l];
            a[l] = a[r];
            a[r] = t;
        }
        return true;
    }

    @Test
    void exactShapleyMatchesTheOrderingDefinitionOnAnMlp() throws Exception {
        Mlp mlp = new Mlp(5, 12, 2, OutputKind.CLASS_LOGITS, 3);
        float[] x = random(5, 5), bg = random(3 * 5, 6);
        ShapleyResult r = new ExactShapley(Tensor.of(bg, 3, 5), null, 64).shapley(mlp, Tensor.of(x, 1, 5), new int[]{1}, Monitor.NONE);
        double[] expected = permutationShapley(mlp, x, bg, 3, 1);
        for (int j = 0; j < 5; j++) assertEquals(expected[j], r.values()[j], 1e-5);
    }

    @Test
    void shapleyAxiomsEfficiencySymmetryAndDummy() throws Exception {
        Mlp mlp = new Mlp(6, 10, 1, OutputKind.REGRESSION, 8);
        for (int h = 0; h < 10; h++) {
            mlp.setHiddenWeight(h, 1, hiddenWeight(mlp, h, 0)); // features 0 and 1 play the same role
            mlp.setHiddenWeight(h, 5, 0); // feature 5 is ignored
        }
        float[] x = random(6, 9), bg = random(4 * 6, 10);
        x[1] = x[0];
        for (int b = 0; b < 4; b++) bg[b * 6 + 1] = bg[b * 6];
        Tensor xt = Tensor.of(x, 1, 6), bgt = Tensor.of(bg, 4, 6);
        for (ShapleyResult r : new ShapleyResult[]{
                new ExactShapley(bgt, null, 64).shapley(mlp, xt, new int[1], Monitor.NONE),
                new KernelShap(bgt, null, 0, 3, 64).shapley(mlp, xt, new int[1], Monitor.NONE)}) {
            double sum = Arrays.stream(r.values()).sum();
            double fx = mlp.predict(xt).toArray()[0];
            double mean = 0;
            for (float v : mlp.predict(bgt).toArray()) mean += v / 4;
            assertEquals(fx, r.output()[0], 1e-6);
            assertEquals(mean, r.baseValue()[0], 1e-6);
            assertEquals(fx - mean, sum, 1e-5, "efficiency");
            assertEquals(r.values()[0], r.values()[1], 1e-6, "symmetry");
            assertEquals(0, r.values()[5], 1e-6, "dummy");
            assertTrue(Math.abs(r.values()[0]) > 1e-3, "the symmetric features should matter for the check to mean much");
        }
    }

    static double hiddenWeight(Mlp mlp, int h, int j) throws Exception {
        var f = Mlp.class.getDeclaredField("w1");
        f.setAccessible(true);
        return ((double[][]) f.get(mlp))[h][j];
    }

    @Test
    void kernelShapOnALinearModelIsWeightTimesDifference() throws Exception {
        float[] w = random(20, 11);
        float[] x = random(2 * 20, 12), b = random(20, 13);
        ShapleyResult r = new KernelShap(Tensor.of(b, 1, 20), null, 0, 5, 4096).shapley(LinearModel.of(w), Tensor.of(x, 2, 20), new int[2], Monitor.NONE);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 20; j++) assertEquals((double) w[j] * (x[i * 20 + j] - b[j]), r.values()[i * 20 + j], 1e-4);
    }

    /** With the default budget, 2 M + 2048 > 2^10 - 2: SHAP's scheme enumerates every coalition. */
    @Test
    void kernelShapWithinOneHundredthOfExactShapleyOnTenFeatures() throws Exception {
        Mlp mlp = new Mlp(10, 16, 3, OutputKind.CLASS_LOGITS, 21);
        float[] x = random(4 * 10, 22), bg = random(5 * 10, 23);
        int[] t = {0, 1, 2, 1};
        ShapleyResult exact = new ExactShapley(Tensor.of(bg, 5, 10), null, 4096).shapley(mlp, Tensor.of(x, 4, 10), t, Monitor.NONE);
        ShapleyResult kernel = new KernelShap(Tensor.of(bg, 5, 10), null, 0, 1, 4096).shapley(mlp, Tensor.of(x, 4, 10), t, Monitor.NONE);
        double worst = 0;
        for (int k = 0; k < 40; k++) worst = Math.max(worst, Math.abs(exact.values()[k] - kernel.values()[k]));
        assertTrue(worst <= 0.01, "worst difference " + worst);
    }

    /** Fewer samples than coalitions: the sampled part of the design has to carry the estimate. */
    @Test
    void sampledKernelShapConvergesToExactShapley() throws Exception {
        Mlp mlp = new Mlp(12, 16, 1, OutputKind.REGRESSION, 31);
        float[] x = random(3 * 12, 32), bg = random(4 * 12, 33);
        Tensor xt = Tensor.of(x, 3, 12), bgt = Tensor.of(bg, 4, 12);
        ShapleyResult exact = new ExactShapley(bgt, null, 4096).shapley(mlp, xt, new int[3], Monitor.NONE);
        double scale = 0;
        for (double v : exact.values()) scale = Math.max(scale, Math.abs(v));
        double[] err = new double[2];
        int[] budgets = {300, 3000};
        for (int b = 0; b < 2; b++) {
            ShapleyResult k = new KernelShap(bgt, null, budgets[b], 7, 4096).shapley(mlp, xt, new int[3], Monitor.NONE);
            for (int i = 0; i < 36; i++) err[b] = Math.max(err[b], Math.abs(exact.values()[i] - k.values()[i]));
        }
        assertTrue(err[1] <= 0.01, "3000 of 4094 coalitions: worst difference " + err[1] + " (largest value " + scale + ")");
        assertTrue(err[1] < err[0], "more samples should help: " + Arrays.toString(err));
    }

    @Test
    void kernelShapIsDeterministicForASeed() throws Exception {
        Mlp mlp = new Mlp(14, 8, 1, OutputKind.REGRESSION, 1);
        Tensor x = Tensor.of(random(14, 2), 1, 14), bg = Tensor.of(random(28, 3), 2, 14);
        ShapleyResult a = new KernelShap(bg, null, 200, 5, 64).shapley(mlp, x, new int[1], Monitor.NONE);
        ShapleyResult b = new KernelShap(bg, null, 200, 5, 4096).shapley(mlp, x, new int[1], Monitor.NONE);
        assertTrue(Arrays.equals(a.values(), b.values()));
    }

    /**
     * Coalitions of several rows share model calls (the input buffer is reused between calls) and that changes
     * no bit against one coalition per call; with every coalition enumerated the result is exact Shapley.
     */
    @Test
    void kernelShapBatchesCoalitionsAcrossRowsWithoutChangingABit() throws Exception {
        Mlp mlp = new Mlp(6, 8, 2, OutputKind.CLASS_LOGITS, 41);
        float[] x = random(5 * 6, 42), bg = random(4 * 6, 43);
        for (int b = 0; b < 4; b++) bg[b * 6 + 2] = x[6 + 2]; // row 1's feature 2 equals every background row
        int[] t = {0, 1, 0, 1, 1};
        Tensor xt = Tensor.of(x, 5, 6), bgt = Tensor.of(bg, 4, 6);
        SlowModel spanning = new SlowModel(mlp, 0), single = new SlowModel(mlp, 0);
        ShapleyResult together = new KernelShap(bgt, null, 0, 3, 4096).shapley(spanning, xt, t, Monitor.NONE);
        ShapleyResult oneByOne = new KernelShap(bgt, null, 0, 3, 4).shapley(single, xt, t, Monitor.NONE);
        // rows 0, 2, 3, 4: 2^6 - 2 coalitions enumerated, row 1: 2^5 - 2, each plus the full and empty ones
        int coalitions = 4 * 64 + 32;
        assertEquals(1, spanning.calls(), coalitions + " coalitions x 4 background rows fit one call of 4096 rows");
        assertEquals(coalitions * 4, spanning.largestBatch());
        assertEquals(coalitions, single.calls());
        assertTrue(Arrays.equals(together.values(), oneByOne.values()), "values");
        assertTrue(Arrays.equals(together.baseValue(), oneByOne.baseValue()), "base values");
        assertTrue(Arrays.equals(together.output(), oneByOne.output()), "outputs");
        ShapleyResult exact = new ExactShapley(bgt, null, 4096).shapley(mlp, xt, t, Monitor.NONE);
        for (int i = 0; i < 30; i++) assertEquals(exact.values()[i], together.values()[i], 1e-6, "value " + i);
        assertEquals(0, together.values()[6 + 2], "a feature equal to every background row gets nothing");
        int[] wrong = {0, 1, 2, 1, 1};
        var e = assertThrows(IllegalArgumentException.class, () -> new KernelShap(bgt, null, 0, 3, 4096).shapley(mlp, xt, wrong, Monitor.NONE));
        assertTrue(e.getMessage().contains("target 2 of row 2"), e.getMessage());
        var exactWrong = assertThrows(IllegalArgumentException.class, () -> new ExactShapley(bgt, null, 4096).shapley(mlp, xt, wrong, Monitor.NONE));
        assertTrue(exactWrong.getMessage().contains("target 2 is outside the model's outputs 0..1"), exactWrong.getMessage());
    }

    @Test
    void exactShapleyRefusesTooManyFeatures() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ExactShapley(Tensor.of(new float[13], 1, 13), null, 64).shapley(LinearModel.of(new float[13]), Tensor.of(new float[13], 1, 13), new int[1], Monitor.NONE));
        assertTrue(e.getMessage().contains("12 features"), e.getMessage());
    }

    @Test
    void kMeansFindsSeparatedClustersWithTheirSizesAsWeights() {
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[300 * 2];
        for (int i = 0; i < 300; i++) {
            boolean far = i < 100;
            x[2 * i] = (float) ((far ? 10 : 0) + 0.1 * r.nextGaussian());
            x[2 * i + 1] = (float) ((far ? -5 : 0) + 0.1 * r.nextGaussian());
        }
        KMeans.Summary s = KMeans.summarise(Tensor.of(x, 300, 2), 2, 3);
        float[] c = s.centres().toArray();
        int farIdx = c[0] > 5 ? 0 : 1;
        assertEquals(10, c[2 * farIdx], 0.05);
        assertEquals(-5, c[2 * farIdx + 1], 0.05);
        assertEquals(0, c[2 * (1 - farIdx)], 0.05);
        assertEquals(1 / 3.0, s.weights()[farIdx], 1e-12);
        assertEquals(2 / 3.0, s.weights()[1 - farIdx], 1e-12);
    }
}
