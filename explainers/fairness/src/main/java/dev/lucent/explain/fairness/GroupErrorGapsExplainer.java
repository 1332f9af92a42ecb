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
import dev.lucent.explain.support.Bootstrap;
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
 * whom the model over- or under-estimates), with bootstrap intervals; the largest gap in mean absolute error is
 * judged against a tolerance relative to the overall error (parameter {@code max-relative-gap}, default 0.2, as
 * {@code subgroup-gaps}).
 */
@Component(service = Explainer.class)
public final class GroupErrorGapsExplainer implements Explainer {

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

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), false, 0.1);
        if (loaded.refusal() != null)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, loaded.refusal().summary()
                    + " For classifiers, group-fairness judges selection rates, recall, false alarms, precision and calibration."));
        Evaluated e = loaded.data();
        double[] predicted = ModelOutputs.column(e.outputs(), 0);
        double[] target = e.targets();
        Groupings groupings = Groupings.of(context, e.split());
        Bootstrap boot = Evaluated.bootstrap(context);
        double overall = RegressionMetrics.of(target, predicted, Bootstrap.identity(e.rows())).mae();
        double relative = context.doubleParameter("max-relative-gap", MAX_RELATIVE_GAP);
        List<Finding> out = new ArrayList<>();
        int n = groupings.all().size();
        for (int k = 0; k < n; k++) {
            Groupings.Grouping grouping = groupings.all().get(k);
            String name = grouping.name();
            int[][] rows = grouping.groups().rows();
            List<String> names = grouping.groups().names();
            List<List<String>> table = new ArrayList<>();
            List<int[]> judgedRows = new ArrayList<>();
            List<String> judgedNames = new ArrayList<>();
            for (int g = 0; g < rows.length; g++) {
                context.checkCancelled();
                if (rows[g].length < groupings.minRows()) {
                    table.add(List.of(names.get(g), Integer.toString(rows[g].length), "not judged", "not judged", "not judged",
                            "too small to judge (fewer than " + groupings.minRows() + " rows)"));
                    continue;
                }
                judgedRows.add(rows[g]);
                judgedNames.add(names.get(g) + " (" + rows[g].length + " rows)");
                int[][] one = {rows[g]};
                table.add(List.of(names.get(g), Integer.toString(rows[g].length),
                        GroupFairnessExplainer.cell(mae(target, predicted, rows[g]), boot.interval(one, r -> mae(target, predicted, r), context.seed(), null)),
                        GroupFairnessExplainer.cell(RegressionMetrics.of(target, predicted, rows[g]).rmse(),
                                boot.interval(one, r -> RegressionMetrics.of(target, predicted, r).rmse(), context.seed(), null)),
                        GroupFairnessExplainer.cell(bias(target, predicted, rows[g]), boot.interval(one, r -> bias(target, predicted, r), context.seed(), null)),
                        "yes"));
            }
            String small = grouping.tooSmall(groupings.minRows());
            out.add(new Table("Errors by " + name, Stage.VALIDATION,
                    List.of("group", "rows", "mean absolute error", "root mean squared error", "mean signed error (prediction - target)", "judged"),
                    table, "regression: selection rate, recall, precision and calibration need class decisions and do not apply; smallest group: "
                    + grouping.smallest() + (small.isEmpty() ? "" : "; too small to judge: " + small)));
            String title = "Similar errors across " + name;
            List<String> evidence = new ArrayList<>();
            if (!small.isEmpty()) evidence.add("not judged, too small: " + small);
            if (judgedRows.size() < 2) {
                out.add(new Verdict(title, Stage.VALIDATION, Verdict.Outcome.NOT_APPLICABLE,
                        "Fewer than two groups have the rows to judge.", evidence, ""));
                continue;
            }
            int[][] groups = judgedRows.toArray(int[][]::new);
            int[] all = Arrays.stream(groups).flatMapToInt(Arrays::stream).toArray();
            Bootstrap.Statistic gap = r -> maeGap(target, predicted, groups, r);
            double value = gap.of(all);
            Bootstrap.Interval ci = boot.interval(groups, gap, context.seed(),
                    Evaluated.checkpoint(context, 0.1 + 0.9 * k / n, 0.1 + 0.9 * (k + 1) / n));
            double tolerance = relative * overall;
            out.add(new Metric("Largest gap in mean absolute error across " + name, Stage.VALIDATION, "error gap", value, ci.lower(), ci.upper(),
                    boot.confidence(), "largest minus smallest group MAE, in the target's units; resampled within each group (percentile bootstrap, "
                    + ci.used() + " resamples)"));
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

    static double mae(double[] target, double[] predicted, int[] rows) {
        return RegressionMetrics.of(target, predicted, rows).mae();
    }

    /** Mean of prediction minus target: positive when the model overestimates the group. */
    static double bias(double[] target, double[] predicted, int[] rows) {
        if (rows.length == 0) return Double.NaN;
        double s = 0;
        for (int r : rows) s += predicted[r] - target[r];
        return s / rows.length;
    }

    static double maeGap(double[] target, double[] predicted, int[][] groups, int[] resampled) {
        return GroupFairnessExplainer.Criterion.spread(Groupings.slices(groups, resampled), r -> mae(target, predicted, r), false);
    }
}
