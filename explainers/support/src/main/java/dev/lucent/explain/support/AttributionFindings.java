package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Stage;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard findings of a local attribution method over a batch of rows: a global summary (mean
 * absolute attribution per feature, with the 95% interval of that mean over rows) and, for the first few
 * rows, the signed attribution itself (a heatmap for images).
 */
public final class AttributionFindings {
    private AttributionFindings() {
    }

    /**
     * @param attributions {@code n * m} values, row-major like the inputs
     * @param uncertainty  {@code n * m} per-value uncertainties from the method (e.g. a standard error), or null
     * @param rowNotes     a note per row (e.g. the convergence delta), or null
     * @param shown        how many rows get a finding of their own
     */
    public static List<Finding> of(AuditContext context, String method, float[] attributions, double[] uncertainty,
                                   Tensor inputs, int[] targets, String[] rowNotes, int shown, String globalNote) {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        List<String> names = context.schema().featureNames();
        if (names.size() != m)
            throw new IllegalArgumentException("the schema names " + names.size() + " features but samples have " + m + " values");
        List<Finding> findings = new ArrayList<>();
        double[] mean = new double[m], ci = new double[m];
        double[] column = new double[n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) column[i] = Math.abs(attributions[i * m + j]);
            mean[j] = Stats.mean(column);
            ci[j] = Stats.ci95HalfWidth(column);
        }
        boolean image = context.schema().isImage();
        int[] sample = context.schema().sampleShape();
        String subject = "mean over " + n + " rows";
        if (image) {
            double[] map = new double[sample[1] * sample[2]];
            int hw = map.length;
            for (int j = 0; j < m; j++) map[j % hw] += mean[j];
            findings.add(new ImageHeatmap(method + ": mean |attribution| per pixel",
                    Stage.EXPLANATIONS, subject, sample[1], sample[2], map, null, globalNote));
        } else {
            findings.add(new FeatureAttribution(method + ": mean |attribution| per feature", Stage.EXPLANATIONS,
                    subject, names, mean, ci, (globalNote == null ? "" : globalNote + "; ")
                    + "uncertainty: half-width of the 95% interval of the mean over rows"));
        }
        float[] x = inputs.toArray();
        for (int i = 0; i < Math.min(shown, n); i++) {
            String rowSubject = "row " + i + ", " + Data.targetName(context, context.model(), targets[i]);
            String note = rowNotes == null ? null : rowNotes[i];
            if (image) {
                findings.add(Heatmaps.of(method + ", row " + i, Stage.EXPLANATIONS, rowSubject,
                        Heatmaps.channelSum(attributions, i, sample), x, i, sample, note));
            } else {
                double[] v = new double[m];
                double[] u = uncertainty == null ? null : new double[m];
                for (int j = 0; j < m; j++) {
                    v[j] = attributions[i * m + j];
                    if (u != null) u[j] = uncertainty[i * m + j];
                }
                findings.add(new FeatureAttribution(method + ", row " + i, Stage.EXPLANATIONS, rowSubject, names, v, u, note));
            }
        }
        return findings;
    }
}
