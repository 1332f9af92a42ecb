package dev.lucent.explain.performance;

import dev.lucent.explain.support.RegressionMetrics;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.Subgroups;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Performance for whom: splits the held-out rows by one feature (parameter {@code feature}; {@code threshold}
 * or comma-separated {@code values} in the CSV's units, else automatic, see {@link Subgroups}; groups are labelled
 * in the CSV's units too) and reports the gap between the best
 * and worst group: positive-class recall and accuracy for classifiers, MAE for regression, with a stratified
 * bootstrap interval. The verdict follows {@link Tolerance}'s one rule: PASS only when the whole interval of the gap is
 * within {@code max-gap} (classification) or {@code max-relative-gap} times the overall MAE (regression), FAIL when the
 * whole interval is past it, WARN between.
 */
@Component(service = Explainer.class)
public final class SubgroupGapExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("subgroup-gaps", "Performance gaps across subgroups", "1.0.0",
            "model performance",
            "Whether the model works as well for one group of patients (defined by a feature) as for another.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.text("feature", "none: the check is not applicable", "the feature that defines the subgroups"),
                    Parameter.number("threshold", "none", -Parameter.NO_LIMIT,
                    Parameter.NO_LIMIT, "split the feature at this value (below / at or above)"),
                    Parameter.text("values", "each distinct value (at most 10)", "comma-separated feature values, one subgroup each"),
                    Parameter.number("max-gap", "0.05", 0, 1, "the largest accuracy gap between subgroups that passes (classification)"),
                    Parameter.number("max-relative-gap", "0.2", 0,
                    Parameter.NO_LIMIT, "the largest relative error gap between subgroups that passes (regression)"),
                    Parameters.positiveClass()),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        String feature = context.parameters().get("feature");
        if (feature == null || feature.isBlank())
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "No subgroup feature given: set the parameter 'feature' to one of "
                    + context.schema().featureNames() + " (and optionally 'threshold' or 'values')."));
        int column = context.schema().featureNames().indexOf(feature.trim());
        if (column < 0)
            throw new IllegalArgumentException("parameter feature: no feature named '" + feature + "' among " + context.schema().featureNames());
        boolean classification = ModelOutputs.isClassifier(context);
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), classification, 0.2);
        if (loaded.refusal() != null) return List.of(loaded.refusal());
        Evaluated e = loaded.data();
        // threshold and values are the user's, in the CSV's units; a Lucent model's split is standardized
        double[] values = Subgroups.column(context.inCsvUnits(e.split()), column);
        Subgroups groups = groups(context, feature.trim(), values);
        int g = groups.names().size();

        Bootstrap boot = Evaluated.bootstrap(context);
        Bootstrap.Checkpoint cp = (done, total) -> {
            context.checkCancelled();
            context.progress(0.2 + 0.8 * done / total, "bootstrap " + done + " of " + total);
        };
        List<Finding> out = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        double gap;
        Bootstrap.Interval ci;
        String measure;
        double tolerance;
        if (classification) {
            int pos = ModelOutputs.positiveClass(context);
            int[] predicted = ModelOutputs.argmax(e.outputs());
            measure = "recall of " + ModelOutputs.className(context, pos);
            for (int k = 0; k < g; k++) {
                ConfusionMatrix cm = ConfusionMatrix.of(e.classes(), e.labels(), predicted, groups.rows()[k]);
                rows.add(List.of(groups.names().get(k), Integer.toString(groups.rows()[k].length), Long.toString(cm.support(pos)),
                        Evaluated.fmt(cm.accuracy()), cm.support(pos) == 0 ? "n/a" : Evaluated.fmt(cm.recall(pos))));
            }
            out.add(new Table("Performance by " + feature, Stage.VALIDATION,
                    List.of("group", "rows", ModelOutputs.className(context, pos) + " rows", "accuracy", "recall"), rows,
                    "recall of " + ModelOutputs.className(context, pos) + " within each group"));
            Bootstrap.Statistic stat = r -> gap(groups, r, sub -> {
                ConfusionMatrix cm = ConfusionMatrix.of(e.classes(), e.labels(), predicted, sub);
                return cm.support(pos) == 0 ? Double.NaN : cm.recall(pos);
            });
            gap = stat.of(concat(groups.rows()));
            ci = boot.interval(groups.rows(), stat, context.seed(), cp);
            tolerance = context.doubleParameter("max-gap", 0.05);
        } else {
            double[] predicted = ModelOutputs.column(e.outputs(), 0);
            measure = "mean absolute error";
            for (int k = 0; k < g; k++) {
                RegressionMetrics m = RegressionMetrics.of(e.targets(), predicted, groups.rows()[k]);
                rows.add(List.of(groups.names().get(k), Integer.toString(groups.rows()[k].length), Evaluated.fmt(m.mae()),
                        Evaluated.fmt(m.rmse())));
            }
            out.add(new Table("Performance by " + feature, Stage.VALIDATION, List.of("group", "rows", "MAE", "RMSE"), rows, ""));
            Bootstrap.Statistic stat = r -> gap(groups, r, sub -> RegressionMetrics.of(e.targets(), predicted, sub).mae());
            gap = stat.of(concat(groups.rows()));
            ci = boot.interval(groups.rows(), stat, context.seed(), cp);
            // Errors are in the target's units: judge the gap relative to the overall error.
            tolerance = context.doubleParameter("max-relative-gap", 0.2)
                    * RegressionMetrics.of(e.targets(), predicted, Bootstrap.identity(e.rows())).mae();
        }
        out.add(Evaluated.metric("Largest gap in " + measure + " across " + feature + " groups", Stage.VALIDATION, "gap", gap, ci,
                boot.confidence(), "best group minus worst group; resampled within each group"));
        List<String> evidence = List.of("gap " + Evaluated.fmt(gap) + " (" + Evaluated.fmt(ci.lower()) + " to " + Evaluated.fmt(ci.upper()) + ")",
                "tolerance " + Evaluated.fmt(tolerance) + (classification ? "" : " (max-relative-gap times the overall MAE)"));
        String title = "Similar " + measure + " across " + feature + " groups?";
        Verdict v;
        if (Double.isNaN(gap))
            v = new Verdict(title, Stage.VALIDATION, Verdict.Outcome.NOT_APPLICABLE,
                    "Fewer than two groups have the rows to compare.", evidence, "");
        else {
            // the one rule of support/Tolerance: the whole interval decides, a gap surely past the tolerance fails
            Tolerance.Judged judged = Tolerance.atMost("largest gap in " + measure + " between " + feature + " groups", gap, ci.lower(),
                    ci.upper(), boot.confidence(), tolerance, classification ? "max-gap" : "max-relative-gap");
            Verdict.Outcome outcome = judged.outcome(Verdict.Outcome.FAIL);
            v = new Verdict(title, Stage.VALIDATION, outcome, judged.summary(outcome) + switch (judged.position()) {
                case WITHIN -> " The groups fare alike within the tolerance.";
                case STRADDLES -> " The interval is too wide to tell whether one group fares worse.";
                case BEYOND -> " One group fares clearly worse.";
            }, evidence, switch (judged.position()) {
                case WITHIN -> "";
                case STRADDLES -> "Evaluate on more held-out rows of the smaller group.";
                case BEYOND -> "Collect more training data for the worse group, check its labels, and consider a per-group decision threshold.";
            });
        }
        out.add(v);
        context.progress(1.0, "done");
        return out;
    }

    interface GroupMeasure {
        double of(int[] rows);
    }

    /**
     * Best minus worst measure among groups where it is defined; rows are the concatenated resampled groups,
     * in group order (the stratified bootstrap keeps each group's size).
     */
    static double gap(Subgroups groups, int[] rows, GroupMeasure measure) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int at = 0;
        int defined = 0;
        for (int[] g : groups.rows()) {
            double v = measure.of(Arrays.copyOfRange(rows, at, at + g.length));
            at += g.length;
            if (Double.isNaN(v) || g.length == 0) continue;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            defined++;
        }
        return defined < 2 ? Double.NaN : hi - lo;
    }

    static int[] concat(int[][] groups) {
        return Arrays.stream(groups).flatMapToInt(Arrays::stream).toArray();
    }

    static Subgroups groups(AuditContext context, String feature, double[] values) {
        String threshold = context.parameters().get("threshold");
        String list = context.parameters().get("values");
        if (threshold != null) return Subgroups.byThreshold(feature, values, context.doubleParameter("threshold", 0));
        if (list != null) {
            double[] chosen;
            try {
                chosen = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("parameter values must be comma-separated numbers, got '" + list + "'");
            }
            return Subgroups.byValues(feature, values, chosen);
        }
        return Subgroups.automatic(feature, values);
    }
}
