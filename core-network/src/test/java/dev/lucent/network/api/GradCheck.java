package dev.lucent.network.api;

import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * A model's input gradient of a 2-d batch read in place: the batch is never written, a strided copy of it gives the
     * same bits, a later call leaves an earlier result alone, and the value at (row, feature) agrees with central
     * differences of the predicted target output.
     */
    public static void inputGradientReadsTheBatchInPlace(AuditableModel m, Tensor dense, int[] targets, int row, int feature) {
        int rows = dense.shape()[0], features = dense.shape()[1];
        Tensor view = Tensor.of(dense.transpose(0, 1).toArray(), features, rows).transpose(0, 1); // same values, strided
        assertFalse(view.isContiguous());
        float[] before = dense.toArray();
        Tensor first = m.inputGradient(dense, targets);
        float[] firstValues = first.toArray();
        assertArrayEquals(before, dense.toArray(), 0f, "the caller's batch is read, never written");
        assertArrayEquals(firstValues, m.inputGradient(view, targets).toArray(), 0f, "a strided batch gives the same gradient");
        m.inputGradient(dense, new int[rows]);
        assertArrayEquals(firstValues, first.toArray(), 0f, "a later call does not write into an earlier result");
        float[] up = before.clone(), down = before.clone();
        up[row * features + feature] += 1e-2f;
        down[row * features + feature] -= 1e-2f;
        double numeric = (m.predict(Tensor.of(up, rows, features)).get(row, targets[row])
                - m.predict(Tensor.of(down, rows, features)).get(row, targets[row])) / 2e-2;
        assertEquals(numeric, firstValues[row * features + feature], 2e-3);
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
