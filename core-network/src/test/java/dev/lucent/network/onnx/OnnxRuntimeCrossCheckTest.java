package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs of imported models against ONNX Runtime 1.23.2 on random inputs (|diff| <= 1e-5 (1 + |ort|)). */
class OnnxRuntimeCrossCheckTest {
    static final double TOL = 1e-5;

    static double maxScaledDiff(NdArray a, NdArray b) {
        assertEquals(java.util.Arrays.toString(b.shape), java.util.Arrays.toString(a.shape), "output shape");
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            double x = a.get(i), y = b.get(i);
            if (x == y || (Double.isNaN(x) && Double.isNaN(y))) continue;
            worst = Math.max(worst, Math.abs(x - y) / (1 + Math.abs(y)));
        }
        return worst;
    }

    static NdArray randomLike(NdArray like, Random r) {
        if (!like.isFloat()) return like; // integer inputs (indices) keep the case's own values
        float[] v = new float[like.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return NdArray.floats(like.shape, v);
    }

    @Test
    void builtModelsMatchOnnxRuntimeOnRandomBatches() throws Exception {
        Random r = new Random(7);
        for (int opset : new int[]{13, 17, 21})
            for (byte[] bytes : List.of(TestModels.mlp(1, opset), TestModels.cnn(2, opset), TestModels.residual(3, opset))) {
                OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
                try (Ort ort = new Ort(bytes)) {
                    for (int batch : new int[]{1, 5}) {
                        int[] shape = new int[m.inputShape().length + 1];
                        shape[0] = batch;
                        System.arraycopy(m.inputShape(), 0, shape, 1, shape.length - 1);
                        float[] x = new float[NdArray.size(shape)];
                        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                        NdArray want = ort.run(NdArray.floats(shape, x));
                        Tensor got = m.run(List.of(Tensor.of(x, shape))).get(0); // the graph's output, softmax included
                        double d = maxScaledDiff(NdArray.floats(got.shape(), got.toArray()), want);
                        System.out.printf("ORT cross-check %s opset %d batch %d: max scaled diff %.2e%n", m.name(), opset, batch, d);
                        assertTrue(d <= TOL, m.name() + " differs from ONNX Runtime by " + d);
                    }
                }
            }
    }

    @Test
    void conformanceModelsMatchOnnxRuntimeOnRandomInputs() throws Exception {
        Random r = new Random(11);
        int compared = 0, ortRefused = 0;
        List<String> mismatches = new ArrayList<>();
        for (Path c : ConformanceTest.cases()) {
            byte[] bytes = Files.readAllBytes(c.resolve("model.onnx"));
            OnnxGraphModel m;
            try {
                m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
            } catch (OnnxException e) {
                continue; // refused as unsupported; the conformance test checks that refusal
            }
            NdArray[] like = ConformanceTest.load(c.resolve("test_data_set_0"), "input_");
            NdArray[] in = new NdArray[like.length];
            for (int i = 0; i < in.length; i++) in[i] = randomLike(like[i], r);
            NdArray want;
            try (Ort ort = new Ort(bytes)) {
                want = ort.run(in);
            } catch (ai.onnxruntime.OrtException e) {
                ortRefused++;
                continue;
            }
            double d = maxScaledDiff(m.runArrays(in)[0], want);
            compared++;
            if (d > TOL) mismatches.add(c.getFileName() + ": " + d);
        }
        System.out.println("ORT cross-check on conformance models: " + compared + " compared, " + ortRefused
                + " refused by ONNX Runtime, " + mismatches.size() + " mismatched " + mismatches);
        assertEquals(List.of(), mismatches);
        // ONNX Runtime refuses some opset-6 legacy forms (it guarantees opset 7+); those are covered by the expected outputs.
        assertTrue(compared >= 80, "compared only " + compared);
    }
}
