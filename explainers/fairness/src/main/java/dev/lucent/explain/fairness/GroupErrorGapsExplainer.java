package dev.lucent.explain.fairness;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.GroupTallies;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.RegressionReplicates;
import dev.lucent.explain.support.RegressionSums;
import dev.lucent.explain.support.SubgroupPlan;
import dev.lucent.explain.support.Subgroups;
import java.io.Serializable;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.explain.support.RegressionMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Fairness of a regression model: selection rates, recall and precision need class decisions and do not apply;
 * what applies is whether the errors are alike across groups. Per group of each sensitive attribute (and each pair
 * intersected): mean absolute error, root mean squared error and the mean signed error (prediction minus target:
 * whom the model over- or under-estimates), with Poisson-bootstrap intervals (row weights seeded by row id); the largest gap in mean absolute error is
 * judged against a tolerance relative to the overall error (parameter {@code max-relative-gap}, default 0.2, as
 * {@code subgroup-gaps}).
 */
@Component(service = Explainer.class)
public final class GroupErrorGapsExplainer
        implements AttributeGroups<GroupErrorGapsExplainer.Summary> {

    static final ExplainerInfo INFO = new ExplainerInfo("group-error-gaps", "Error gaps across groups (regression)", "1.0.0", "fairness",
            "Whether a regression model errs as much, and in the same direction, for each group of a sensitive attribute.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT, ExplainerInfo.Need.SENSITIVE_ATTRIBUTES),
            Parameters.of(Groupings.parameters(), List.of(Parameter.number("max-relative-gap", Double.toString(GroupErrorGapsExplainer.MAX_RELATIVE_GAP), 0,
                    Parameter.NO_LIMIT, "the largest gap in mean absolute error between groups that passes, as a share of the overall MAE")),
                    Parameters.bootstrap()));

    static final double MAX_RELATIVE_GAP = 0.2;

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    /** Each group's error sums with their replicates, and the sums over every row (the tolerance is relative to their MAE). */
    record Summary(GroupTallies<RegressionReplicates> groups, RegressionSums overall) implements Serializable {
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refusal = Evaluated.refusal(context, INFO.name(), false);
        if (refusal != null) return List.of(refused(refusal));
        return Blocks.explain(this, context, context.test().orElseThrow(), true);
    }

    private static Verdict refused(Verdict refusal) {
        return Verdict.notApplicable(INFO.name(), Stage.VALIDATION, refusal.summary()
                + " For classifiers, group-fairness judges selection rates, recall, false alarms, precision and calibration.");
    }

    @Override
    public GroupFairnessExplainer.Plan plan(AuditContext context, SubgroupPlan.Columns first) {
        String notRun = Groupings.notRun(this, context);
        if (notRun != null) return new GroupFairnessExplainer.Plan(notRun, -1, null);
        Verdict refusal = Evaluated.refusal(context, INFO.name(), false);
        if (refusal != null) return new GroupFairnessExplainer.Plan(refused(refusal).summary(), -1, null);
        return new GroupFairnessExplainer.Plan(null, -1, Groupings.plan(context, first));
    }

    @Override
    public Summary emptySummary(AuditContext context, GroupFairnessExplainer.Plan plan) {
        return new Summary(plan.notApplicable() != null ? null : new GroupTallies<>(plan.groups()), new RegressionSums());
    }

    @Override
    public Summary summarize(AuditContext context, GroupFairnessExplainer.Plan plan, RowBlock block) {
        Summary s = emptySummary(context, plan);
        if (s.groups() == null) return s;
        int[][] groups = plan.groups().groupsOf(block.inCsvUnits());
        double[] predicted = ModelOutputs.column(ModelOutputs.probabilities(context, block), 0);
        float[] target = block.rows().targets();
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        int[] w = new int[boot.replicates()];
        for (int i = 0; i < target.length; i++) {
            s.overall().add(target[i], predicted[i], 1);
            boot.weights(block.rowIds()[i], w);
            for (int k = 0; k < groups.length; k++)
                if (groups[k][i] >= 0) s.groups().row(k, groups[k][i], () -> new RegressionReplicates(boot.replicates())).add(target[i], predicted[i], w);
        }
        return s;
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        if (a.groups() != null) a.groups().merge(b.groups(), RegressionReplicates::merge);
        a.overall().merge(b.overall());
        return a;
    }

    @Override
    public List<Finding> findings(AuditContext context, GroupFairnessExplainer.Plan plan, Summary summary) throws AuditCancelledException {
        if (plan.notApplicable() != null) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, plan.notApplicable()));
        int minRows = Groupings.minRows(context);
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        double overall = summary.overall().metrics().mae();
        double relative = context.doubleParameter("max-relative-gap", MAX_RELATIVE_GAP);
        List<Finding> out = new ArrayList<>();
        for (int k = 0; k < plan.groups().groupings(); k++) {
            Groupings.Grouping grouping = Groupings.Grouping.of(plan.groups(), k, summary.groups());
            String name = grouping.name();
            List<String> names = grouping.names();
            long[] sizes = grouping.sizes();
            List<List<String>> table = new ArrayList<>();
            List<RegressionReplicates> judgedErrors = new ArrayList<>();
            List<String> judgedNames = new ArrayList<>();
            for (int g = 0; g < sizes.length; g++) {
                if (sizes[g] < minRows) {
                    table.add(List.of(names.get(g), Long.toString(sizes[g]), "not judged", "not judged", "not judged",
                            "too small to judge (fewer than " + minRows + " rows)"));
                    continue;
                }
                RegressionReplicates e = summary.groups().get(k, grouping.slots()[g], () -> new RegressionReplicates(boot.replicates()));
                judgedErrors.add(e);
                judgedNames.add(names.get(g) + " (" + sizes[g] + " rows)");
                RegressionMetrics m = e.sums().metrics();
                table.add(List.of(names.get(g), Long.toString(sizes[g]),
                        GroupFairnessExplainer.cell(m.mae(), GroupFairnessExplainer.interval(context, boot, b -> e.replicate(b).metrics().mae())),
                        GroupFairnessExplainer.cell(m.rmse(), GroupFairnessExplainer.interval(context, boot, b -> e.replicate(b).metrics().rmse())),
                        GroupFairnessExplainer.cell(e.sums().meanSignedError(),
                                GroupFairnessExplainer.interval(context, boot, b -> e.replicate(b).meanSignedError())),
                        "yes"));
            }
            String small = grouping.tooSmall(minRows);
            out.add(new Table("Errors by " + name, Stage.VALIDATION,
                    List.of("group", "rows", "mean absolute error", "root mean squared error", "mean signed error (prediction - target)", "judged"),
                    table, "regression: selection rate, recall, precision and calibration need class decisions and do not apply; smallest group: "
                    + grouping.smallest() + (small.isEmpty() ? "" : "; too small to judge: " + small)
                    + "; intervals: " + Evaluated.pct(boot.confidence()) + " percentile Poisson bootstrap, row weights seeded by row id"));
            String title = "Similar errors across " + name;
            List<String> evidence = new ArrayList<>();
            if (!small.isEmpty()) evidence.add("not judged, too small: " + small);
            if (judgedErrors.size() < 2) {
                out.add(new Verdict(title, Stage.VALIDATION, Verdict.Outcome.NOT_APPLICABLE,
                        "Fewer than two groups have the rows to judge.", evidence, ""));
                continue;
            }
            double value = maeGap(judgedErrors, DecisionCounts.AS_THEY_ARE);
            Bootstrap.Interval ci = GroupFairnessExplainer.interval(context, boot, b -> maeGap(judgedErrors, b));
            double tolerance = relative * overall;
            out.add(boot.metric("Largest gap in mean absolute error across " + name, Stage.VALIDATION, "error gap", value, ci,
                    "largest minus smallest group MAE, in the target's units"));
            evidence.add(0, "gap " + Evaluated.fmt(value) + " (" + Evaluated.fmt(ci.lower()) + " to " + Evaluated.fmt(ci.upper()) + ")");
            evidence.add(1, "tolerance " + Evaluated.fmt(tolerance) + " = " + Evaluated.fmt(relative) + " x the overall MAE " + Evaluated.fmt(overall)
                    + " (parameter max-relative-gap; default " + Evaluated.fmt(MAX_RELATIVE_GAP) + ", as subgroup-gaps)");
            evidence.add(2, "judged groups: " + String.join(", ", judgedNames));
            // the shared rule, on the gap as a share of the overall MAE, so the sentence names the tolerance as the user set it
            Tolerance.Judged judged = Tolerance.atMost("gap in mean absolute error over the overall MAE", share(value, overall),
                    share(ci.lower(), overall), share(ci.upper(), overall), boot.confidence(), relative, "max-relative-gap");
            Verdict.Outcome o = judged.outcome(Verdict.Outcome.FAIL);
            out.add(new Verdict(title, Stage.VALIDATION, o, judged.summary(o) + switch (judged.position()) {
                case WITHIN -> " The groups' errors are alike within the tolerance.";
                case BEYOND -> " One group's errors are clearly larger.";
                case STRADDLES -> " One group's errors may be larger than the tolerance allows; more rows would tell.";
            }, evidence, switch (judged.position()) {
                case WITHIN -> "";
                case BEYOND -> "Check the worse group's representation in the training data and its targets.";
                case STRADDLES -> "Evaluate on more held-out rows of the smaller groups.";
            }));
        }
        context.progress(1.0, "done");
        return out;
    }

    /** {@code gap / overall}; a perfect model (overall 0) has no gap to share out, and any gap is then past every tolerance. */
    static double share(double gap, double overall) {
        return overall > 0 ? gap / overall : gap == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** Largest minus smallest group MAE, in replicate {@code b} or over the rows as they are. */
    static double maeGap(List<RegressionReplicates> groups, int b) {
        double[] mae = new double[groups.size()];
        for (int g = 0; g < mae.length; g++) mae[g] = (b == DecisionCounts.AS_THEY_ARE ? groups.get(g).sums() : groups.get(g).replicate(b)).metrics().mae();
        return Subgroups.spread(mae, false);
    }
}
