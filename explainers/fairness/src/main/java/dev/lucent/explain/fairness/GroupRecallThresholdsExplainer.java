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
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.GroupTallies;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.ScoreCounts;
import dev.lucent.explain.support.ScoreGridReplicates;
import java.io.Serializable;
import java.util.Map;
import dev.lucent.explain.fairness.GroupRates.Measure;
import dev.lucent.explain.support.BinaryCounts;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.SubgroupPlan;
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
 * a Poisson-bootstrap interval (row weights seeded by row id; each replicate reads the decisions at the thresholds on a
 * 64-bin score grid, re-centred on the exact cost). Two passes, so a cluster runner shares it: the attributes' distinct
 * values, then per group its {@link RecallTally}. Post-processing in the manner of Hardt, Price and Srebro (2016), as an analysis: the
 * thresholds are chosen on the held-out rows they are measured on, so they flatter themselves, and nothing is
 * changed in the model. No verdict: the choice is the auditor's.
 */
@Component(service = Explainer.class)
public final class GroupRecallThresholdsExplainer implements AttributeGroups<GroupRecallThresholdsExplainer.Summary> {

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

    /** Per group of each single attribute its {@link RecallTally}; the model's decisions over every row. */
    record Summary(GroupTallies<RecallTally> groups, DecisionCounts all) implements Serializable {
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refusal = Evaluated.refusal(context, INFO.name(), true);
        if (refusal != null) return List.of(refusal);
        return Blocks.explain(this, context, context.test().orElseThrow(), true);
    }

    @Override
    public GroupFairnessExplainer.Plan plan(AuditContext context, SubgroupPlan.Columns first) {
        String notRun = Groupings.notRun(this, context);
        if (notRun != null) return new GroupFairnessExplainer.Plan(notRun, -1, null);
        Verdict refusal = Evaluated.refusal(context, INFO.name(), true);
        if (refusal != null) return new GroupFairnessExplainer.Plan(refusal.summary(), -1, null);
        context.intParameter("min-class-rows", GroupFairnessExplainer.MIN_CLASS_ROWS);
        return new GroupFairnessExplainer.Plan(null, ModelOutputs.positiveClass(context), Groupings.plan(context, first));
    }

    @Override
    public Summary emptySummary(AuditContext context, GroupFairnessExplainer.Plan plan) {
        if (plan.notApplicable() != null) return new Summary(null, null);
        return new Summary(new GroupTallies<>(plan.groups()), new DecisionCounts(PoissonBootstrap.of(context).replicates()));
    }

    @Override
    public Summary summarize(AuditContext context, GroupFairnessExplainer.Plan plan, RowBlock block) {
        Summary s = emptySummary(context, plan);
        if (s.groups() == null) return s;
        int[][] groups = plan.groups().groupsOf(block.inCsvUnits());
        double[][] p = ModelOutputs.classProbabilities(context, block);
        int[] predicted = ModelOutputs.argmax(p);
        int[] labels = block.rows().labels();
        int pos = plan.positive();
        double[] score = ModelOutputs.column(p, pos);
        boolean[] positive = new boolean[labels.length];
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        int[] w = new int[boot.replicates()];
        for (int i = 0; i < labels.length; i++) {
            positive[i] = labels[i] == pos;
            boot.weights(block.rowIds()[i], w);
            s.all().add(positive[i], predicted[i] == pos, score[i], w);
            for (int k = 0; k < plan.groups().singles(); k++) // thresholds per attribute, not per intersection
                if (groups[k][i] >= 0) {
                    RecallTally t = s.groups().row(k, groups[k][i], () -> new RecallTally(boot.replicates()));
                    t.decisions.add(positive[i], predicted[i] == pos, score[i], w);
                    t.grid.add(score[i], positive[i], w);
                }
        }
        // each group's distinct scores, counted once per block
        for (int k = 0; k < plan.groups().singles(); k++) {
            java.util.Map<Integer, List<Integer>> members = new java.util.TreeMap<>();
            for (int i = 0; i < labels.length; i++) if (groups[k][i] >= 0) members.computeIfAbsent(groups[k][i], g -> new ArrayList<>()).add(i);
            for (Map.Entry<Integer, List<Integer>> m : members.entrySet()) {
                int[] rows = m.getValue().stream().mapToInt(Integer::intValue).toArray();
                double[] sc = new double[rows.length];
                boolean[] po = new boolean[rows.length];
                for (int j = 0; j < rows.length; j++) {
                    sc[j] = score[rows[j]];
                    po[j] = positive[rows[j]];
                }
                RecallTally t = s.groups().get(k, m.getKey(), null);
                t.scores = t.scores.merge(ScoreCounts.of(sc, po, ScoreCounts.MAX_DISTINCT));
            }
        }
        return s;
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        if (a.groups() == null) return a;
        a.groups().merge(b.groups(), RecallTally::merge);
        a.all().merge(b.all());
        return a;
    }

    @Override
    public List<Finding> findings(AuditContext context, GroupFairnessExplainer.Plan plan, Summary summary) throws AuditCancelledException {
        if (plan.notApplicable() != null) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, plan.notApplicable()));
        int minRows = Groupings.minRows(context);
        int minClassRows = context.intParameter("min-class-rows", GroupFairnessExplainer.MIN_CLASS_ROWS);
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        String positiveName = ModelOutputs.className(context, plan.positive());
        List<Finding> out = new ArrayList<>();
        for (int k = 0; k < plan.groups().singles(); k++) {
            Groupings.Grouping grouping = Groupings.Grouping.of(plan.groups(), k, summary.groups());
            RecallTally[] tallies = new RecallTally[grouping.slots().length];
            for (int g = 0; g < tallies.length; g++)
                tallies[g] = summary.groups().get(k, grouping.slots()[g], () -> new RecallTally(boot.replicates()));
            out.addAll(equalise(context, grouping, tallies, summary.all(), minRows, minClassRows, positiveName, boot));
        }
        context.progress(1.0, "done");
        return out;
    }

    private static List<Finding> equalise(AuditContext context, Groupings.Grouping grouping, RecallTally[] tallies, DecisionCounts all,
                                          int minRows, int minClassRows, String positiveName, PoissonBootstrap boot)
            throws AuditCancelledException {
        List<String> names = grouping.names();
        long[] sizes = grouping.sizes();
        List<Integer> eligible = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int g : grouping.judged(minRows)) {
            GroupRates r = tallies[g].decisions.rates(DecisionCounts.AS_THEY_ARE);
            if (r.positives() < minClassRows) continue;
            eligible.add(g);
            best = Math.max(best, r.rate(Measure.TRUE_POSITIVE_RATE));
        }
        String title = "Thresholds equalising recall across " + grouping.name();
        if (eligible.size() < 2)
            return List.of(new Table(title, Stage.VALIDATION, List.of("note"),
                    List.of(List.of("Fewer than two groups have " + minClassRows + " " + positiveName + " rows and " + minRows
                            + " rows in all: nothing to equalise.")), ""));
        double target = context.doubleParameter("target-recall", best);
        if (!(target > 0 && target <= 1)) throw new IllegalArgumentException("parameter target-recall must lie in (0, 1], got " + target);
        List<List<String>> table = new ArrayList<>();
        GroupRates overall = all.rates(DecisionCounts.AS_THEY_ARE);
        // rows decided right: the model's decision outside the eligible groups, each one's threshold inside them
        long rightAfter = overall.tp() + overall.tn(), rightOnGrid = rightAfter;
        double[] thresholds = new double[eligible.size()];
        for (int i = 0; i < thresholds.length; i++) {
            int g = eligible.get(i);
            RecallTally tally = tallies[g];
            BinaryCounts counts = tally.scores.binaryCounts();
            RecallThreshold t = RecallThreshold.find(counts, target);
            thresholds[i] = t.threshold();
            GroupRates before = tally.decisions.rates(DecisionCounts.AS_THEY_ARE);
            GroupRates after = new GroupRates(t.truePositives(), t.falsePositives(), counts.negatives - t.falsePositives(),
                    counts.positives - t.truePositives());
            rightAfter += after.tp() + after.tn() - before.tp() - before.tn();
            rightOnGrid += tally.rightOnGrid(t.threshold()) - before.tp() - before.tn();
            table.add(List.of(names.get(g), Long.toString(sizes[g]), Long.toString(before.positives()),
                    Evaluated.fmt(before.rate(Measure.TRUE_POSITIVE_RATE)), Evaluated.fmt(t.threshold()),
                    Evaluated.fmt(after.rate(Measure.TRUE_POSITIVE_RATE)), Evaluated.fmt(after.rate(Measure.FALSE_POSITIVE_RATE)),
                    Evaluated.fmt(after.rate(Measure.PRECISION))));
        }
        long n = overall.rows();
        double accuracyBefore = overall.rate(Measure.ACCURACY);
        double accuracyAfter = (double) rightAfter / n;
        // thresholds fixed across replicates: the interval says how the cost would vary on new rows like these; each
        // replicate reads the decisions at the thresholds on the score grid, re-centred by the grid's bias over the rows
        double bias = (accuracyBefore - accuracyAfter) - (accuracyBefore - (double) rightOnGrid / n);
        Bootstrap.Interval ci = GroupFairnessExplainer.interval(context, boot, b -> {
            GroupRates r = all.rates(b);
            long right = r.tp() + r.tn();
            for (int i = 0; i < thresholds.length; i++) {
                GroupRates d = tallies[eligible.get(i)].decisions.rates(b);
                right += tallies[eligible.get(i)].rightOnGrid(b, thresholds[i]) - d.tp() - d.tn();
            }
            return r.rows() == 0 ? Double.NaN : r.rate(Measure.ACCURACY) - (double) right / r.rows() + bias;
        });
        List<Finding> out = new ArrayList<>();
        out.add(new Table(title, Stage.VALIDATION, List.of("group", "rows", "rows of class " + positiveName, "recall (model's decision)",
                "threshold", "recall at threshold", "false positive rate at threshold", "precision at threshold"), table,
                "each group: the highest threshold on the probability of " + positiveName + " whose recall reaches "
                        + Evaluated.fmt(target) + (context.parameters().containsKey("target-recall") ? " (parameter target-recall)"
                        : " (the best group's recall under the model's own decision)")
                        + "; chosen on the held-out rows they are measured on, so confirm on fresh data; an analysis, the model is unchanged"));
        out.add(boot.metric("Overall accuracy cost of equal recall across " + grouping.name(), Stage.VALIDATION, "accuracy cost",
                accuracyBefore - accuracyAfter, ci,
                "accuracy " + Evaluated.fmt(accuracyBefore) + " with the model's decision, " + Evaluated.fmt(accuracyAfter)
                        + " with the per-group thresholds (positive: accuracy lost); each replicate reads the decisions at the"
                        + " thresholds on a " + ScoreGridReplicates.BINS + "-bin score grid, re-centred on the exact cost"));
        return out;
    }
}
