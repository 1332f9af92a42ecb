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
import dev.lucent.explain.support.ColumnValues;
import dev.lucent.explain.support.GroupTallies;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.RegressionReplicates;
import dev.lucent.explain.support.RegressionSums;
import dev.lucent.explain.support.SubgroupPlan;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import java.io.Serializable;
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
 * and worst group: positive-class recall and accuracy for classifiers, MAE for regression, with a Poisson-bootstrap
 * interval (row weights seeded by row id). Two passes, so a cluster runner shares it: the feature's distinct values
 * (its categories or median, exact), then per group confusion counts or exact error sums with their replicates. The verdict follows {@link Tolerance}'s one rule: PASS only when the whole interval of the gap is
 * within {@code max-gap} (classification) or {@code max-relative-gap} times the overall MAE (regression), FAIL when the
 * whole interval is past it, WARN between.
 */
@Component(service = Explainer.class)
public final class SubgroupGapExplainer implements PlannedPartitionedExplainer<SubgroupPlan.Columns, SubgroupGapExplainer.Plan, SubgroupGapExplainer.Summary> {

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

    /**
     * What the second pass counts by: the feature's groups and the positive class, or why the check does not apply
     * ({@code notApplicable}, the verdict's words).
     */
    record Plan(String notApplicable, boolean classification, int positive, SubgroupPlan groups) implements Serializable {
    }

    /** Per group: confusion counts (classification) or error sums (regression), each with its bootstrap replicates. */
    record Summary(GroupTallies<ConfusionCounts> confusion, GroupTallies<RegressionReplicates> errors, RegressionSums overall)
            implements Serializable {
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        String feature = context.parameters().get("feature");
        if (feature == null || feature.isBlank()) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, noFeature(context)));
        column(context, feature);
        Verdict refusal = Evaluated.refusal(context, INFO.name(), ModelOutputs.isClassifier(context));
        if (refusal != null) return List.of(refusal);
        return Blocks.explain(this, context, context.test().orElseThrow(), true);
    }

    private static String noFeature(AuditContext context) {
        return "No subgroup feature given: set the parameter 'feature' to one of " + context.schema().featureNames()
                + " (and optionally 'threshold' or 'values').";
    }

    private static int column(AuditContext context, String feature) {
        int column = context.schema().featureNames().indexOf(feature.trim());
        if (column < 0)
            throw new IllegalArgumentException("parameter feature: no feature named '" + feature + "' among " + context.schema().featureNames());
        return column;
    }

    @Override
    public SubgroupPlan.Columns emptyFirstPass(AuditContext context) {
        return new SubgroupPlan.Columns();
    }

    /** The feature's distinct values (for its categories or median); nothing when the feature is unknown, which the plan refuses. */
    @Override
    public SubgroupPlan.Columns firstPass(AuditContext context, RowBlock block) {
        String feature = context.parameters().get("feature");
        int column = feature == null ? -1 : context.schema().featureNames().indexOf(feature.trim());
        return SubgroupPlan.Columns.of(block.inCsvUnits(), column < 0 ? new int[0] : new int[] {column});
    }

    @Override
    public SubgroupPlan.Columns mergeFirstPass(SubgroupPlan.Columns a, SubgroupPlan.Columns b) {
        return a.merge(b);
    }

    @Override
    public Plan plan(AuditContext context, SubgroupPlan.Columns first) {
        String feature = context.parameters().get("feature");
        if (feature == null || feature.isBlank()) return new Plan(noFeature(context), false, -1, null);
        int column = column(context, feature);
        boolean classification = ModelOutputs.isClassifier(context);
        Verdict refusal = Evaluated.refusal(context, INFO.name(), classification);
        if (refusal != null) return new Plan(refusal.summary(), classification, -1, null);
        Subgroups.Rule rule = rule(context, feature.trim(), first.get(column));
        return new Plan(null, classification, classification ? ModelOutputs.positiveClass(context) : -1,
                new SubgroupPlan(List.of(rule), new int[] {column}, false));
    }

    @Override
    public Summary emptySummary(AuditContext context, Plan plan) {
        if (plan.notApplicable() != null) return new Summary(null, null, new RegressionSums());
        return plan.classification() ? new Summary(new GroupTallies<>(plan.groups()), null, new RegressionSums())
                : new Summary(null, new GroupTallies<>(plan.groups()), new RegressionSums());
    }

    @Override
    public Summary summarize(AuditContext context, Plan plan, RowBlock block) {
        Summary s = emptySummary(context, plan);
        if (plan.notApplicable() != null) return s;
        int[] group = plan.groups().groupsOf(block.inCsvUnits())[0];
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        int[] w = new int[boot.replicates()];
        long[] ids = block.rowIds();
        if (plan.classification()) {
            int k = context.schema().classNames().size();
            int[] predicted = ModelOutputs.argmax(ModelOutputs.classProbabilities(context, block));
            int[] labels = block.rows().labels();
            for (int i = 0; i < ids.length; i++)
                if (group[i] >= 0) s.confusion().row(0, group[i], () -> new ConfusionCounts(k, boot.replicates())).add(ids[i], labels[i], predicted[i], boot, w);
        } else {
            double[] predicted = ModelOutputs.column(ModelOutputs.probabilities(context, block), 0);
            float[] targets = block.rows().targets();
            for (int i = 0; i < ids.length; i++) {
                s.overall().add(targets[i], predicted[i], 1);
                if (group[i] >= 0)
                    s.errors().row(0, group[i], () -> new RegressionReplicates(boot.replicates())).add(targets[i], predicted[i], boot.weights(ids[i], w));
            }
        }
        return s;
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        if (a.confusion() != null) a.confusion().merge(b.confusion(), ConfusionCounts::merge);
        if (a.errors() != null) a.errors().merge(b.errors(), RegressionReplicates::merge);
        a.overall().merge(b.overall());
        return a;
    }

    @Override
    public List<Finding> findings(AuditContext context, Plan plan, Summary summary) throws AuditCancelledException {
        if (plan.notApplicable() != null) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, plan.notApplicable()));
        boolean classification = plan.classification();
        SubgroupPlan groups = plan.groups();
        String feature = groups.name(0);
        List<String> names = groups.names(0);
        GroupTallies<?> tallies = classification ? summary.confusion() : summary.errors();
        int[] shown = tallies.shown(groups, 0);
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        List<Finding> out = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        double[] point = new double[shown.length];
        double[][] replicates = new double[boot.replicates()][shown.length];
        String measure;
        double tolerance;
        if (classification) {
            int pos = plan.positive();
            int k = context.schema().classNames().size();
            measure = "recall of " + ModelOutputs.className(context, pos);
            for (int i = 0; i < shown.length; i++) {
                ConfusionCounts counts = summary.confusion().get(0, shown[i], () -> new ConfusionCounts(k, boot.replicates()));
                ConfusionMatrix cm = counts.matrix();
                rows.add(List.of(names.get(shown[i]), Long.toString(tallies.size(0, shown[i])), Long.toString(cm.support(pos)),
                        Evaluated.fmt(cm.accuracy()), cm.support(pos) == 0 ? "n/a" : Evaluated.fmt(cm.recall(pos))));
                point[i] = recall(cm, pos);
                for (int b = 0; b < replicates.length; b++) {
                    if (b % 100 == 0) context.checkCancelled();
                    replicates[b][i] = recall(counts.replicate(b), pos);
                }
            }
            out.add(new Table("Performance by " + feature, Stage.VALIDATION,
                    List.of("group", "rows", ModelOutputs.className(context, pos) + " rows", "accuracy", "recall"), rows,
                    "recall of " + ModelOutputs.className(context, pos) + " within each group"));
            tolerance = context.doubleParameter("max-gap", 0.05);
        } else {
            measure = "mean absolute error";
            for (int i = 0; i < shown.length; i++) {
                RegressionReplicates errors = summary.errors().get(0, shown[i], () -> new RegressionReplicates(boot.replicates()));
                RegressionMetrics m = errors.sums().metrics();
                rows.add(List.of(names.get(shown[i]), Long.toString(tallies.size(0, shown[i])), Evaluated.fmt(m.mae()), Evaluated.fmt(m.rmse())));
                point[i] = m.mae();
                for (int b = 0; b < replicates.length; b++) {
                    if (b % 100 == 0) context.checkCancelled();
                    replicates[b][i] = errors.replicate(b).metrics().mae();
                }
            }
            out.add(new Table("Performance by " + feature, Stage.VALIDATION, List.of("group", "rows", "MAE", "RMSE"), rows, ""));
            // Errors are in the target's units: judge the gap relative to the overall error.
            tolerance = context.doubleParameter("max-relative-gap", 0.2) * summary.overall().metrics().mae();
        }
        double gap = Subgroups.spread(point, false);
        double[] gaps = new double[replicates.length];
        for (int b = 0; b < gaps.length; b++) gaps[b] = Subgroups.spread(replicates[b], false);
        Bootstrap.Interval ci = boot.interval(gaps);
        out.add(boot.metric("Largest gap in " + measure + " across " + feature + " groups", Stage.VALIDATION, "gap", gap, ci,
                "best group minus worst group"));
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

    /** A group's recall of the positive class; NaN when the group has no positive rows. */
    private static double recall(ConfusionMatrix cm, int pos) {
        return cm.support(pos) == 0 ? Double.NaN : cm.recall(pos);
    }

    /** The feature's groups: at the user's threshold, by the user's values, else automatic from the whole column. */
    static Subgroups.Rule rule(AuditContext context, String feature, ColumnValues column) {
        String threshold = context.parameters().get("threshold");
        String list = context.parameters().get("values");
        if (threshold != null) return Subgroups.Rule.threshold(feature, context.doubleParameter("threshold", 0));
        if (list != null) {
            double[] chosen;
            try {
                chosen = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("parameter values must be comma-separated numbers, got '" + list + "'");
            }
            return Subgroups.Rule.values(feature, chosen);
        }
        return Subgroups.Rule.automatic(feature, column);
    }
}
