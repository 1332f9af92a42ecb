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
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Calibration;
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
 * and calibration error, each with a bootstrap interval; across groups the gaps and ratios Fairlearn names
 * (demographic parity difference and ratio, equal opportunity, equalized odds, predictive parity) and the gap in
 * calibration, each judged against a tolerance the user can set ({@link Criterion}). Groups too small to judge are
 * listed and said so. docs/fairness.md gives each formula and its source.
 */
@Component(service = Explainer.class)
public final class GroupFairnessExplainer implements Explainer {

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

    /** What every group's rates are computed from: truth, the model's decision and its score for the positive class. */
    record Decisions(boolean[] positive, boolean[] flagged, double[] score, String positiveName) {
        /** On the held-out rows: the positive class as the performance family picks it, flagged when it is the most probable. */
        static Decisions of(AuditContext context, Evaluated e) {
            int pos = ModelOutputs.positiveClass(context);
            int[] predicted = ModelOutputs.argmax(e.outputs());
            boolean[] flagged = new boolean[predicted.length];
            for (int i = 0; i < flagged.length; i++) flagged[i] = predicted[i] == pos;
            return new Decisions(e.isClass(pos), flagged, ModelOutputs.column(e.outputs(), pos), ModelOutputs.className(context, pos));
        }
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), true, 0.1);
        if (loaded.refusal() != null) return List.of(loaded.refusal());
        Evaluated e = loaded.data();
        Decisions d = Decisions.of(context, e);
        Groupings groupings = Groupings.of(context, e.split());
        int minClassRows = context.intParameter("min-class-rows", MIN_CLASS_ROWS);
        Bootstrap boot = Evaluated.bootstrap(context);
        List<Finding> out = new ArrayList<>();
        int n = groupings.all().size();
        for (int k = 0; k < n; k++) {
            double from = 0.1 + 0.9 * k / n, to = 0.1 + 0.9 * (k + 1) / n;
            out.addAll(judge(context, groupings.all().get(k), groupings.minRows(), minClassRows, d, boot, from, to));
        }
        context.progress(1.0, "done");
        return out;
    }

    /** A group's rate on the rows picked (a group's column of the table, or one resample of it). */
    static Bootstrap.Statistic rate(Decisions d, Measure m) {
        return rows -> GroupRates.of(d.positive(), d.flagged(), rows).rate(m);
    }

    static Bootstrap.Statistic ece(Decisions d) {
        return rows -> Calibration.of(d.score(), d.positive(), ECE_BINS, rows).ece();
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

    private List<Finding> judge(AuditContext context, Groupings.Grouping grouping, int minRows, int minClassRows, Decisions d,
                                Bootstrap boot, double from, double to) throws AuditCancelledException {
        String name = grouping.name();
        List<String> names = grouping.groups().names();
        int[][] rows = grouping.groups().rows();
        int[] judged = grouping.judged(minRows);
        Measure[] shown = {Measure.SELECTION_RATE, Measure.TRUE_POSITIVE_RATE, Measure.FALSE_POSITIVE_RATE, Measure.PRECISION,
                Measure.FALSE_NEGATIVE_RATE};
        // the table: every group, judged or not, each rate with its own interval
        List<List<String>> table = new ArrayList<>();
        for (int g = 0; g < rows.length; g++) {
            context.checkCancelled();
            GroupRates r = GroupRates.of(d.positive(), d.flagged(), rows[g]);
            boolean big = rows[g].length >= minRows;
            List<String> row = new ArrayList<>(List.of(names.get(g), Integer.toString(rows[g].length), Long.toString(r.positives())));
            for (Measure m : shown)
                row.add(!big ? "not judged" : !enough(r, m, minClassRows) ? "n/a (too few rows)"
                        : cell(r.rate(m), boot.interval(new int[][] {rows[g]}, rate(d, m), context.seed(), null)));
            row.add(!big ? "not judged" : cell(ece(d).of(rows[g]), boot.interval(new int[][] {rows[g]}, ece(d), context.seed(), null)));
            row.add(big ? "yes" : "too small to judge (fewer than " + minRows + " rows)");
            table.add(row);
        }
        List<String> columns = new ArrayList<>(List.of("group", "rows", "rows of class " + d.positiveName()));
        for (Measure m : shown) columns.add(m.words);
        columns.add("calibration error (ECE)");
        columns.add("judged");
        String small = grouping.tooSmall(minRows);
        List<Finding> out = new ArrayList<>();
        out.add(new Table("Fairness by " + name, Stage.VALIDATION, columns, table,
                "positive class " + d.positiveName() + "; the model's decision is its most probable class; smallest group: "
                        + grouping.smallest() + (small.isEmpty() ? "" : "; too small to judge: " + small)
                        + "; intervals: " + Evaluated.pct(boot.confidence()) + " percentile bootstrap within each group"));

        Criterion[] criteria = Criterion.values();
        for (int c = 0; c < criteria.length; c++) {
            double f = from + (to - from) * c / criteria.length, t = from + (to - from) * (c + 1) / criteria.length;
            out.addAll(criteria[c].judge(context, name, names, rows, judged, minClassRows, d, boot, Evaluated.checkpoint(context, f, t), small));
        }
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

        /** The statistic over groups, each group's rows a slice of {@code resampled} in the order of {@code eligible}. */
        double of(Decisions d, int[][] rows, int[] eligible, int[] resampled) {
            int[][] groups = new int[eligible.length][];
            for (int i = 0; i < eligible.length; i++) groups[i] = rows[eligible[i]];
            List<int[]> slices = Groupings.slices(groups, resampled);
            if (this == CALIBRATION) return spread(slices, ece(d), false);
            if (this == DEMOGRAPHIC_PARITY_RATIO) return spread(slices, rate(d, Measure.SELECTION_RATE), true);
            double worst = Double.NaN;
            for (Measure m : measures) {
                double s = spread(slices, rate(d, m), false);
                if (Double.isNaN(s)) return Double.NaN;
                worst = Double.isNaN(worst) ? s : Math.max(worst, s);
            }
            return worst;
        }

        /** Largest minus smallest (or smallest over largest) among the groups where the value is defined; NaN under two. */
        static double spread(List<int[]> slices, Bootstrap.Statistic value, boolean ratio) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            int defined = 0;
            for (int[] s : slices) {
                double v = value.of(s);
                if (Double.isNaN(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                defined++;
            }
            if (defined < 2) return Double.NaN;
            if (!ratio) return hi - lo;
            return hi == 0 ? Double.NaN : lo / hi; // nobody selected in any group: no ratio to judge
        }

        List<Finding> judge(AuditContext context, String name, List<String> names, int[][] rows, int[] judged, int minClassRows,
                            Decisions d, Bootstrap boot, Bootstrap.Checkpoint cp, String small) throws AuditCancelledException {
            String heading = title + " across " + name;
            List<Integer> eligible = new ArrayList<>();
            List<String> lacking = new ArrayList<>();
            for (int g : judged) {
                GroupRates r = GroupRates.of(d.positive(), d.flagged(), rows[g]);
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
            int[][] groups = new int[el.length][];
            for (int i = 0; i < el.length; i++) groups[i] = rows[el[i]];
            int[] all = Arrays.stream(groups).flatMapToInt(Arrays::stream).toArray();
            double value = of(d, rows, el, all);
            Bootstrap.Interval ci = boot.interval(groups, r -> of(d, rows, el, r), context.seed(), cp);
            List<Finding> out = new ArrayList<>();
            out.add(new dev.lucent.explain.api.Metric(statistic(name), Stage.VALIDATION, statistic, value, ci.lower(), ci.upper(),
                    boot.confidence(), (gap ? "largest minus smallest" : "smallest over largest") + " " + measureWords()
                    + " among the judged groups; resampled within each group (percentile bootstrap, " + ci.used() + " resamples)"));
            if (parameter == null) return out; // reported beside the ratio, which the four-fifths rule judges
            double tolerance = context.doubleParameter(parameter, fallback);
            evidence.add(0, statistic + " " + Evaluated.fmt(value) + " (" + Evaluated.fmt(ci.lower()) + " to " + Evaluated.fmt(ci.upper()) + ")");
            evidence.add(1, "tolerance " + (gap ? "at most " : "at least ") + Evaluated.fmt(tolerance) + " (parameter " + parameter
                    + "; default " + Evaluated.fmt(fallback) + ": " + source + ")");
            evidence.add(2, "judged groups: " + String.join(", ", eligible.stream().map(g -> names.get(g) + " (" + rows[g].length + " rows)").toList()));
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
