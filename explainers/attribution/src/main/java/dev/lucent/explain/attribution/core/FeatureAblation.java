package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * Feature ablation (Captum's FeatureAblation, one feature at a time): f(x) - f(x with feature j set to its
 * baseline value; zero without baselines, as Captum). A feature may be a group of values ({@link FeatureGroups}: a
 * patch of an image, ablated whole); its difference is shared equally by its values, so a row's values still add up
 * to the sum of its features' effects. The ablated copies of a row go to the model {@code batchRows} at a time, built
 * one batch at a time: a 224 x 224 photo's copies are never all held at once, and a row's values do not depend on how
 * its copies are batched.
 */
public final class FeatureAblation implements Attribution {
    private final int batchRows;
    private final FeatureGroups groups; // null: every value its own feature

    public FeatureAblation(int batchRows) {
        this(batchRows, null);
    }

    /** Over groups of values; {@code groups} null: every value alone. */
    public FeatureAblation(int batchRows, FeatureGroups groups) {
        if (batchRows < 1) throw new IllegalArgumentException("batch rows must be at least 1, got " + batchRows);
        this.batchRows = batchRows;
        this.groups = groups;
    }

    /** {@code n * m} attributions. */
    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        if (groups != null && groups.members().length > 0 && Arrays.stream(groups.members()).mapToInt(g -> g.length).sum() != m)
            throw new IllegalArgumentException("the feature groups cover " + Arrays.stream(groups.members()).mapToInt(g -> g.length).sum()
                    + " values; each row has " + m);
        int features = groups == null ? m : groups.count();
        float[] baseline = Data.baselineRows(baselines, inputs);
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        float[] x = inputs.toArray();
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            monitor.progress((double) i / n, "ablating row " + i + " of " + n);
            Monitor row = monitor.range((double) i / n, (i + 1.0) / n);
            // copy 0 is x itself, copy j + 1 has feature j ablated
            double[] f = new double[features + 1];
            for (int from = 0; from <= features; from += batchRows) {
                row.progress((double) from / (features + 1), "ablating row " + i + " of " + n);
                int to = Math.min(features + 1, from + batchRows);
                float[] copies = new float[(to - from) * m];
                for (int c = from; c < to; c++) {
                    int at = (c - from) * m;
                    System.arraycopy(x, i * m, copies, at, m);
                    if (c > 0)
                        if (groups == null) copies[at + c - 1] = baseline[i * m + c - 1];
                        else for (int j : groups.members()[c - 1]) copies[at + j] = baseline[i * m + j];
                }
                int[] t = new int[to - from];
                Arrays.fill(t, targets[i]);
                System.arraycopy(Data.predictSelected(model, copies, sample, t, batchRows), 0, f, from, to - from);
            }
            if (groups == null) for (int j = 0; j < m; j++) out[i * m + j] = (float) (f[0] - f[j + 1]);
            else
                for (int g = 0; g < features; g++) {
                    int[] members = groups.members()[g];
                    for (int j : members) out[i * m + j] = (float) ((f[0] - f[g + 1]) / members.length);
                }
        }
        monitor.progress(1, "ablation of " + n + " rows");
        return Attributions.of(out, "f(x) minus f(x with one feature set to its baseline)"
                + (groups == null || groups.single() ? "" : "; " + groups.described() + ", each patch's difference shared equally by its values"));
    }
}
