package dev.lucent.explain.performance;

import dev.lucent.explain.support.BinaryCounts;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.ScoreCounts;
import dev.lucent.explain.support.ScoreGridReplicates;
import dev.lucent.explain.support.Summaries;
import java.io.Serializable;
import dev.lucent.explain.support.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * ROC and precision-recall curves with ROC-AUC and average precision. Binary: for the positive class.
 * Multi-class: one-vs-rest per class, AUCs macro-averaged (sklearn's multi_class="ovr", average="macro"). From each
 * class's distinct scores with their counts, which merge exactly ({@link ScoreCounts}).
 */
@Component(service = Explainer.class)
public final class RocPrExplainer implements PartitionedExplainer<RocPrExplainer.Summary> {

    static final ExplainerInfo INFO = new ExplainerInfo("roc-pr", "ROC and precision-recall curves", "1.0.0",
            "model performance",
            "How well the model's scores rank positive cases above negative ones at every threshold.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameters.positiveClass()),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return Evaluated.summarized(this, context, true);
    }

    /**
     * For each class (both of two, since the positive one is chosen with the findings): its probability's distinct values
     * with positive and negative rows ({@link ScoreCounts}, exact), and its bootstrap replicates on a grid.
     */
    record Summary(ScoreCounts[] exact, ScoreGridReplicates[] replicates, String split) implements Serializable {
    }

    @Override
    public Summary emptySummary(AuditContext context) {
        int k = context.schema().classNames().size();
        int replicates = PoissonBootstrap.of(context).replicates();
        ScoreCounts[] exact = new ScoreCounts[k];
        ScoreGridReplicates[] rep = new ScoreGridReplicates[k];
        for (int c = 0; c < k; c++) {
            exact[c] = new ScoreCounts();
            rep[c] = new ScoreGridReplicates(replicates);
        }
        return new Summary(exact, rep, "");
    }

    @Override
    public Summary summarize(AuditContext context, RowBlock block) throws AuditCancelledException {
        return scores(context, block, ModelOutputs.classProbabilities(context, block));
    }

    /** The summary of a block whose probabilities are known (recall-threshold reads the same). */
    static Summary scores(AuditContext context, RowBlock block, double[][] p) throws AuditCancelledException {
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        Summary s = new RocPrExplainer().emptySummary(context);
        int[] labels = block.rows().labels();
        int k = s.exact().length;
        int[][] w = new int[p.length][];
        for (int i = 0; i < p.length; i++) w[i] = boot.weights(block.rowIds()[i], new int[boot.replicates()]);
        for (int c = 0; c < k; c++) {
            context.checkCancelled();
            double[] score = ModelOutputs.column(p, c);
            boolean[] positive = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                positive[i] = labels[i] == c;
                s.replicates()[c].add(score[i], positive[i], w[i]);
            }
            s.exact()[c] = ScoreCounts.of(score, positive, ScoreCounts.MAX_DISTINCT);
        }
        return new Summary(s.exact(), s.replicates(), block.rows().name());
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        for (int c = 0; c < a.exact().length; c++) {
            a.exact()[c].merge(b.exact()[c]);
            a.replicates()[c].merge(b.replicates()[c]);
        }
        return new Summary(a.exact(), a.replicates(), Summaries.splitName(a.split(), b.split()));
    }

    @Override
    public List<Finding> findings(AuditContext context, Summary summary) throws AuditCancelledException {
        int k = summary.exact().length;
        int[] classes = k == 2 ? new int[] {ModelOutputs.positiveClass(context)} : Bootstrap.identity(k);
        BinaryCounts[] exact = new BinaryCounts[classes.length], grid = new BinaryCounts[classes.length];
        List<Curve.Series> roc = new ArrayList<>();
        List<Curve.Series> pr = new ArrayList<>();
        int level = 0;
        for (int i = 0; i < classes.length; i++) {
            ScoreCounts sc = summary.exact()[classes[i]];
            level = Math.max(level, sc.level());
            exact[i] = sc.binaryCounts();
            grid[i] = ScoreGridReplicates.onGrid(sc);
            BinaryCounts counts = exact[i];
            if (counts.positives == 0 || counts.negatives == 0) continue;
            String name = ModelOutputs.className(context, classes[i]);
            RocCurve r = RocCurve.of(counts);
            PrecisionRecallCurve p = PrecisionRecallCurve.of(counts);
            roc.add(new Curve.Series(name + " (AUC " + Evaluated.fmt(r.auc()) + ")", r.fpr(), r.tpr()));
            pr.add(new Curve.Series(name + " (AP " + Evaluated.fmt(p.averagePrecision()) + ")", p.recall(), p.precision()));
        }
        if (roc.isEmpty())
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "Every held-out row has the same class: ranking cannot be measured."));
        roc.add(new Curve.Series("chance", new double[] {0, 1}, new double[] {0, 1}));
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        double auc = macro(exact, true);
        double ap = macro(exact, false);
        double[] aucs = new double[boot.replicates()], aps = new double[boot.replicates()];
        BinaryCounts[] rep = new BinaryCounts[classes.length];
        for (int b = 0; b < aucs.length; b++) {
            if (b % 100 == 0) context.checkCancelled();
            for (int i = 0; i < classes.length; i++) rep[i] = summary.replicates()[classes[i]].binaryCounts(b);
            aucs[b] = macro(rep, true);
            aps[b] = macro(rep, false);
        }
        Bootstrap.Interval aucCi = shifted(boot.interval(aucs), auc - macro(grid, true));
        Bootstrap.Interval apCi = shifted(boot.interval(aps), ap - macro(grid, false));
        String which = k == 2 ? "for " + ModelOutputs.className(context, classes[0]) + " as the positive class"
                : "one-vs-rest, macro-averaged over " + k + " classes";
        String exactness = level == 0 ? "" : "; more than " + ScoreCounts.MAX_DISTINCT + " distinct scores: scores rounded to "
                + (23 - level) + " significand bits, ties counting one half";
        String grid64 = "; interval from replicates on " + ScoreGridReplicates.BINS + " log-odds bins, shifted by the exact value minus the bins' value";
        List<Finding> out = new ArrayList<>();
        out.add(new Curve("ROC curve", Stage.VALIDATION, "false positive rate", "true positive rate (recall)", roc,
                which + "; tied scores are joined by a straight segment, i.e. count one half" + exactness));
        out.add(new Curve("Precision-recall curve", Stage.VALIDATION, "recall", "precision", pr, which + exactness));
        out.add(boot.metric("ROC-AUC", Stage.VALIDATION, "ROC-AUC", auc, aucCi,
                "probability that a random positive scores above a random negative, ties counting one half; " + which + exactness + grid64));
        out.add(boot.metric("Average precision (PR-AUC)", Stage.VALIDATION, "average precision", ap, apCi,
                "sum over thresholds of recall gained times precision there (sklearn's average_precision_score); " + which + exactness + grid64));
        return out;
    }

    private static Bootstrap.Interval shifted(Bootstrap.Interval ci, double by) {
        return new Bootstrap.Interval(ci.lower() + by, ci.upper() + by, ci.used());
    }

    /** Mean over the classes defined on these counts of ROC-AUC or average precision. */
    static double macro(BinaryCounts[] perClass, boolean auc) {
        double sum = 0;
        int n = 0;
        for (BinaryCounts c : perClass) {
            double v = auc ? RocCurve.auc(c) : PrecisionRecallCurve.averagePrecision(c);
            if (Double.isNaN(v)) {
                if (perClass.length == 1) return Double.NaN;
                continue;
            }
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
