package dev.lucent.network.api;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences against the engine's backward pass. The scalar checked is
 * sum(f(inputs) * R) with fixed random weights R, evaluated in double so rounding stays below the
 * float32 step; inputs are kept away from kinks by the caller.
 */
public final class GradCheck {
    private GradCheck() {
    }

    static float[] values(long seed, int n, boolean awayFromZero) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double mag = awayFromZero ? 0.2 + 0.8 * r.nextDouble() : r.nextDouble() * 2 - 1;
            v[i] = (float) (awayFromZero && r.nextBoolean() ? -mag : mag);
        }
        return v;
    }

    public static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(what, f, 1e-2, 2e-3, inputs);
    }

    /** tol: absolute tolerance; a relative 1% is allowed on top. */
    public static void check(String what, Function<Tensor[], Tensor> f, double h, double tol, Tensor... inputs) {
        for (Tensor t : inputs) t.requireGrad();
        Tensor out = f.apply(inputs);
        float[] weights = values(99, out.size(), false);
        out.mul(Tensor.of(weights, out.shape())).sum().backward();
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            float[] analytic = x.grad() == null ? new float[x.size()] : x.grad().toArray();
            float[] data = x.data; // leaves are contiguous and own their array
            for (int i = 0; i < x.size(); i++) {
                float keep = data[i];
                data[i] = (float) (keep + h);
                double up = weighted(f, inputs, weights);
                data[i] = (float) (keep - h);
                double down = weighted(f, inputs, weights);
                data[i] = keep;
                double numeric = (up - down) / (2 * h);
                double err = Math.abs(numeric - analytic[i]);
                assertTrue(err <= tol + 1e-2 * Math.abs(numeric),
                        what + ": input " + k + " element " + i + " analytic " + analytic[i] + " numeric " + numeric);
            }
        }
    }

    private static double weighted(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] weights) {
        try (Tensor.Scope s = Tensor.noGrad()) {
            float[] y = f.apply(inputs).toArray();
            double acc = 0;
            for (int i = 0; i < y.length; i++) acc += (double) y[i] * weights[i];
            return acc;
        }
    }

    static Tensor rand(long seed, boolean awayFromZero, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return Tensor.of(values(seed, n, awayFromZero), shape);
    }

    /** Values spaced 0.05 apart in shuffled order: no near-ties for max-type ops within the FD step. */
    static Tensor distinct(long seed, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 2f) * 0.05f;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape);
    }

    static Tensor positive(long seed, int... shape) {
        Tensor t = rand(seed, true, shape);
        float[] d = t.toArray();
        for (int i = 0; i < d.length; i++) d[i] = Math.abs(d[i]) + 0.5f;
        return Tensor.of(d, shape);
    }
}
