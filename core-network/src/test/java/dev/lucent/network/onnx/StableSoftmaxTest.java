package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Softmax and LogSoftmax at extreme magnitudes (a ResNet-50 with random weights has logits near 1e19), in graphs
 * (opset 13, one axis; opset 11, coerced to 2-D) and as native ops, against the same math in double. The unstable
 * form exp(x - (max + log sum)) rounds max + log sum to max once |max| is large, so equal logits each get 1.0.
 */
class StableSoftmaxTest {
    static final int K = 5;

    /** Rows of K logits: equal, nearly equal, unequal and mixed, positive and negative, from 1e4 to 1e30. */
    static float[] rows() {
        List<float[]> r = new ArrayList<>();
        for (double m : new double[]{1e4, 1e10, 1e19, 1e30})
            for (int sign : new int[]{1, -1}) {
                float v = (float) (sign * m);
                r.add(new float[]{v, v, v, v, v});
                r.add(new float[]{v, Math.nextUp(v), v, Math.nextDown(v), v});   // one float step apart
                r.add(new float[]{v, v * 0.5f, 0f, -v, v});                      // two tied at the top, the rest far below
                r.add(new float[]{v, v + (float) Math.ulp(v) * 2, v - (float) Math.ulp(v) * 3, v, v + (float) Math.ulp(v)});
            }
        r.add(new float[]{1e4f, 1e4f + 1, 1e4f + 2, 1e4f - 1, 1e4f}); // small gaps at 1e4: ordinary probabilities
        float[] all = new float[r.size() * K];
        for (int i = 0; i < r.size(); i++) System.arraycopy(r.get(i), 0, all, i * K, K);
        return all;
    }

    /** Softmax or log-softmax of each row in double, shifted by the row's maximum. */
    static double[] expected(float[] x, boolean log) {
        double[] y = new double[x.length];
        for (int o = 0; o < x.length; o += K) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < K; j++) m = Math.max(m, x[o + j]);
            for (int j = 0; j < K; j++) s += Math.exp(x[o + j] - m);
            for (int j = 0; j < K; j++) y[o + j] = log ? (x[o + j] - m) - Math.log(s) : Math.exp(x[o + j] - m) / s;
        }
        return y;
    }

    static void same(String what, double[] want, float[] got, float[] x) {
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], got[i], 1e-6 * (1 + Math.abs(want[i])), what + " at row " + i / K + " (logit " + x[i] + ")");
    }

    @Test
    void graphSoftmaxAndLogSoftmaxAreStableAtExtremeMagnitudes() {
        float[] x = rows();
        int n = x.length / K;
        for (String op : new String[]{"Softmax", "LogSoftmax"})
            for (int opset : new int[]{11, 13}) {
                byte[] model = new OnnxBuilder("sm", opset).input("x", n, K).output("y", n, K)
                        .node(op, "head", new String[]{"x"}, new String[]{"y"}, "axis", opset < 13 ? 1L : -1L).build();
                OnnxGraphModel m = OnnxGraphModel.load(model, OnnxLimits.defaults());
                float[] y = m.run(List.of(Tensor.of(x.clone(), n, K))).get(0).toArray();
                same(op + " opset " + opset, expected(x, op.equals("LogSoftmax")), y, x);
            }
    }

    @Test
    void nativeSoftmaxAndLogSoftmaxAreStableAtExtremeMagnitudes() {
        float[] x = rows();
        int n = x.length / K;
        same("softmax", expected(x, false), Tensor.of(x, n, K).softmax(1).toArray(), x);
        same("logSoftmax", expected(x, true), Tensor.of(x, n, K).logSoftmax(1).toArray(), x);
        // along the first axis of the transpose: the strided path of the kernel
        float[] t = Tensor.of(x, n, K).transpose(0, 1).softmax(0).transpose(0, 1).toArray();
        same("softmax over axis 0", expected(x, false), t, x);
    }
}
