package dev.lucent.network.onnx;

import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A final Softmax on [N, classes, 1, 1], as SqueezeNet ends (a 1x1 convolution to the classes, global average pooling,
 * Softmax over axis 1), possibly followed by Flatten or Reshape, is read as probabilities: the raw outputs are its
 * input, the logits; probabilities() equals the file's own output (checked against ONNX Runtime), and input gradients
 * are those of the chosen logit (checked against ONNX Runtime finite differences of the graph without its softmax).
 */
class SoftmaxHeadTest {
    static final int C = 3, HW = 6, K = 7;

    /** Conv 3->7 (1x1) -> Relu -> GlobalAveragePool -> [Softmax over axis 1] -> tail; batch fixed at {@code batch} or dynamic (-1). */
    static byte[] squeezeHead(int opset, long batch, String op, String tail) {
        Random r = new Random(12);
        boolean flat = !tail.isEmpty();
        OnnxBuilder b = new OnnxBuilder("squeeze-head", opset).input("x", batch, C, HW, HW)
                .init("w", TestModels.normal(r, K * C, 3.0), K, C, 1, 1).init("bias", TestModels.normal(r, K, 1.0), K)
                .node("Conv", "final_conv", new String[]{"x", "w", "bias"}, new String[]{"c"})
                .node("Relu", "relu", new String[]{"c"}, new String[]{"a"})
                .node("GlobalAveragePool", "pool", new String[]{"a"}, new String[]{op.isEmpty() ? (flat ? "s" : "y") : "g"});
        if (!op.isEmpty()) b.node(op, "prob", new String[]{"g"}, new String[]{flat ? "s" : "y"}, "axis", 1L);
        if (tail.equals("Flatten")) b.node("Flatten", "flat", new String[]{"s"}, new String[]{"y"}, "axis", 1L);
        if (tail.equals("Reshape")) b.initLongs("shape", new long[]{-1, K}, 2).node("Reshape", "flat", new String[]{"s", "shape"}, new String[]{"y"});
        return flat ? b.output("y", batch, K).build() : b.output("y", batch, K, 1, 1).build();
    }

    static Tensor images(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * C * HW * HW];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 2);
        return Tensor.of(x, n, C, HW, HW);
    }

    @Test
    void aRank4SoftmaxHeadIsReadAsProbabilitiesWithAndWithoutFlatten() throws Exception {
        for (int opset : new int[]{11, 13})
            for (long batch : new long[]{1, -1})
                for (String tail : new String[]{"", "Flatten", "Reshape"}) {
                    String what = "opset " + opset + ", batch " + batch + ", tail '" + tail + "'";
                    byte[] file = squeezeHead(opset, batch, "Softmax", tail);
                    OnnxModel m = new OnnxImporter().read(file);
                    assertEquals(OutputKind.CLASS_LOGITS, m.outputKind(), what);
                    Tensor x = images(3, 4);
                    float[][] p = m.probabilities(x);
                    float[] x0 = x.toArray();
                    int per = C * HW * HW;
                    try (Ort ort = new Ort(file)) {
                        for (int i = 0; i < 3; i++) {
                            float[] row = java.util.Arrays.copyOfRange(x0, i * per, (i + 1) * per);
                            float[] want = ort.run(NdArray.floats(new int[]{1, C, HW, HW}, row)).f; // the file's own probabilities
                            int top = 0;
                            for (int k = 1; k < K; k++) if (want[k] > want[top]) top = k;
                            assertTrue(want[top] > 0.25, "the test's head should be confident: " + want[top]);
                            for (int k = 0; k < K; k++) assertEquals(want[k], p[i][k], 1e-5, what + ", row " + i + ", class " + k);
                        }
                    }
                }
    }

    @Test
    void gradientsAreTakenOnTheLogitsBeforeTheSoftmax() throws Exception {
        byte[] file = squeezeHead(13, -1, "Softmax", "Flatten");
        byte[] logitsOnly = squeezeHead(13, -1, "", "Flatten");
        OnnxModel m = new OnnxImporter().read(file);
        Tensor x = images(2, 9);
        int[] targets = {2, 5};
        float[] g = m.inputGradient(x, targets).toArray(), xs = x.toArray();
        int per = C * HW * HW;
        double num = 0, den = 0, h = 1e-2;
        try (Ort ort = new Ort(logitsOnly)) {
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < per; j += 7) {
                    float[] row = java.util.Arrays.copyOfRange(xs, i * per, (i + 1) * per);
                    float keep = row[j];
                    row[j] = (float) (keep + h);
                    double up = ort.run(NdArray.floats(new int[]{1, C, HW, HW}, row)).f[targets[i]];
                    row[j] = (float) (keep - h);
                    double down = ort.run(NdArray.floats(new int[]{1, C, HW, HW}, row)).f[targets[i]];
                    double fd = (up - down) / (2 * h), got = g[i * per + j];
                    num += (got - fd) * (got - fd);
                    den += fd * fd;
                }
        }
        assertTrue(den > 0);
        assertTrue(Math.sqrt(num / den) < 1e-2, "relative error of d logit / d input: " + Math.sqrt(num / den));
    }

    @Test
    void aSoftmaxOverAnotherAxisIsNotAHead() {
        // softmax over the spatial axis of [N, 2, 3]: rows are not distributions over classes; read as they are
        byte[] file = new OnnxBuilder("spatial", 13).input("x", -1, 2, 3).output("y", -1, 2, 3)
                .node("Softmax", "sm", new String[]{"x"}, new String[]{"y"}, "axis", 2L).build();
        OnnxModel m = new OnnxImporter().read(file);
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 1, 2, 3);
        float[] raw = m.predict(x).toArray();
        float[] own = m.run(java.util.List.of(x)).get(0).toArray();
        assertEquals(java.util.Arrays.toString(own), java.util.Arrays.toString(raw));
    }
}
