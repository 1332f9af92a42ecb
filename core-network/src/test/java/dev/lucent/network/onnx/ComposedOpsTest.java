package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each ONNX operator composed of native ops equals its definition, computed here value by value in double.
 * (Linear Resize and Gemm are compositions too; they, like all of these, are also checked against ONNX
 * Runtime, forward and gradient, in OpGradientTest and the conformance cases.)
 */
class ComposedOpsTest {
    private static final Tensor X = Tensor.randn(11, 4, 5).mul(3f).detach();

    private static void sameAs(String what, Tensor got, DoubleUnaryOperator definition) {
        float[] x = X.toArray(), y = got.toArray();
        assertEquals(x.length, y.length, what);
        for (int i = 0; i < x.length; i++) {
            double want = definition.applyAsDouble(x[i]);
            assertEquals(want, y[i], 1e-6 * (1 + Math.abs(want)), what + " at x = " + x[i]);
        }
    }

    @Test
    void reciprocalIsOneOverX() {
        sameAs("Reciprocal", Composed.reciprocal(X), x -> 1 / x);
    }

    @Test
    void softsignIsXOverOnePlusAbsX() {
        sameAs("Softsign", Composed.softsign(X), x -> x / (1 + Math.abs(x)));
    }

    @Test
    void seluIsGammaTimesElu() {
        float a = 1.6732632f, g = 1.050701f;
        sameAs("Selu", Composed.selu(X, a, g), x -> x > 0 ? g * x : g * a * (Math.exp(x) - 1));
    }

    @Test
    void hardSigmoidIsAClampedLine() {
        sameAs("HardSigmoid", Composed.hardSigmoid(X, 0.2f, 0.5f), x -> Math.max(0, Math.min(1, 0.2 * x + 0.5)));
    }

    @Test
    void hardSwishIsXTimesItsHardSigmoid() {
        sameAs("HardSwish", Composed.hardSwish(X), x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)));
    }

    @Test
    void preluScalesTheNegativeSideBySlope() {
        sameAs("PRelu", Composed.prelu(X, Tensor.scalar(0.25f)), x -> x < 0 ? 0.25 * x : x);
        // a slope per column, broadcast over rows, and its gradient: the negative inputs of that column
        Tensor slope = Tensor.of(new float[]{0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, 5).requireGrad();
        Tensor y = Composed.prelu(X, slope);
        y.sum().backward();
        float[] x = X.toArray(), v = y.toArray(), ds = slope.grad().toArray();
        double[] want = new double[5];
        for (int i = 0; i < x.length; i++) {
            int c = i % 5;
            assertEquals(x[i] < 0 ? (c + 1) * 0.1 * x[i] : x[i], v[i], 1e-6);
            if (x[i] < 0) want[c] += x[i];
        }
        for (int c = 0; c < 5; c++) assertEquals(want[c], ds[c], 1e-5, "d sum / d slope " + c);
    }

    @Test
    void convTransposeIsTheScatterOfItsDefinition() {
        // y[n, g*mg + m, o] += x[n, g*cg + c, i] * w[g*cg + c, m, j] wherever o = i * stride - padBegin + j * dilation
        int n = 2, cin = 4, group = 2, cg = cin / group, mg = 3, h = 3, wd = 4, kh = 3, kw = 2;
        int[] s = {2, 1}, d = {1, 2}, pb = {1, 0}, pe = {0, 1}, op = {1, 0};
        float[] x = Tensor.randn(21, n, cin, h, wd).toArray(), w = Tensor.randn(22, cin, mg, kh, kw).toArray(), b = Tensor.randn(23, group * mg).toArray();
        int oh = s[0] * (h - 1) + op[0] + d[0] * (kh - 1) + 1 - pb[0] - pe[0], ow = s[1] * (wd - 1) + op[1] + d[1] * (kw - 1) + 1 - pb[1] - pe[1];
        int cout = group * mg;
        double[] want = new double[n * cout * oh * ow];
        for (int b0 = 0; b0 < n; b0++)
            for (int co = 0; co < cout; co++)
                for (int p = 0; p < oh * ow; p++) want[(b0 * cout + co) * oh * ow + p] = b[co];
        for (int b0 = 0; b0 < n; b0++)
            for (int g = 0; g < group; g++)
                for (int c = 0; c < cg; c++)
                    for (int m = 0; m < mg; m++)
                        for (int i0 = 0; i0 < h; i0++)
                            for (int i1 = 0; i1 < wd; i1++)
                                for (int j0 = 0; j0 < kh; j0++)
                                    for (int j1 = 0; j1 < kw; j1++) {
                                        int o0 = i0 * s[0] - pb[0] + j0 * d[0], o1 = i1 * s[1] - pb[1] + j1 * d[1];
                                        if (o0 < 0 || o0 >= oh || o1 < 0 || o1 >= ow) continue;
                                        int ci = g * cg + c;
                                        want[((b0 * cout + g * mg + m) * oh + o0) * ow + o1] +=
                                                x[((b0 * cin + ci) * h + i0) * wd + i1] * w[((ci * mg + m) * kh + j0) * kw + j1];
                                    }
        byte[] model = new OnnxBuilder("ct", 13).input("x", n, cin, h, wd).output("y", n, cout, oh, ow)
                .init("w", w, cin, mg, kh, kw).init("b", b, cout)
                .node("ConvTranspose", "ct", new String[]{"x", "w", "b"}, new String[]{"y"}, "strides", new long[]{2, 1},
                        "dilations", new long[]{1, 2}, "pads", new long[]{1, 0, 0, 1}, "output_padding", new long[]{1, 0}, "group", 2L).build();
        float[] got = OnnxGraphModel.load(model, dev.lucent.network.api.onnx.OnnxLimits.defaults())
                .run(java.util.List.of(Tensor.of(x, n, cin, h, wd))).get(0).toArray();
        assertEquals(want.length, got.length);
        for (int k = 0; k < got.length; k++) assertEquals(want[k], got[k], 1e-4 * (1 + Math.abs(want[k])), "ConvTranspose element " + k);
    }

    @Test
    void instanceNormalizationNormalizesEachPlane() {
        int n = 2, c = 3, hw = 5;
        float[] x = Tensor.randn(31, n, c, hw).mul(2f).add(1f).toArray(), scale = {0.5f, -1f, 2f}, bias = {0.1f, 0.2f, -0.3f};
        byte[] model = new OnnxBuilder("in", 13).input("x", n, c, hw).output("y", n, c, hw)
                .init("s", scale, c).init("b", bias, c)
                .node("InstanceNormalization", "in", new String[]{"x", "s", "b"}, new String[]{"y"}, "epsilon", 1e-3f).build();
        float[] got = OnnxGraphModel.load(model, dev.lucent.network.api.onnx.OnnxLimits.defaults())
                .run(java.util.List.of(Tensor.of(x, n, c, hw))).get(0).toArray();
        for (int p = 0; p < n * c; p++) {
            double mean = 0, var = 0;
            for (int i = 0; i < hw; i++) mean += x[p * hw + i] / (double) hw;
            for (int i = 0; i < hw; i++) var += (x[p * hw + i] - mean) * (x[p * hw + i] - mean) / hw;
            for (int i = 0; i < hw; i++) {
                double want = (x[p * hw + i] - mean) / Math.sqrt(var + 1e-3) * scale[p % c] + bias[p % c];
                assertEquals(want, got[p * hw + i], 1e-5 * (1 + Math.abs(want)), "plane " + p);
            }
        }
    }

    @Test
    void lrnDividesByThePoweredChannelWindowSumOfSquares() {
        // ONNX: y = x / (bias + alpha / size * sum of x[n, i, ...]^2 for max(0, c - floor((size-1)/2)) <= i <= min(C-1, c + ceil((size-1)/2)))^beta
        int n = 2, ch = 7, hw = 6;
        float alpha = 0.7f, beta = 0.75f, bias = 1.5f;
        float[] x = Tensor.randn(31, n, ch, 2, 3).toArray();
        for (int size : new int[]{1, 2, 3, 4, 5, 9}) {
            // the same values seen as [N, C, H, W] and as [N, C, H*W]: the window runs over the channels only
            float[] got = Composed.lrn(Tensor.of(x, n, ch, 2, 3), size, alpha, beta, bias).toArray();
            assertArrayEquals(got, Composed.lrn(Tensor.of(x, n, ch, hw), size, alpha, beta, bias).toArray(), "rank 3, size " + size);
            for (int b = 0; b < n; b++)
                for (int c = 0; c < ch; c++)
                    for (int i = 0; i < hw; i++) {
                        double sum = 0;
                        for (int j = Math.max(0, c - (size - 1) / 2); j <= Math.min(ch - 1, c + (int) Math.ceil((size - 1) / 2.0)); j++)
                            sum += (double) x[(b * ch + j) * hw + i] * x[(b * ch + j) * hw + i];
                        int p = (b * ch + c) * hw + i;
                        double want = x[p] / Math.pow(bias + alpha / size * sum, beta);
                        assertEquals(want, got[p], 1e-5 * (1 + Math.abs(want)), "size " + size + " at " + p);
                    }
        }
    }
}
