package dev.lucent.explain.counterfactuals;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.SensitiveAttribute;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Constraints;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Subgroups;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Recourse across groups: whether the people of one group (a sensitive attribute's value or bin) must change more to
 * get the other decision than those of another. For each held-out row (the first {@code rows}), the nearest valid
 * counterfactual towards its other most likely class, with the sensitive features held fixed (nobody changes their
 * sex to be approved); its distance in training standard deviations is the row's cost. The largest gap between the
 * groups' mean costs, as a share of the overall mean cost, is judged by the one tolerance rule with a stratified
 * bootstrap interval (parameter {@code max-relative-gap}).
 */
@Component(service = Explainer.class)
public final class RecourseExplainer implements Explainer {

    static final int ROWS = 200, MIN_GROUP_ROWS = 10;
    static final double MAX_RELATIVE_GAP = 0.25;

    static final ExplainerInfo INFO = new ExplainerInfo("counterfactual-recourse", "Recourse across groups", "1.0.0", "counterfactuals",
            "Whether one group of a sensitive attribute needs systematically larger changes than another to obtain the other decision "
                    + "(the distance to each held-out row's nearest counterfactual, compared across groups).",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT, ExplainerInfo.Need.SENSITIVE_ATTRIBUTES),
            Parameters.of(List.of(
                            Parameter.text("sensitive", "the audit's sensitive attributes (--sensitive)",
                                    "the attributes whose groups are compared, e.g. sex;age:<40,40-65,>65 (held fixed in every counterfactual)"),
                            Parameter.whole("rows", Integer.toString(ROWS), 1, 100_000, "held-out rows explained (the first ones)"),
                            Parameter.whole("min-group-rows", Integer.toString(MIN_GROUP_ROWS), 2,
                                    "groups with fewer rows that have a counterfactual are listed but not judged"),
                            Parameter.number("max-relative-gap", Double.toString(MAX_RELATIVE_GAP), 0, Parameter.NO_LIMIT,
                                    "the largest gap in mean recourse cost between groups that passes, as a share of the overall mean cost")),
                    Counterfactuals.parameters(1), Constraints.parameters(), Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refused = Counterfactuals.refusal(context, INFO.name());
        if (refused != null) return List.of(refused);
        List<SensitiveAttribute> attributes = SensitiveAttribute.parseAll(context.parameter("sensitive", ""));
        if (attributes.isEmpty())
            throw new IllegalArgumentException("parameter sensitive: no sensitive attributes named (e.g. sex,age:<40,40-65,>65)");
        FeatureSpace space = FeatureSpace.of(context, attributes.stream().map(SensitiveAttribute::column).toList());
        Counterfactuals run = new Counterfactuals(context, 1, space);
        int n = Math.min(context.intParameter("rows", ROWS), run.test.rows());
        int[] rows = Bootstrap.identity(n);
        List<CounterfactualSearch.Found> found = run.run(context, rows, 0.1);
        double[] cost = new double[n];
        for (int r = 0; r < n; r++) cost[r] = found.get(r).counterfactuals().isEmpty() ? Double.NaN : found.get(r).counterfactuals().get(0).proximity();
        int minRows = context.intParameter("min-group-rows", MIN_GROUP_ROWS);
        double relative = context.doubleParameter("max-relative-gap", MAX_RELATIVE_GAP);
        Bootstrap boot = Evaluated.bootstrap(context);
        float[] csv = context.inCsvUnits(run.test).features().toArray();
        List<Finding> out = new ArrayList<>();
        for (SensitiveAttribute a : attributes) {
            context.checkCancelled();
            int column = context.schema().featureNames().indexOf(a.column());
            double[] values = new double[n];
            for (int r = 0; r < n; r++) values[r] = csv[r * space.width + column];
            Subgroups groups = Subgroups.of(a, values);
            List<List<String>> table = new ArrayList<>();
            List<int[]> judged = new ArrayList<>();
            List<String> judgedNames = new ArrayList<>(), small = new ArrayList<>();
            for (int g = 0; g < groups.rows().length; g++) {
                int[] with = Arrays.stream(groups.rows()[g]).filter(r -> !Double.isNaN(cost[r])).toArray();
                boolean enough = with.length >= minRows;
                table.add(List.of(groups.names().get(g), Integer.toString(groups.rows()[g].length), Integer.toString(with.length),
                        with.length == 0 ? "-" : CounterfactualsExplainer.num(CounterfactualsExplainer.mean(cost, with)),
                        with.length == 0 ? "-" : CounterfactualsExplainer.num(CounterfactualsExplainer.median(cost, with)),
                        enough ? "yes" : "too few rows with a counterfactual (fewer than " + minRows + ")"));
                if (enough) {
                    judged.add(with);
                    judgedNames.add(groups.names().get(g) + " (" + with.length + " rows)");
                } else small.add(groups.names().get(g) + " (" + with.length + " rows)");
            }
            out.add(new Table("Recourse cost by " + a.column(), Stage.VALIDATION,
                    List.of("group", "rows", "with a valid counterfactual", "mean distance", "median distance", "judged"), table,
                    "cost: the distance, in training standard deviations, from each row to its nearest valid counterfactual (" + run.methodInWords()
                            + "), with " + a.column() + " held fixed; rows without one are not in the mean"));
            String title = "Similar recourse across " + a.column();
            List<String> evidence = new ArrayList<>();
            if (!small.isEmpty()) evidence.add("not judged, too few rows: " + String.join(", ", small));
            if (judged.size() < 2) {
                out.add(new Verdict(title, Stage.VALIDATION, Verdict.Outcome.NOT_APPLICABLE,
                        "Fewer than two groups have the rows with a counterfactual to judge.", evidence, "Explain more held-out rows (parameter rows)."));
                continue;
            }
            int[][] strata = judged.toArray(int[][]::new);
            int[] groupOf = new int[n];
            for (int g = 0; g < strata.length; g++) for (int r : strata[g]) groupOf[r] = g;
            Bootstrap.Statistic gap = rs -> relativeGap(cost, groupOf, strata.length, rs);
            int[] all = Arrays.stream(strata).flatMapToInt(Arrays::stream).toArray();
            double value = gap.of(all);
            Bootstrap.Interval ci = boot.interval(strata, gap, context.seed(), null);
            evidence.add(0, "largest gap in mean cost over the overall mean cost " + Evaluated.fmt(value) + " (" + Evaluated.fmt(ci.lower()) + " to "
                    + Evaluated.fmt(ci.upper()) + "; stratified percentile bootstrap, " + ci.used() + " resamples)");
            evidence.add(1, "judged groups: " + String.join(", ", judgedNames));
            Tolerance.Judged judgedGap = Tolerance.atMost("gap in mean recourse cost over the overall mean cost", value, ci.lower(), ci.upper(),
                    boot.confidence(), relative, "max-relative-gap");
            Verdict.Outcome o = judgedGap.outcome(Verdict.Outcome.FAIL);
            out.add(new Verdict(title, Stage.VALIDATION, o, judgedGap.summary(o) + switch (judgedGap.position()) {
                case WITHIN -> " Each group needs about as large a change to obtain the other decision.";
                case BEYOND -> " One group needs systematically larger changes to obtain the other decision.";
                case STRADDLES -> " One group may need larger changes than the tolerance allows; more rows would tell.";
            }, evidence, switch (judgedGap.position()) {
                case WITHIN -> "";
                case BEYOND -> "Look at which features the costlier group must change (the counterfactuals explainer on its rows) and at its representation in the training data.";
                case STRADDLES -> "Explain more held-out rows of the smaller groups (parameter rows).";
            }));
        }
        context.progress(1.0, "done");
        return out;
    }

    /** (largest - smallest group mean cost) / overall mean cost over the resampled rows; each row counted in its own group. */
    static double relativeGap(double[] cost, int[] groupOf, int groups, int[] rows) {
        double[] sum = new double[groups];
        int[] count = new int[groups];
        double total = 0;
        for (int r : rows) {
            sum[groupOf[r]] += cost[r];
            count[groupOf[r]]++;
            total += cost[r];
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < groups; g++) {
            if (count[g] == 0) return Double.NaN;
            lo = Math.min(lo, sum[g] / count[g]);
            hi = Math.max(hi, sum[g] / count[g]);
        }
        double overall = total / rows.length;
        return overall > 0 ? (hi - lo) / overall : hi - lo == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
}
