package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each ONNX operator composed of native ops equals its definition, computed here value by value in double.
 * (ConvTranspose, linear Resize, InstanceNormalization and Gemm are compositions too; they are checked
 * against ONNX Runtime, forward and gradient, in OpGradientTest and the conformance cases.)
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
}
