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
 * Feature ablation (Captum's FeatureAblation, one feature at a time): f(x) - f(x with feature j set to its
 * baseline value; zero without baselines, as Captum). The M ablated copies of a row (and the row itself) go
 * to the model as one batch.
 */
public final class FeatureAblation implements Attribution {
    private final int batchRows;

    public FeatureAblation(int batchRows) {
        this.batchRows = batchRows;
    }

    /** {@code n * m} attributions. */
    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        float[] baseline = Data.baselineRows(baselines, inputs);
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        float[] x = inputs.toArray();
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            monitor.progress((double) i / n, "ablating row " + i + " of " + n);
            // row 0 of the copies is x itself, copy j + 1 has feature j ablated
            float[] copies = new float[(m + 1) * m];
            for (int c = 0; c <= m; c++) {
                System.arraycopy(x, i * m, copies, c * m, m);
                if (c > 0) copies[c * m + c - 1] = baseline[i * m + c - 1];
            }
            int[] t = new int[m + 1];
            Arrays.fill(t, targets[i]);
            double[] f = Data.predictSelected(model, copies, sample, t, batchRows, monitor.range((double) i / n, (i + 1.0) / n));
            for (int j = 0; j < m; j++) out[i * m + j] = (float) (f[0] - f[j + 1]);
        }
        monitor.progress(1, "ablation of " + n + " rows");
        return Attributions.of(out, "f(x) minus f(x with one feature set to its baseline)");
    }
}
