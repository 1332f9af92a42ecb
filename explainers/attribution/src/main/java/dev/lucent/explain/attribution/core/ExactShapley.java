package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * Exact Shapley values by enumerating all 2^M coalitions:
 * phi_i = sum over S not containing i of |S|! (M - |S| - 1)! / M! * (v(S + i) - v(S)).
 * Limited to {@value #MAX_FEATURES} features (4096 coalitions times the background rows per input).
 */
public final class ExactShapley implements Attribution {
    public static final int MAX_FEATURES = 12;

    private final Tensor background;
    private final double[] backgroundWeights;
    private final int batchRows;

    /**
     * @param background        {@code k} background rows, the "absent" values
     * @param backgroundWeights their weights (null: equal)
     */
    public ExactShapley(Tensor background, double[] backgroundWeights, int batchRows) {
        this.background = background;
        this.backgroundWeights = backgroundWeights == null ? null : backgroundWeights.clone();
        this.batchRows = batchRows;
    }

    /** The Shapley values against the background given at construction ({@code baselines} are not used). */
    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        return shapley(model, inputs, targets, monitor).attributions((1 << Data.sampleSize(inputs.shape()))
                + " coalitions, background of " + background.shape()[0] + " k-means centres");
    }

    public ShapleyResult shapley(AuditableModel model, Tensor inputs, int[] targets, Monitor monitor) throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        if (m > MAX_FEATURES)
            throw new IllegalArgumentException("exact Shapley values enumerate 2^M coalitions and are limited to "
                    + MAX_FEATURES + " features; this model has " + m);
        if (Data.sampleSize(background.shape()) != m)
            throw new IllegalArgumentException("background rows have " + Data.sampleSize(background.shape()) + " values, inputs " + m);
        int k = background.shape()[0];
        double[] w = CoalitionValues.weights(backgroundWeights, k);
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int coalitions = 1 << m;
        boolean[][] masks = new boolean[coalitions][m];
        for (int s = 0; s < coalitions; s++) for (int j = 0; j < m; j++) masks[s][j] = (s >> j & 1) == 1;
        // weight of a coalition of size s in phi_i: s! (m - s - 1)! / m!
        double[] coef = new double[m];
        for (int s = 0; s < m; s++) coef[s] = 1.0 / (m * binomial(m - 1, s));
        float[] x = inputs.toArray(), bg = background.toArray();
        double[] phi = new double[n * m], base = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) {
            double[] v = CoalitionValues.evaluate(model, Arrays.copyOfRange(x, i * m, (i + 1) * m), bg, w, targets[i],
                    sample, masks, batchRows, monitor.range((double) i / n, (i + 1.0) / n));
            for (int s = 0; s < coalitions; s++) {
                int size = Integer.bitCount(s);
                for (int j = 0; j < m; j++)
                    if ((s >> j & 1) == 0) phi[i * m + j] += coef[size] * (v[s | 1 << j] - v[s]);
            }
            base[i] = v[0];
            out[i] = v[coalitions - 1];
        }
        monitor.progress(1, "exact Shapley values of " + n + " rows");
        return new ShapleyResult(phi, base, out);
    }

    static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
