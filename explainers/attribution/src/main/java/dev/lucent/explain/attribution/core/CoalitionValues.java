package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;

/**
 * The value of a coalition S of features for one input x, as SHAP's KernelExplainer defines it: the
 * background-weighted mean of f(z) where z takes x's values on S and each background row's values
 * elsewhere (interventional, features treated as independent). Coalitions are evaluated in batches, each
 * coalition with all background rows.
 */
final class CoalitionValues {
    private CoalitionValues() {
    }

    /**
     * @param background {@code k * m} values
     * @param weights    {@code k} weights summing to 1
     * @param masks      per coalition, which features come from x
     */
    static double[] evaluate(AuditableModel model, float[] x, float[] background, double[] weights, int target,
                             int[] sampleShape, boolean[][] masks, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        int m = x.length;
        int k = weights.length;
        int perBatch = Math.max(1, batchRows / k);
        double[] values = new double[masks.length];
        for (int start = 0; start < masks.length; start += perBatch) {
            monitor.progress((double) start / masks.length, "coalitions " + start + " of " + masks.length);
            int end = Math.min(masks.length, start + perBatch);
            int rows = (end - start) * k;
            float[] z = new float[rows * m];
            for (int c = start; c < end; c++) {
                boolean[] mask = masks[c];
                for (int b = 0; b < k; b++) {
                    int base = ((c - start) * k + b) * m;
                    for (int j = 0; j < m; j++) z[base + j] = mask[j] ? x[j] : background[b * m + j];
                }
            }
            float[] out = model.predict(Tensor.of(z, Data.batchShape(rows, sampleShape))).toArray();
            int outputs = out.length / rows;
            // a wrong target would silently read the next row's output
            if (target < 0 || target >= outputs)
                throw new IllegalArgumentException("target " + target + " is outside the model's outputs 0.." + (outputs - 1));
            for (int c = start; c < end; c++) {
                double v = 0;
                for (int b = 0; b < k; b++) v += weights[b] * out[((c - start) * k + b) * outputs + target];
                values[c] = v;
            }
        }
        return values;
    }

    /** Uniform weights when none are given; otherwise checks and normalises them. */
    static double[] weights(double[] given, int k) {
        if (k < 1) throw new IllegalArgumentException("the background needs at least one row");
        double[] w = new double[k];
        if (given == null) {
            java.util.Arrays.fill(w, 1.0 / k);
            return w;
        }
        if (given.length != k) throw new IllegalArgumentException(given.length + " weights for " + k + " background rows");
        double s = 0;
        for (double v : given) {
            if (!(v >= 0)) throw new IllegalArgumentException("background weights must be >= 0, got " + v);
            s += v;
        }
        if (!(s > 0)) throw new IllegalArgumentException("background weights sum to 0");
        for (int i = 0; i < k; i++) w[i] = given[i] / s;
        return w;
    }
}
