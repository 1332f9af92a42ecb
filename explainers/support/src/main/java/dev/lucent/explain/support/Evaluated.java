package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import java.io.Serializable;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.DataSplit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The held-out split with the model's outputs on it: what every performance explainer starts from, and the
 * checks that decide whether it can start at all.
 */
public record Evaluated(DataSplit split, double[][] outputs, int[] labels, double[] targets, int classes) {

    /** Outputs on the test split, or the reason (as a NOT_APPLICABLE verdict) there are none to judge. */
    public static Loaded load(AuditContext context, String title, boolean classification, double progressTo)
            throws AuditCancelledException {
        Verdict refusal = refusal(context, title, classification);
        if (refusal != null) return new Loaded(null, refusal);
        DataSplit split = context.test().orElseThrow();
        double[][] out = ModelOutputs.outputs(context, split, 0.0, progressTo);
        if (classification && out.length > 0 && out[0].length != context.schema().classNames().size())
            return Loaded.refused(title, ModelOutputs.widthMismatch(out[0].length, context.schema().classNames()));
        double[] targets = null;
        if (!classification) {
            targets = new double[split.rows()];
            float[] t = split.targets();
            for (int i = 0; i < targets.length; i++) targets[i] = t[i];
        }
        int classes = classification ? context.schema().classNames().size() : 0;
        return new Loaded(new Evaluated(split, out, classification ? split.labels() : null, targets, classes), null);
    }

    /**
     * Why the held-out split cannot be judged (a NOT_APPLICABLE verdict), or null when it can: the checks that need no
     * model outputs, made once before a partitioned explainer summarizes the rows.
     */
    public static Verdict refusal(AuditContext context, String title, boolean classification) {
        Optional<DataSplit> test = context.test();
        if (test.isEmpty() || test.get().rows() == 0)
            return Loaded.refused(title, "There is no held-out split: performance measured on training data says nothing about new cases.").refusal();
        DataSplit split = test.get();
        boolean classifier = ModelOutputs.isClassifier(context);
        if (classification && !classifier)
            return Loaded.refused(title, "The model is a regression model (" + context.model().outputKind()
                    + "); this measure needs class predictions.").refusal();
        if (!classification && classifier)
            return Loaded.refused(title, "The model is a classifier; regression metrics need real-valued predictions.").refusal();
        if (classification && split.labels() == null)
            return Loaded.refused(title, "The " + split.name() + " split has no class labels.").refusal();
        if (!classification && split.targets() == null)
            return Loaded.refused(title, "The " + split.name() + " split has no regression targets.").refusal();
        if (classification && ModelOutputs.probabilityWidth(context) != context.schema().classNames().size())
            return Loaded.refused(title, ModelOutputs.widthMismatch(ModelOutputs.probabilityWidth(context), context.schema().classNames())).refusal();
        return null;
    }

    /**
     * A partitioned explainer's findings on one machine: the refusal when the held-out split cannot be judged, else its
     * summaries of the held-out rows in blocks, merged ({@link Blocks#summarizeHeldOut}).
     */
    public static <S extends Serializable> List<Finding> summarized(PartitionedExplainer<S> explainer, AuditContext context,
                                                                    boolean classification) throws AuditCancelledException {
        Verdict refusal = refusal(context, explainer.info().name(), classification);
        return refusal != null ? List.of(refusal) : explainer.findings(context, Blocks.summarizeHeldOut(explainer, context));
    }

    /** Either the evaluated data or the verdict refusing it. */
    public record Loaded(Evaluated data, Verdict refusal) {
        public static Loaded refused(String title, String why) {
            return new Loaded(null, Verdict.notApplicable(title, Stage.VALIDATION, why));
        }
    }

    public int rows() {
        return outputs.length;
    }

    /** Whether each row's label is the given class. */
    public boolean[] isClass(int k) {
        boolean[] b = new boolean[labels.length];
        for (int i = 0; i < b.length; i++) b[i] = labels[i] == k;
        return b;
    }

    public static Bootstrap bootstrap(AuditContext context) {
        return new Bootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95));
    }

    /** Cancellation and progress for one bootstrap, mapped onto [from, to] of the run's progress. */
    public static Bootstrap.Checkpoint checkpoint(AuditContext context, double from, double to) {
        return (done, total) -> {
            context.checkCancelled();
            context.progress(from + (to - from) * done / total, "bootstrap " + done + " of " + total);
        };
    }

    public static Metric metric(String title, Stage stage, String name, double value, Bootstrap.Interval ci, double confidence, String note) {
        return new Metric(title, stage, name, value, ci.lower(), ci.upper(), confidence,
                note + String.format(Locale.ROOT, " (percentile bootstrap, %d resamples)", ci.used()));
    }

    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    public static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
