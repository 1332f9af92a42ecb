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
import dev.lucent.explain.fairness.GroupRates.Measure;
import dev.lucent.explain.support.BinaryCounts;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.SubgroupPlan;
import dev.lucent.explain.support.Subgroups;
import dev.lucent.network.api.DataSplit;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.RecallThreshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * A mitigation hint, honestly labelled: per group of each sensitive attribute, the highest threshold on the
 * positive-class probability whose recall reaches a common target (parameter {@code target-recall}; default the
 * best group's recall under the model's own decision), and what deciding so would cost in overall accuracy, with
 * a bootstrap interval. Post-processing in the manner of Hardt, Price and Srebro (2016), as an analysis: the
 * thresholds are chosen on the held-out rows they are measured on, so they flatter themselves, and nothing is
 * changed in the model. No verdict: the choice is the auditor's.
 */
@Component(service = Explainer.class)
public final class GroupRecallThresholdsExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("group-recall-thresholds", "Per-group thresholds that would equalise recall",
            "1.0.0", "fairness",
            "The decision threshold each group would need so that the model catches the same share of its positive cases, and"
                    + " what that would cost in overall accuracy (an analysis, not a fix).",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT, ExplainerInfo.Need.SENSITIVE_ATTRIBUTES),
            Parameters.of(Groupings.parameters(), List.of(GroupFairnessExplainer.minClassRows(),
                    // above 0: a target of no recall at all sets no threshold
                    Parameter.number("target-recall", "the best group's recall under the model's own decision", 0.001, 1,
                            "the recall every group's threshold is chosen to reach"), Parameters.positiveClass()),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), true, 0.1);
        if (loaded.refusal() != null) return List.of(loaded.refusal());
        Evaluated e = loaded.data();
        Decisions d = Decisions.of(context, e);
        DataSplit csv = context.inCsvUnits(e.split()); // the user's values and bins are in the CSV's units
        SubgroupPlan plan = Groupings.plan(context, SubgroupPlan.Columns.of(csv, Groupings.columns(context)));
        int[][] groupOf = plan.groupsOf(csv);
        int minRows = Groupings.minRows(context);
        int minClassRows = context.intParameter("min-class-rows", GroupFairnessExplainer.MIN_CLASS_ROWS);
        Bootstrap boot = Evaluated.bootstrap(context);
        List<Finding> out = new ArrayList<>();
        int singles = plan.singles();
        for (int k = 0; k < singles; k++) {
            Subgroups groups = plan.subgroups(k, groupOf);
            out.addAll(equalise(context, Groupings.Grouping.of(plan.name(k), groups), groups.rows(), minRows, minClassRows, d, boot,
                    Evaluated.checkpoint(context, 0.1 + 0.9 * k / singles, 0.1 + 0.9 * (k + 1) / singles)));
        }
        context.progress(1.0, "done");
        return out;
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

    private static List<Finding> equalise(AuditContext context, Groupings.Grouping grouping, int[][] rows, int minRows, int minClassRows,
                                          Decisions d, Bootstrap boot, Bootstrap.Checkpoint cp) throws AuditCancelledException {
        List<String> names = grouping.names();
        List<Integer> eligible = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int g : grouping.judged(minRows)) {
            GroupRates r = GroupRates.of(d.positive(), d.flagged(), rows[g]);
            if (r.positives() < minClassRows) continue;
            eligible.add(g);
            best = Math.max(best, r.rate(Measure.TRUE_POSITIVE_RATE));
        }
        String title = "Thresholds equalising recall across " + grouping.name();
        if (eligible.size() < 2)
            return List.of(new Table(title, Stage.VALIDATION, List.of("note"),
                    List.of(List.of("Fewer than two groups have " + minClassRows + " " + d.positiveName() + " rows and " + minRows
                            + " rows in all: nothing to equalise.")), ""));
        double target = context.doubleParameter("target-recall", best);
        if (!(target > 0 && target <= 1)) throw new IllegalArgumentException("parameter target-recall must lie in (0, 1], got " + target);
        boolean[] decided = d.flagged().clone(); // groups not judged keep the model's own decision
        List<List<String>> table = new ArrayList<>();
        for (int g : eligible) {
            RecallThreshold t = RecallThreshold.find(BinaryCounts.of(d.score(), d.positive(), rows[g]), target);
            for (int r : rows[g]) decided[r] = d.score()[r] >= t.threshold();
            GroupRates before = GroupRates.of(d.positive(), d.flagged(), rows[g]);
            GroupRates after = GroupRates.of(d.positive(), decided, rows[g]);
            table.add(List.of(names.get(g), Integer.toString(rows[g].length), Long.toString(before.positives()),
                    Evaluated.fmt(before.rate(Measure.TRUE_POSITIVE_RATE)), Evaluated.fmt(t.threshold()),
                    Evaluated.fmt(after.rate(Measure.TRUE_POSITIVE_RATE)), Evaluated.fmt(after.rate(Measure.FALSE_POSITIVE_RATE)),
                    Evaluated.fmt(after.rate(Measure.PRECISION))));
        }
        int[] all = Bootstrap.identity(d.positive().length);
        double accuracyBefore = GroupRates.of(d.positive(), d.flagged(), all).rate(Measure.ACCURACY);
        double accuracyAfter = GroupRates.of(d.positive(), decided, all).rate(Measure.ACCURACY);
        // thresholds fixed across resamples: the interval says how the cost would vary on new rows like these
        Bootstrap.Interval ci = boot.interval(all.length, r -> GroupRates.of(d.positive(), d.flagged(), r).rate(Measure.ACCURACY)
                - GroupRates.of(d.positive(), decided, r).rate(Measure.ACCURACY), context.seed(), cp);
        List<Finding> out = new ArrayList<>();
        out.add(new Table(title, Stage.VALIDATION, List.of("group", "rows", "rows of class " + d.positiveName(), "recall (model's decision)",
                "threshold", "recall at threshold", "false positive rate at threshold", "precision at threshold"), table,
                "each group: the highest threshold on the probability of " + d.positiveName() + " whose recall reaches "
                        + Evaluated.fmt(target) + (context.parameters().containsKey("target-recall") ? " (parameter target-recall)"
                        : " (the best group's recall under the model's own decision)")
                        + "; chosen on the held-out rows they are measured on, so confirm on fresh data; an analysis, the model is unchanged"));
        out.add(new Metric("Overall accuracy cost of equal recall across " + grouping.name(), Stage.VALIDATION, "accuracy cost",
                accuracyBefore - accuracyAfter, ci.lower(), ci.upper(), boot.confidence(),
                "accuracy " + Evaluated.fmt(accuracyBefore) + " with the model's decision, " + Evaluated.fmt(accuracyAfter)
                        + " with the per-group thresholds (positive: accuracy lost); percentile bootstrap, " + ci.used() + " resamples"));
        return out;
    }
}
