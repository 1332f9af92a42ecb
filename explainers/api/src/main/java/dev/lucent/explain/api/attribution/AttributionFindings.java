package dev.lucent.explain.api.attribution;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Stage;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The standard findings of a local attribution over a batch of rows, for built-in and plugin explainers alike: a
 * global summary (mean absolute attribution per feature with the 95% interval of that mean over rows, or per
 * pixel as a heatmap for images) and, for the first few rows, the signed attribution itself (a heatmap for
 * images), each with the method's notes.
 */
public final class AttributionFindings {
    private AttributionFindings() {
    }

    /**
     * @param method       the method's name as the report shows it, e.g. "Integrated gradients"
     * @param attributions what the method returned for {@code inputs}
     * @param shown        how many rows get a finding of their own
     */
    public static List<Finding> of(AuditContext context, String method, Attributions attributions, Tensor inputs,
                                   int[] targets, int shown) {
        return of(context, method, attributions, inputs, targets, shown, target -> targetName(context, context.model(), target));
    }

    /**
     * The same, for a method that explains something else than the model's raw output for a target (e.g. a class
     * probability).
     *
     * @param explained names what a target stands for, e.g. "P(malignant)"
     */
    public static List<Finding> of(AuditContext context, String method, Attributions attributions, Tensor inputs,
                                   int[] targets, int shown, IntFunction<String> explained) {
        int[] shape = inputs.shape();
        int n = shape[0];
        int m = inputs.size() / n;
        float[] values = attributions.values();
        int perRow = values.length / n;
        boolean image = context.schema().isImage();
        int[] sample = context.schema().sampleShape();
        int pixels = image ? sample[1] * sample[2] : -1;
        if (values.length != n * perRow || (perRow != m && perRow != pixels))
            throw new IllegalArgumentException(method + " gave " + values.length + " values for " + n + " rows of " + m + " values");
        List<String> names = context.schema().featureNames();
        if (!image && names.size() != m)
            throw new IllegalArgumentException("the schema names " + names.size() + " features but samples have " + m + " values");
        String globalNote = attributions.note();
        String[] rowNotes = attributions.rowNotes();
        double[] uncertainty = attributions.uncertainty();
        List<Finding> findings = new ArrayList<>();
        double[] mean = new double[perRow], ci = new double[perRow];
        double[] column = new double[n];
        for (int j = 0; j < perRow; j++) {
            for (int i = 0; i < n; i++) column[i] = Math.abs(values[i * perRow + j]);
            mean[j] = Intervals.mean(column);
            ci[j] = Intervals.ci95HalfWidth(column);
        }
        String subject = "mean over " + n + " rows";
        if (image) {
            double[] map = new double[pixels];
            for (int j = 0; j < perRow; j++) map[j % pixels] += mean[j];
            findings.add(new ImageHeatmap(method + ": mean |attribution| per pixel",
                    Stage.EXPLANATIONS, subject, sample[1], sample[2], map, null, globalNote));
        } else {
            findings.add(new FeatureAttribution(method + ": mean |attribution| per feature", Stage.EXPLANATIONS,
                    subject, names, mean, ci, (globalNote == null ? "" : globalNote + "; ")
                    + "uncertainty: half-width of the 95% interval of the mean over rows"));
        }
        float[] x = inputs.toArray();
        for (int i = 0; i < Math.min(shown, n); i++) {
            String rowSubject = "row " + i + ", " + explained.apply(targets[i]);
            String note = rowNotes == null ? globalNote : rowNotes[i];
            double[] v = new double[perRow];
            for (int j = 0; j < perRow; j++) v[j] = values[i * perRow + j];
            if (image) {
                // per-value maps are summed over channels; per-pixel ones are drawn as they are
                findings.add(Heatmaps.of(method + ", row " + i, Stage.EXPLANATIONS, rowSubject,
                        perRow == m ? Heatmaps.channelSum(values, i, sample) : v, x, i, sample, note));
            } else {
                double[] u = uncertainty == null ? null : new double[m];
                if (u != null) System.arraycopy(uncertainty, i * m, u, 0, m);
                findings.add(new FeatureAttribution(method + ", row " + i, Stage.EXPLANATIONS, rowSubject, names, v, u, note));
            }
        }
        return findings;
    }

    /** The output a target names, in the schema's class names: "logit of malignant", "output 0". */
    public static String targetName(AuditContext context, AuditableModel model, int target) {
        var classes = context.schema().classNames();
        if (model.outputKind() == OutputKind.BINARY_LOGIT)
            return classes.size() == 2 ? "logit of " + classes.get(1) : "positive logit";
        if (model.outputKind() == OutputKind.CLASS_LOGITS && target < classes.size()) return "logit of " + classes.get(target);
        return "output " + target;
    }
}
