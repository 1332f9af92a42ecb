package dev.lucent.network.onnx;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.GradCheck;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AuditableModel face of imported models: batching, layers, randomization, export round trip. */
class OnnxModelFaceTest {
    final OnnxImporter importer = new OnnxImporter();

    static Tensor randomBatch(int n, int[] sample, long seed) {
        Random r = new Random(seed);
        int[] shape = new int[sample.length + 1];
        shape[0] = n;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        float[] x = new float[NdArray.size(shape)];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return Tensor.of(x, shape);
    }

    @Test
    void describesItselfFromTheDeclaredShapes() {
        OnnxModel m = importer.read(TestModels.cnn(1, 17));
        assertArrayEquals(new int[]{2, 10, 10}, m.inputShape());
        assertEquals(3, m.outputCount());
        assertEquals(OutputKind.CLASS_LOGITS, m.outputKind());
        assertEquals(17, m.opset());
        assertEquals(List.of("x"), m.inputNames());
        assertEquals(List.of("conv1", "bn1", "relu1", "pool1", "conv2", "elu2", "pool2", "flat", "fc"), m.layerNames());
        assertEquals(OutputKind.BINARY_LOGIT, m.withOutputKind(OutputKind.BINARY_LOGIT).outputKind());
    }

    @Test
    void aBatchGivesTheSameRowsAsOneRowAtATime() {
        OnnxModel m = importer.read(TestModels.residual(2, 13));
        Tensor batch = randomBatch(4, m.inputShape(), 3);
        float[] all = m.predict(batch).toArray();
        float[] x = batch.toArray();
        int per = x.length / 4;
        for (int i = 0; i < 4; i++) {
            float[] one = m.predict(Tensor.of(Arrays.copyOfRange(x, i * per, (i + 1) * per), 1, 3, 6, 6)).toArray();
            for (int k = 0; k < 4; k++) assertEquals(one[k], all[i * 4 + k], 1e-6);
        }
        // The residual model ends in Softmax: predict gives its logits, probabilities() the graph's own output.
        assertEquals(OutputKind.CLASS_LOGITS, m.outputKind());
        float[] graphOut = m.run(List.of(batch)).get(0).toArray();
        float[][] probs = m.probabilities(batch);
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int k = 0; k < 4; k++) {
                assertEquals(graphOut[i * 4 + k], probs[i][k], 1e-6);
                s += probs[i][k];
            }
            assertEquals(1.0, s, 1e-5);
        }
        assertArrayEquals(importer.read(TestModels.residual(2, 13, false)).predict(batch).toArray(), all);
    }

    @Test
    void aModelExportedWithAFixedBatchRunsLargerBatchesInChunks() throws Exception {
        // PyTorch exported this Conv2d case with a fixed batch of 2.
        byte[] bytes = Files.readAllBytes(ConformanceTest.root().resolve("pytorch-converted/test_Conv2d/model.onnx"));
        OnnxModel m = importer.read(bytes);
        int[] s = m.inputShape();
        Tensor batch = randomBatch(6, s, 5);
        float[] out = m.predict(batch).toArray();
        assertEquals(6, m.predict(batch).shape()[0]);
        float[] x = batch.toArray();
        int per = x.length / 6;
        int[] two = new int[s.length + 1];
        two[0] = 2;
        System.arraycopy(s, 0, two, 1, s.length);
        try (Ort ort = new Ort(bytes)) {
            for (int i = 0; i < 6; i += 2) {
                float[] want = ort.run(NdArray.floats(two, Arrays.copyOfRange(x, i * per, (i + 2) * per))).f;
                int off = i * (want.length / 2);
                for (int k = 0; k < want.length; k++) assertEquals(want[k], out[off + k], 1e-5 * (1 + Math.abs(want[k])));
            }
        }
        assertArrayEquals(batch.shape(), m.inputGradient(batch, new int[]{0, 5, 7, 1, 2, 3}).shape());
    }

    @Test
    void aFixedBatchModelPadsABatchThatIsNotAMultipleAndDropsThePadding() throws Exception {
        // the padding audit-web's FixedBatchModel did now happens in the model, next to the chunking
        byte[] bytes = Files.readAllBytes(ConformanceTest.root().resolve("pytorch-converted/test_Conv2d/model.onnx"));
        OnnxModel m = importer.read(bytes);
        int[] s = m.inputShape();
        Tensor three = randomBatch(3, s, 1);
        float[] x = three.toArray();
        int per = x.length / 3;
        Tensor firstTwo = Tensor.of(Arrays.copyOf(x, 2 * per), 2, s[0], s[1], s[2]);
        Tensor last = Tensor.of(Arrays.copyOfRange(x, 2 * per, 3 * per), 1, s[0], s[1], s[2]);
        float[] got = m.predict(three).toArray();
        float[] want = concat(m.predict(firstTwo).toArray(), m.predict(last).toArray());
        assertArrayEquals(want, got, "3 rows = 2 rows and 1 padded row, the padding's outputs dropped");
        int[] targets = {3, 0, 7};
        float[] g = m.inputGradient(three, targets).toArray();
        float[] wantG = concat(m.inputGradient(firstTwo, new int[]{3, 0}).toArray(), m.inputGradient(last, new int[]{7}).toArray());
        assertArrayEquals(wantG, g, "a padded row's gradient does not leak into the real rows");
        assertEquals(3, m.traceLayer(m.layerNames().get(0), three, targets).activations().shape()[0]);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void gradCamCanTargetAnInnerConvolution() {
        OnnxModel m = importer.read(TestModels.cnn(3, 17));
        Tensor batch = randomBatch(2, m.inputShape(), 9);
        LayerTrace t = m.traceLayer("conv2", batch, new int[]{1, 2});
        assertArrayEquals(new int[]{2, 6, 3, 3}, t.activations().shape());
        assertArrayEquals(new int[]{2, 6, 3, 3}, t.gradients().shape());
        // conv2 feeds ELU then a 3x3 average over the whole map then a linear layer: dOut/dA[c,i,j] =
        // Wf[target, c] / 9 * ELU'(A[c,i,j]), with ELU'(a) = 1 for a >= 0 and e^a otherwise.
        float[] wf = m instanceof OnnxGraphModel gm ? constant(gm, "Wf") : null;
        float[] a = t.activations().toArray(), g = t.gradients().toArray();
        int[] targets = {1, 2};
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 6; c++)
                for (int p = 0; p < 9; p++) {
                    int i = (n * 6 + c) * 9 + p;
                    double d = a[i] >= 0 ? 1 : Math.exp(a[i]);
                    assertEquals(wf[targets[n] * 6 + c] / 9.0 * d, g[i], 1e-5);
                }
        assertThrows(IllegalArgumentException.class, () -> m.traceLayer("conv9", batch, new int[]{0, 0}));
    }

    static float[] constant(OnnxGraphModel m, String name) {
        Program p = m.program();
        for (int i = 0; i < p.names.length; i++) if (p.names[i].equals(name)) return p.consts[i].f;
        throw new AssertionError(name);
    }

    @Test
    void randomizingALayerChangesItsParametersOnlyAndIsSeeded() {
        OnnxModel m = importer.read(TestModels.mlp(4, 17));
        Tensor batch = randomBatch(3, m.inputShape(), 1);
        AuditableModel a = m.withRandomizedLayers(List.of("fc3"), 42);
        AuditableModel b = m.withRandomizedLayers(List.of("fc3"), 42);
        AuditableModel c = m.withRandomizedLayers(List.of("fc3"), 43);
        assertArrayEquals(a.predict(batch).toArray(), b.predict(batch).toArray());
        assertFalse(Arrays.equals(a.predict(batch).toArray(), c.predict(batch).toArray()));
        assertFalse(Arrays.equals(m.predict(batch).toArray(), a.predict(batch).toArray()));
        // Layers before fc3 are untouched: their activations are identical.
        assertArrayEquals(m.traceLayer("tanh2", batch, new int[]{0, 0, 0}).activations().toArray(),
                a.traceLayer("tanh2", batch, new int[]{0, 0, 0}).activations().toArray());
        // The original is unchanged by making the copy.
        assertArrayEquals(m.predict(batch).toArray(), importer.read(TestModels.mlp(4, 17)).predict(batch).toArray());
        assertThrows(IllegalArgumentException.class, () -> m.withRandomizedLayers(List.of("nope"), 1));
    }

    @Test
    void anInputGradientReadsTheBatchInPlaceAndHandsOutAnArrayOfItsOwn() {
        int rows = 1024; // 12,288 values: past the batch arena's threshold, so the reused-arrays path runs
        int[] targets = new int[rows];
        for (int i = 0; i < rows; i++) targets[i] = i % 3;
        GradCheck.inputGradientReadsTheBatchInPlace(importer.read(TestModels.mlp(4, 17)), randomBatch(rows, new int[]{12}, 9), targets, 5, 3);
    }

    @Test
    void badBatchesAndTargetsAreRefusedWithTheReason() {
        OnnxModel m = importer.read(TestModels.mlp(4, 17));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(Tensor.of(new float[10], 1, 10)));
        assertTrue(e.getMessage().contains("does not fit the model input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.inputGradient(randomBatch(1, m.inputShape(), 1), new int[]{3}));
        assertTrue(e.getMessage().contains("target 3"), e.getMessage());
    }

    @Test
    void anImportedModelWrittenBackRunsInOnnxRuntimeWithTheSameOutputs() throws Exception {
        for (byte[] src : List.of(TestModels.cnn(6, 17), TestModels.residual(7, 21))) {
            OnnxModel m = importer.read(src);
            AuditableModel randomized = m.withRandomizedLayers(List.of(m.layerNames().get(0)), 3);
            byte[] out = ((OnnxModel) randomized).toOnnx();
            Tensor batch = randomBatch(4, m.inputShape(), 8);
            try (Ort ort = new Ort(out)) {
                float[] want = ort.run(NdArray.floats(batch.shape(), batch.toArray())).f;
                float[] got = ((OnnxModel) randomized).run(List.of(batch)).get(0).toArray();
                assertNotEquals(Arrays.toString(m.run(List.of(batch)).get(0).toArray()), Arrays.toString(got));
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5 * (1 + Math.abs(want[i])));
            }
            assertArrayEquals(randomized.predict(batch).toArray(), importer.read(out).predict(batch).toArray());
        }
    }
}
