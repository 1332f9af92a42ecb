package dev.lucent.explain.fairness;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.fairness.GroupRates.Measure;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.GroupTallies;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.SubgroupPlan;
import dev.lucent.explain.support.Subgroups;
import java.io.Serializable;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Group fairness of a classifier's decisions on the held-out rows, for each sensitive attribute and each pair of
 * them intersected: per group the selection rate, true and false positive rates, precision, false negative rate
 * and calibration error, each with a Poisson-bootstrap interval (row weights seeded by row id); across groups the gaps and ratios Fairlearn names
 * (demographic parity difference and ratio, equal opportunity, equalized odds, predictive parity) and the gap in
 * calibration, each judged against a tolerance the user can set ({@link Criterion}). Groups too small to judge are
 * listed and said so. docs/fairness.md gives each formula and its source. Two passes, so a cluster runner shares it:
 * the attributes' distinct values (groups, exact), then each group's {@link DecisionCounts}.
 */
@Component(service = Explainer.class)
public final class GroupFairnessExplainer
        implements AttributeGroups<GroupTallies<DecisionCounts>> {

    static final ExplainerInfo INFO = new ExplainerInfo("group-fairness", "Fairness of decisions across groups", "1.0.0", "fairness",
            "Whether the model flags, catches and wrongly alarms each group of a sensitive attribute (sex, age band, and their"
                    + " intersections) alike, and is as well calibrated for each.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT, ExplainerInfo.Need.SENSITIVE_ATTRIBUTES),
            Parameters.of(Groupings.parameters(), List.of(minClassRows()), Criterion.parameters(), List.of(Parameters.positiveClass()),
                    Parameters.bootstrap()));

    /** Below this many positive (or negative, or flagged) rows a group's rate of them is not judged. */
    static final int MIN_CLASS_ROWS = 10;
    /** Equal-width bins of the per-group calibration error: fewer than the report's 15, as groups hold fewer rows. */
    static final int ECE_BINS = 10;

    /** {@code min-class-rows}, read here and by {@link GroupRecallThresholdsExplainer}. */
    static Parameter minClassRows() {
        return Parameter.whole("min-class-rows", Integer.toString(MIN_CLASS_ROWS), 1,
                "rows of a rate's denominator (positives, negatives or flags) a group needs for that rate to be judged");
    }

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    /**
     * What the second pass counts by: the groupings and the positive class, or why the explainer does not apply
     * ({@code notApplicable}, the verdict's words). Shared by the fairness family.
     */
    record Plan(String notApplicable, int positive, SubgroupPlan groups) implements Serializable {
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refusal = Evaluated.refusal(context, INFO.name(), true);
        if (refusal != null) return List.of(refusal);
        return Blocks.explain(this, context, context.test().orElseThrow(), true);
    }

    @Override
    public Plan plan(AuditContext context, SubgroupPlan.Columns first) {
        String notRun = Groupings.notRun(this, context);
        if (notRun != null) return new Plan(notRun, -1, null);
        Verdict refusal = Evaluated.refusal(context, INFO.name(), true);
        if (refusal != null) return new Plan(refusal.summary(), -1, null);
        context.intParameter("min-class-rows", MIN_CLASS_ROWS);
        return new Plan(null, ModelOutputs.positiveClass(context), Groupings.plan(context, first));
    }

    @Override
    public GroupTallies<DecisionCounts> emptySummary(AuditContext context, Plan plan) {
        return plan.notApplicable() != null ? null : new GroupTallies<>(plan.groups());
    }

    /** Each row in its group of every grouping: positive or not, flagged (its most probable class is the positive one) or not. */
    @Override
    public GroupTallies<DecisionCounts> summarize(AuditContext context, Plan plan, RowBlock block) {
        GroupTallies<DecisionCounts> s = emptySummary(context, plan);
        if (s == null) return null;
        int[][] groups = plan.groups().groupsOf(block.inCsvUnits());
        double[][] p = ModelOutputs.classProbabilities(context, block);
        int[] predicted = ModelOutputs.argmax(p);
        int[] labels = block.rows().labels();
        int pos = plan.positive();
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        int[] w = new int[boot.replicates()];
        for (int i = 0; i < labels.length; i++) {
            boot.weights(block.rowIds()[i], w);
            for (int k = 0; k < groups.length; k++)
                if (groups[k][i] >= 0)
                    s.row(k, groups[k][i], () -> new DecisionCounts(boot.replicates())).add(labels[i] == pos, predicted[i] == pos, p[i][pos], w);
        }
        return s;
    }

    @Override
    public GroupTallies<DecisionCounts> merge(GroupTallies<DecisionCounts> a, GroupTallies<DecisionCounts> b) {
        return a == null ? null : a.merge(b, DecisionCounts::merge);
    }

    @Override
    public List<Finding> findings(AuditContext context, Plan plan, GroupTallies<DecisionCounts> summary) throws AuditCancelledException {
        if (plan.notApplicable() != null) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, plan.notApplicable()));
        int minRows = Groupings.minRows(context);
        int minClassRows = context.intParameter("min-class-rows", MIN_CLASS_ROWS);
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        String positiveName = ModelOutputs.className(context, plan.positive());
        List<Finding> out = new ArrayList<>();
        for (int k = 0; k < plan.groups().groupings(); k++) {
            Groupings.Grouping grouping = Groupings.Grouping.of(plan.groups(), k, summary);
            DecisionCounts[] counts = new DecisionCounts[grouping.slots().length];
            for (int g = 0; g < counts.length; g++) counts[g] = summary.get(k, grouping.slots()[g], () -> new DecisionCounts(boot.replicates()));
            out.addAll(judge(context, grouping, counts, minRows, minClassRows, positiveName, boot));
        }
        context.progress(1.0, "done");
        return out;
    }

    /** Whether a group has the rows to judge a measure: enough positives for recall, negatives for false alarms, flags for precision. */
    static boolean enough(GroupRates r, Measure m, int minClassRows) {
        return switch (m) {
            case TRUE_POSITIVE_RATE, FALSE_NEGATIVE_RATE -> r.positives() >= minClassRows;
            case FALSE_POSITIVE_RATE -> r.negatives() >= minClassRows;
            case PRECISION -> r.tp() + r.fp() >= minClassRows;
            case SELECTION_RATE, ACCURACY -> true;
        };
    }

    /** A group's statistic in every replicate. */
    interface PerReplicate {
        double of(int b);
    }

    /** The Poisson-bootstrap interval of a statistic read from every replicate. */
    static Bootstrap.Interval interval(AuditContext context, PoissonBootstrap boot, PerReplicate statistic) throws AuditCancelledException {
        double[] v = new double[boot.replicates()];
        for (int b = 0; b < v.length; b++) {
            if (b % 100 == 0) context.checkCancelled();
            v[b] = statistic.of(b);
        }
        return boot.interval(v);
    }

    private List<Finding> judge(AuditContext context, Groupings.Grouping grouping, DecisionCounts[] counts, int minRows, int minClassRows,
                                String positiveName, PoissonBootstrap boot) throws AuditCancelledException {
        String name = grouping.name();
        List<String> names = grouping.names();
        long[] sizes = grouping.sizes();
        int[] judged = grouping.judged(minRows);
        Measure[] shown = {Measure.SELECTION_RATE, Measure.TRUE_POSITIVE_RATE, Measure.FALSE_POSITIVE_RATE, Measure.PRECISION,
                Measure.FALSE_NEGATIVE_RATE};
        // the table: every group, judged or not, each rate with its own interval
        List<List<String>> table = new ArrayList<>();
        for (int g = 0; g < counts.length; g++) {
            DecisionCounts c = counts[g];
            GroupRates r = c.rates(DecisionCounts.AS_THEY_ARE);
            boolean big = sizes[g] >= minRows;
            List<String> row = new ArrayList<>(List.of(names.get(g), Long.toString(sizes[g]), Long.toString(r.positives())));
            for (Measure m : shown)
                row.add(!big ? "not judged" : !enough(r, m, minClassRows) ? "n/a (too few rows)"
                        : cell(r.rate(m), interval(context, boot, b -> c.rates(b).rate(m))));
            row.add(!big ? "not judged" : cell(c.ece(DecisionCounts.AS_THEY_ARE), interval(context, boot, c::ece)));
            row.add(big ? "yes" : "too small to judge (fewer than " + minRows + " rows)");
            table.add(row);
        }
        List<String> columns = new ArrayList<>(List.of("group", "rows", "rows of class " + positiveName));
        for (Measure m : shown) columns.add(m.words);
        columns.add("calibration error (ECE)");
        columns.add("judged");
        String small = grouping.tooSmall(minRows);
        List<Finding> out = new ArrayList<>();
        out.add(new Table("Fairness by " + name, Stage.VALIDATION, columns, table,
                "positive class " + positiveName + "; the model's decision is its most probable class; smallest group: "
                        + grouping.smallest() + (small.isEmpty() ? "" : "; too small to judge: " + small)
                        + "; intervals: " + Evaluated.pct(boot.confidence()) + " percentile Poisson bootstrap, row weights seeded by row id"));
        for (Criterion criterion : Criterion.values())
            out.addAll(criterion.judge(context, name, names, sizes, counts, judged, minClassRows, boot, small));
        return out;
    }

    static String cell(double v, Bootstrap.Interval ci) {
        return Evaluated.fmt(v) + " (" + Evaluated.fmt(ci.lower()) + " to " + Evaluated.fmt(ci.upper()) + ")";
    }

    /**
     * The across-group comparisons, each with its statistic, its tolerance (a parameter, with the default and its
     * source) and whether larger is worse (gaps) or better (the ratio).
     */
    enum Criterion {
        DEMOGRAPHIC_PARITY_RATIO("Four-fifths rule for selection rates", "demographic parity ratio", "min-selection-ratio", 0.8,
                "the four-fifths rule, EEOC Uniform Guidelines, 29 CFR 1607.4(D)", false, Measure.SELECTION_RATE),
        /** Reported beside the ratio, not judged (the four-fifths rule judges selection rates): no tolerance to set. */
        DEMOGRAPHIC_PARITY_DIFFERENCE("Demographic parity", "demographic parity difference", null, Double.NaN,
                "reported, not judged", true, Measure.SELECTION_RATE),
        EQUAL_OPPORTUNITY("Equal opportunity (recall)", "equal opportunity difference", "max-recall-gap", 0.1,
                "the fair range |difference| <= 0.1 AIF360 gives for equal opportunity", true, Measure.TRUE_POSITIVE_RATE),
        EQUALIZED_ODDS("Equalized odds (recall and false alarms)", "equalized odds difference", "max-odds-gap", 0.1,
                "the fair range |difference| <= 0.1 AIF360 gives for average odds", true, Measure.TRUE_POSITIVE_RATE,
                Measure.FALSE_POSITIVE_RATE),
        PREDICTIVE_PARITY("Predictive parity (precision)", "predictive parity difference", "max-precision-gap", 0.1,
                "the same 0.1 as the other differences", true, Measure.PRECISION),
        CALIBRATION("Calibration within groups", "calibration error gap", "max-ece-gap", 0.05,
                "Lucent's choice: half the 0.1 of the rate gaps, since ECE is itself an average gap", true);

        final String title;
        final String statistic;
        final String parameter;
        final double fallback;
        final String source;
        final boolean gap;
        final Measure[] measures;

        Criterion(String title, String statistic, String parameter, double fallback, String source, boolean gap, Measure... measures) {
            this.title = title;
            this.statistic = statistic;
            this.parameter = parameter;
            this.fallback = fallback;
            this.source = source;
            this.gap = gap;
            this.measures = measures;
        }

        /** The tolerances, declared with their code's defaults (one source: {@link #fallback}) and sources. */
        static List<Parameter> parameters() {
            List<Parameter> out = new ArrayList<>();
            for (Criterion c : values())
                if (c.parameter != null)
                    out.add(Parameter.number(c.parameter, Double.toString(c.fallback), 0, 1,
                            (c.gap ? "the largest " : "the least ") + c.statistic + " that passes (default: " + c.source + ")"));
            return out;
        }

        /** The statistic over the eligible groups, in replicate {@code b} or over the rows as they are ({@link DecisionCounts#AS_THEY_ARE}). */
        double of(DecisionCounts[] counts, int[] eligible, int b) {
            if (this == CALIBRATION) return Subgroups.spread(each(eligible, g -> counts[g].ece(b)), false);
            if (this == DEMOGRAPHIC_PARITY_RATIO)
                return Subgroups.spread(each(eligible, g -> counts[g].rates(b).rate(Measure.SELECTION_RATE)), true);
            double worst = Double.NaN;
            for (Measure m : measures) {
                double s = Subgroups.spread(each(eligible, g -> counts[g].rates(b).rate(m)), false);
                if (Double.isNaN(s)) return Double.NaN;
                worst = Double.isNaN(worst) ? s : Math.max(worst, s);
            }
            return worst;
        }

        private static double[] each(int[] groups, java.util.function.IntToDoubleFunction value) {
            double[] v = new double[groups.length];
            for (int i = 0; i < v.length; i++) v[i] = value.applyAsDouble(groups[i]);
            return v;
        }

        List<Finding> judge(AuditContext context, String name, List<String> names, long[] sizes, DecisionCounts[] counts, int[] judged,
                            int minClassRows, PoissonBootstrap boot, String small) throws AuditCancelledException {
            String heading = title + " across " + name;
            List<Integer> eligible = new ArrayList<>();
            List<String> lacking = new ArrayList<>();
            for (int g : judged) {
                GroupRates r = counts[g].rates(DecisionCounts.AS_THEY_ARE);
                boolean ok = true;
                for (Measure m : measures) ok &= enough(r, m, minClassRows);
                if (ok) eligible.add(g);
                else lacking.add(names.get(g));
            }
            int[] el = eligible.stream().mapToInt(Integer::intValue).toArray();
            List<String> evidence = new ArrayList<>();
            if (!small.isEmpty()) evidence.add("not judged, too small: " + small);
            if (!lacking.isEmpty())
                evidence.add("not judged, fewer than " + minClassRows + " rows for the " + measureWords() + ": " + String.join(", ", lacking));
            if (el.length < 2)
                return List.of(new Verdict(heading, Stage.VALIDATION, Verdict.Outcome.NOT_APPLICABLE,
                        "Fewer than two groups have the rows to judge (the evidence says which fall short and why).", evidence,
                        "Evaluate on more held-out rows of the groups that fall short."));
            double value = of(counts, el, DecisionCounts.AS_THEY_ARE);
            Bootstrap.Interval ci = interval(context, boot, b -> of(counts, el, b));
            List<Finding> out = new ArrayList<>();
            out.add(boot.metric(statistic(name), Stage.VALIDATION, statistic, value, ci, (gap ? "largest minus smallest" : "smallest over largest")
                    + " " + measureWords() + " among the judged groups"));
            if (parameter == null) return out; // reported beside the ratio, which the four-fifths rule judges
            double tolerance = context.doubleParameter(parameter, fallback);
            evidence.add(0, statistic + " " + Evaluated.fmt(value) + " (" + Evaluated.fmt(ci.lower()) + " to " + Evaluated.fmt(ci.upper()) + ")");
            evidence.add(1, "tolerance " + (gap ? "at most " : "at least ") + Evaluated.fmt(tolerance) + " (parameter " + parameter
                    + "; default " + Evaluated.fmt(fallback) + ": " + source + ")");
            evidence.add(2, "judged groups: " + String.join(", ", eligible.stream().map(g -> names.get(g) + " (" + sizes[g] + " rows)").toList()));
            // the shared rule: the whole interval within the tolerance passes, straddling warns, wholly past it fails
            Tolerance.Judged rule = gap ? Tolerance.atMost(statistic, value, ci.lower(), ci.upper(), boot.confidence(), tolerance, parameter)
                    : Tolerance.atLeast(statistic, value, ci.lower(), ci.upper(), boot.confidence(), tolerance, parameter);
            Verdict.Outcome o = rule.outcome(Verdict.Outcome.FAIL);
            String summary = rule.summary(o) + switch (rule.position()) {
                case WITHIN -> " The groups fare alike within the tolerance.";
                case BEYOND -> " The groups differ beyond the tolerance.";
                case STRADDLES -> " The groups may differ by more than the tolerance allows; more rows would tell.";
            };
            String advice = o == Verdict.Outcome.PASS ? "" : o == Verdict.Outcome.WARN ? "Evaluate on more held-out rows of the smaller groups."
                    : "Check the worse group's representation and labels in the training data; group-recall-thresholds shows the"
                    + " per-group thresholds that would equalise recall and what they cost (an analysis, not a fix).";
            out.add(new Verdict(heading, Stage.VALIDATION, o, summary, evidence, advice));
            return out;
        }

        String statistic(String grouping) {
            return Character.toUpperCase(statistic.charAt(0)) + statistic.substring(1) + " across " + grouping;
        }

        String measureWords() {
            if (this == CALIBRATION) return "calibration error";
            return String.join(" and ", Arrays.stream(measures).map(m -> m.words).toList());
        }
    }
}
