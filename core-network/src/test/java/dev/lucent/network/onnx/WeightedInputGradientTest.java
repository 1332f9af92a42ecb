package dev.lucent.network.onnx;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxImporter;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weighted-output input gradient (face 1.2): the gradient of sum_k w[i, k] out[i, k] per row. Oracles: the
 * weighted sum of the per-output gradients {@code inputGradient} gives, and central finite differences of the
 * weighted outputs along random directions; native models, imported graphs (one run and fixed-batch chunks with
 * padding) and the face's default for any other model.
 */
class WeightedInputGradientTest {
    final OnnxImporter importer = new OnnxImporter();

    static float[] weights(int n, int k, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n * k];
        for (int i = 0; i < w.length; i++) w[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextGaussian(); // some outputs unweighed
        return w;
    }

    /** sum_k w[i, k] inputGradient(all rows target k)[i]: k backward passes, the slow way. */
    static float[] perOutputSum(AuditableModel m, Tensor batch, float[] w) {
        int n = batch.shape()[0], k = m.outputCount(), per = batch.size() / n;
        float[] sum = new float[batch.size()];
        for (int j = 0; j < k; j++) {
            int[] t = new int[n];
            java.util.Arrays.fill(t, j);
            float[] g = m.inputGradient(batch, t).toArray();
            for (int i = 0; i < n; i++) for (int q = 0; q < per; q++) sum[i * per + q] += w[i * k + j] * g[i * per + q];
        }
        return sum;
    }

    static void assertClose(float[] want, float[] got, double rel) {
        assertEquals(want.length, got.length);
        double scale = 0;
        for (float v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], rel * (scale + 1e-6), "value " + i);
    }

    void matchesThePerOutputSum(AuditableModel m, int n, long seed) {
        Tensor batch = OnnxModelFaceTest.randomBatch(n, m.inputShape(), seed);
        float[] w = weights(n, m.outputCount(), seed + 1);
        float[] got = m.weightedInputGradient(batch, Tensor.of(w, n, m.outputCount())).toArray();
        assertClose(perOutputSum(m, batch, w), got, 1e-5);
        double norm = 0;
        for (float v : got) norm += v * v;
        assertTrue(norm > 0, "a gradient that could be wrong");
    }

    @Test
    void nativeModelsGiveTheWeightedSumOfTheirOutputsGradients() {
        matchesThePerOutputSum(ExportTest.mlp(), 7, 1);
        matchesThePerOutputSum(ExportTest.cnn(), 5, 2);
    }

    @Test
    void importedGraphsGiveTheWeightedSumOfTheirOutputsGradients() throws Exception {
        matchesThePerOutputSum(importer.read(TestModels.cnn(3, 17)), 5, 3);
        matchesThePerOutputSum(importer.read(TestModels.mlp(4, 17)), 6, 4);
        // exported with a fixed batch of 2: three rows run as two chunks, the second padded; the weights follow their rows
        byte[] fixed = Files.readAllBytes(ConformanceTest.root().resolve("pytorch-converted/test_Conv2d/model.onnx"));
        matchesThePerOutputSum(importer.read(fixed), 3, 5);
    }

    @Test
    void agreesWithFiniteDifferencesOfTheWeightedOutputs() {
        AuditableModel m = ExportTest.mlp();
        int n = 4, k = m.outputCount();
        Tensor batch = OnnxModelFaceTest.randomBatch(n, m.inputShape(), 6);
        float[] w = weights(n, k, 7), x = batch.toArray();
        float[] g = m.weightedInputGradient(batch, Tensor.of(w, n, k)).toArray();
        Random r = new Random(8);
        double h = 1e-2;
        for (int trial = 0; trial < 5; trial++) {
            float[] v = new float[x.length], up = x.clone(), down = x.clone();
            double along = 0;
            for (int q = 0; q < x.length; q++) {
                v[q] = (float) r.nextGaussian();
                up[q] += (float) (h * v[q]);
                down[q] -= (float) (h * v[q]);
                along += g[q] * v[q];
            }
            double fd = (weighted(m, up, w, batch.shape()) - weighted(m, down, w, batch.shape())) / (2 * h);
            assertEquals(fd, along, 2e-3 * Math.max(1, Math.abs(fd)), "direction " + trial);
        }
    }

    private static double weighted(AuditableModel m, float[] x, float[] w, int[] shape) {
        float[] out = m.predict(Tensor.of(x, shape)).toArray();
        double s = 0;
        for (int i = 0; i < out.length; i++) s += (double) w[i] * out[i];
        return s;
    }

    @Test
    void theFacesDefaultServesAnyOtherModelAlike() {
        AuditableModel inner = ExportTest.mlp();
        AuditableModel other = new AuditableModel() { // only the face's abstract methods: the default answers
            public String name() { return "other"; }
            public int[] inputShape() { return inner.inputShape(); }
            public int outputCount() { return inner.outputCount(); }
            public OutputKind outputKind() { return inner.outputKind(); }
            public Tensor predict(Tensor batch) { return inner.predict(batch); }
            public Tensor inputGradient(Tensor batch, int[] targets) { return inner.inputGradient(batch, targets); }
            public List<String> layerNames() { return inner.layerNames(); }
            public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) { return inner.traceLayer(layer, batch, targets); }
            public AuditableModel withRandomizedLayers(List<String> layers, long seed) { return inner.withRandomizedLayers(layers, seed); }
        };
        Tensor batch = OnnxModelFaceTest.randomBatch(5, inner.inputShape(), 9);
        Tensor w = Tensor.of(weights(5, inner.outputCount(), 10), 5, inner.outputCount());
        assertClose(inner.weightedInputGradient(batch, w).toArray(), other.weightedInputGradient(batch, w).toArray(), 1e-5);
    }

    @Test
    void weightsOfTheWrongShapeAreOneLineNamingIt() throws Exception {
        for (AuditableModel m : List.of(ExportTest.mlp(), importer.read(TestModels.mlp(4, 17)))) {
            Tensor batch = OnnxModelFaceTest.randomBatch(3, m.inputShape(), 11);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.weightedInputGradient(batch, Tensor.of(new float[3 * 2], 3, 2)));
            assertEquals("output weights of shape [3, 2] for 3 rows of " + m.outputCount() + " outputs: need [3, "
                    + m.outputCount() + "]", e.getMessage());
            float[] nan = new float[3 * m.outputCount()];
            nan[1] = Float.NaN;
            assertThrows(IllegalArgumentException.class, () -> m.weightedInputGradient(batch, Tensor.of(nan, 3, m.outputCount())));
        }
    }
}
