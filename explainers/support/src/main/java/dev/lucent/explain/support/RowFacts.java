package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an auditor needs beside a per-row chart: the row's true label and the model's prediction ("true label
 * malignant, predicted benign"), in the schema's class names; regression rows give the target and the predicted value.
 */
public final class RowFacts {
    private RowFacts() {
    }

    /**
     * The facts of the first {@code n} rows of the evaluation split, which {@code x} holds (as {@link Explained} picks
     * them); null entries where the split has no label.
     */
    public static String[] of(AuditContext context, AuditableModel model, Tensor x, int n, int batchRows) throws AuditCancelledException {
        var split = Data.evaluationSplit(context);
        List<String> classes = context.schema().classNames();
        int[] shape = x.shape();
        int rows = Math.min(n, shape[0]);
        float[] first = Arrays.copyOf(x.toArray(), rows * Data.sampleSize(shape));
        float[] out = Data.predictRaw(model, first, Arrays.copyOfRange(shape, 1, shape.length), rows, batchRows,
                (f, m) -> context.checkCancelled());
        int k = out.length / Math.max(1, rows);
        String[] facts = new String[rows];
        for (int i = 0; i < rows; i++) {
            String truth, predicted;
            if (model.outputKind() == OutputKind.CLASS_LOGITS && k > 1) {
                int best = 0;
                for (int j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
                predicted = name(classes, best);
                truth = split.labels() == null || i >= split.labels().length ? null : name(classes, split.labels()[i]);
            } else if (model.outputKind() == OutputKind.BINARY_LOGIT) {
                predicted = name(classes, out[i * k] > 0 ? 1 : 0);
                truth = split.labels() == null || i >= split.labels().length ? null : name(classes, split.labels()[i]);
            } else {
                predicted = Float.toString(out[i * k]);
                truth = split.targets() == null || i >= split.targets().length ? null : Float.toString(split.targets()[i]);
            }
            facts[i] = (truth == null ? "" : "true label " + truth + ", ") + "predicted " + predicted;
        }
        return facts;
    }

    /** The per-row findings with their facts in the subject: "row 3 (true label benign, predicted malignant), logit of ...". */
    public static List<Finding> named(List<Finding> findings, String[] facts) {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            String subject = f instanceof FeatureAttribution a ? a.subject() : f instanceof ImageHeatmap h ? h.subject() : null;
            int row = row(subject);
            if (row < 0 || row >= facts.length) {
                out.add(f);
                continue;
            }
            String named = "row " + row + " (" + facts[row] + ")" + subject.substring(subject.indexOf(','));
            if (f instanceof FeatureAttribution a)
                out.add(new FeatureAttribution(a.title(), a.stage(), named, a.features(), a.values(), a.uncertainty(), a.note()));
            else if (f instanceof ImageHeatmap h)
                out.add(new ImageHeatmap(h.title(), h.stage(), named, h.height(), h.width(), h.values(), h.image(), h.note()));
        }
        return out;
    }

    /** The row a per-row subject ("row 3, logit of benign") names, or -1. */
    private static int row(String subject) {
        if (subject == null || !subject.startsWith("row ")) return -1;
        int comma = subject.indexOf(',');
        if (comma < 0) return -1;
        try {
            return Integer.parseInt(subject.substring(4, comma));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String name(List<String> classes, int c) {
        return c >= 0 && c < classes.size() ? classes.get(c) : "class " + c;
    }
}
