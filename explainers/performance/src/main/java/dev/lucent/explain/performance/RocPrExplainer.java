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
import dev.lucent.explain.api.Metric;
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

    /** Up to this many classes each class keeps its own bootstrap replicates; past it, only the pooled (micro) ones. */
    static final int PER_CLASS_REPLICATES_UP_TO = 20;
    /** Past {@link #PER_CLASS_REPLICATES_UP_TO} classes, the curves drawn: the classes with most held-out rows. */
    static final int CLASSES_DRAWN = 10;
    /** Past {@link #PER_CLASS_REPLICATES_UP_TO} classes, the points a drawn curve keeps (the pooled one has rows x classes). */
    static final int POINTS_DRAWN = 1000;

    /**
     * For each class kept (null where not): its probability's distinct values with positive and negative rows
     * ({@link ScoreCounts}, exact up to its bound) and its bootstrap replicates on a grid (null where not drawn). With many
     * classes, every (row, class) pair pooled, as sklearn's average="micro" reads them, with its replicates: one grid
     * whatever the class count, so an ImageNet head (1000 classes x 1000 replicates x 64 bins) does not need gigabytes.
     */
    record Summary(ScoreCounts[] exact, ScoreGridReplicates[] replicates, ScoreCounts pooled, ScoreGridReplicates pooledReplicates,
                   String split) implements Serializable {
    }

    @Override
    public Summary emptySummary(AuditContext context) {
        int k = context.schema().classNames().size();
        int replicates = PoissonBootstrap.of(context).replicates();
        ScoreCounts[] exact = new ScoreCounts[k];
        ScoreGridReplicates[] rep = new ScoreGridReplicates[k];
        boolean many = k > PER_CLASS_REPLICATES_UP_TO;
        // Many classes share one bound on distinct scores, so the summary's size does not grow with the class count.
        int capacity = many ? Math.max(256, ScoreCounts.MAX_DISTINCT / k) : ScoreCounts.MAX_DISTINCT;
        for (int c = 0; c < k; c++) {
            exact[c] = new ScoreCounts(capacity);
            if (!many) rep[c] = new ScoreGridReplicates(replicates);
        }
        return many ? new Summary(exact, rep, new ScoreCounts(), new ScoreGridReplicates(replicates), "")
                : new Summary(exact, rep, null, null, "");
    }

    /** One class only, with its replicates: what recall-threshold reads for its positive class. */
    static Summary emptyFor(AuditContext context, int onlyClass) {
        int k = context.schema().classNames().size();
        ScoreCounts[] exact = new ScoreCounts[k];
        ScoreGridReplicates[] rep = new ScoreGridReplicates[k];
        exact[onlyClass] = new ScoreCounts();
        rep[onlyClass] = new ScoreGridReplicates(PoissonBootstrap.of(context).replicates());
        return new Summary(exact, rep, null, null, "");
    }

    @Override
    public Summary summarize(AuditContext context, RowBlock block) throws AuditCancelledException {
        return scores(context, block, ModelOutputs.classProbabilities(context, block), emptySummary(context));
    }

    /** Fills {@code s} (a fresh empty summary) from a block whose probabilities are known (recall-threshold reads the same). */
    static Summary scores(AuditContext context, RowBlock block, double[][] p, Summary s) throws AuditCancelledException {
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        int[] labels = block.rows().labels();
        int k = s.exact().length;
        int[][] w = new int[p.length][];
        for (int i = 0; i < p.length; i++) w[i] = boot.weights(block.rowIds()[i], new int[boot.replicates()]);
        ScoreCounts[] pooled = s.pooled() == null ? null : new ScoreCounts[k];
        for (int c = 0; c < k; c++) {
            if (s.exact()[c] == null) continue;
            context.checkCancelled();
            double[] score = ModelOutputs.column(p, c);
            boolean[] positive = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                positive[i] = labels[i] == c;
                if (s.replicates()[c] != null) s.replicates()[c].add(score[i], positive[i], w[i]);
            }
            s.exact()[c] = ScoreCounts.of(score, positive, s.exact()[c].capacity());
            if (pooled != null) pooled[c] = ScoreCounts.of(score, positive, ScoreCounts.MAX_DISTINCT);
        }
        if (pooled == null) return new Summary(s.exact(), s.replicates(), null, null, block.rows().name());
        // Each row's k scores on the grid at once: one weighted add per occupied bin, not per class.
        long[] negatives = new long[ScoreGridReplicates.BINS];
        for (int i = 0; i < p.length; i++) {
            java.util.Arrays.fill(negatives, 0);
            for (int c = 0; c < k; c++) if (labels[i] != c) negatives[ScoreGridReplicates.bin(p[i][c])]++;
            for (int bin = 0; bin < negatives.length; bin++)
                if (negatives[bin] > 0) s.pooledReplicates().addToBin(bin, false, negatives[bin], w[i]);
            if (labels[i] >= 0 && labels[i] < k) s.pooledReplicates().add(p[i][labels[i]], true, w[i]);
        }
        return new Summary(s.exact(), s.replicates(), ScoreCounts.mergeAll(pooled), s.pooledReplicates(), block.rows().name());
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        for (int c = 0; c < a.exact().length; c++) {
            if (a.exact()[c] != null) a.exact()[c].merge(b.exact()[c]);
            if (a.replicates()[c] != null) a.replicates()[c].merge(b.replicates()[c]);
        }
        ScoreCounts pooled = a.pooled() == null ? null : a.pooled().merge(b.pooled());
        ScoreGridReplicates pooledReplicates = a.pooledReplicates() == null ? null : a.pooledReplicates().merge(b.pooledReplicates());
        return new Summary(a.exact(), a.replicates(), pooled, pooledReplicates, Summaries.splitName(a.split(), b.split()));
    }

    @Override
    public List<Finding> findings(AuditContext context, Summary summary) throws AuditCancelledException {
        int k = summary.exact().length;
        boolean many = summary.pooled() != null;
        int[] classes = k == 2 ? new int[] {ModelOutputs.positiveClass(context)} : Bootstrap.identity(k);
        BinaryCounts[] exact = new BinaryCounts[classes.length], grid = new BinaryCounts[classes.length];
        int level = 0;
        for (int i = 0; i < classes.length; i++) {
            ScoreCounts sc = summary.exact()[classes[i]];
            level = Math.max(level, sc.level());
            exact[i] = sc.binaryCounts();
            if (!many) grid[i] = ScoreGridReplicates.onGrid(sc);
        }
        int ranked = 0;
        for (BinaryCounts c : exact) if (c.positives > 0 && c.negatives > 0) ranked++;
        if (ranked == 0)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "Every held-out row has the same class: ranking cannot be measured."));
        List<Curve.Series> roc = new ArrayList<>();
        List<Curve.Series> pr = new ArrayList<>();
        int[] drawn = many ? mostSupported(exact, CLASSES_DRAWN) : Bootstrap.identity(classes.length);
        for (int i : drawn) {
            BinaryCounts counts = exact[i];
            if (counts.positives == 0 || counts.negatives == 0) continue;
            if (many) addCurves(ModelOutputs.className(context, classes[i]), counts, POINTS_DRAWN, roc, pr);
            else addCurves(ModelOutputs.className(context, classes[i]), counts, Integer.MAX_VALUE, roc, pr);
        }
        if (many) addCurves("micro-average", summary.pooled().binaryCounts(), POINTS_DRAWN, roc, pr);
        roc.add(new Curve.Series("chance", new double[] {0, 1}, new double[] {0, 1}));
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        double auc = macro(exact, true);
        double ap = macro(exact, false);
        String which = k == 2 ? "for " + ModelOutputs.className(context, classes[0]) + " as the positive class"
                : "one-vs-rest, macro-averaged over the " + ranked + " of " + k + " classes that held-out rows rank (rows of the class and of others)";
        int bound = summary.exact()[classes[0]].capacity();
        String exactness = level == 0 ? "" : "; more than " + bound + " distinct scores" + (many ? " per class" : "")
                + ": scores rounded to " + (23 - level) + " significand bits, ties counting one half";
        String grid64 = "; interval from replicates on " + ScoreGridReplicates.BINS + " log-odds bins, shifted by the exact value minus the bins' value";
        String aucMeans = "probability that a random positive scores above a random negative, ties counting one half; ";
        String apMeans = "sum over thresholds of recall gained times precision there (sklearn's average_precision_score); ";
        String drawnNote = many ? "; curves drawn for the " + drawn.length + " classes with most held-out rows and for the micro-average"
                + " (every row and class pooled, sklearn's average=\"micro\"), each through at most " + POINTS_DRAWN
                + " of its exact points (areas from all of them)" : "";
        List<Finding> out = new ArrayList<>();
        out.add(new Curve("ROC curve", Stage.VALIDATION, "false positive rate", "true positive rate (recall)", roc,
                which + drawnNote + "; tied scores are joined by a straight segment, i.e. count one half" + exactness));
        out.add(new Curve("Precision-recall curve", Stage.VALIDATION, "recall", "precision", pr, which + drawnNote + exactness));
        if (many) {
            // Per-class replicates would hold classes x replicates x bins counts; the pooled ones carry the interval.
            String noInterval = "; no interval: with more than " + PER_CLASS_REPLICATES_UP_TO
                    + " classes the bootstrap replicates are kept for the micro-average only (its finding carries the interval)";
            out.add(new Metric("ROC-AUC", Stage.VALIDATION, "ROC-AUC", auc, Double.NaN, Double.NaN, Double.NaN,
                    aucMeans + which + exactness + noInterval));
            out.add(new Metric("Average precision (PR-AUC)", Stage.VALIDATION, "average precision", ap, Double.NaN, Double.NaN, Double.NaN,
                    apMeans + which + exactness + noInterval));
            BinaryCounts micro = summary.pooled().binaryCounts();
            BinaryCounts microGrid = ScoreGridReplicates.onGrid(summary.pooled());
            double[] aucs = new double[boot.replicates()], aps = new double[boot.replicates()];
            for (int b = 0; b < aucs.length; b++) {
                if (b % 100 == 0) context.checkCancelled();
                BinaryCounts r = summary.pooledReplicates().binaryCounts(b);
                aucs[b] = RocCurve.auc(r);
                aps[b] = PrecisionRecallCurve.averagePrecision(r);
            }
            double microAuc = RocCurve.auc(micro), microAp = PrecisionRecallCurve.averagePrecision(micro);
            String pooledExactness = summary.pooled().level() == 0 ? "" : "; more than " + ScoreCounts.MAX_DISTINCT
                    + " distinct scores: scores rounded to " + (23 - summary.pooled().level()) + " significand bits, ties counting one half";
            String microWhich = "micro-average: every (row, class) pair of the " + k + " classes pooled, sklearn's average=\"micro\"";
            out.add(boot.metric("ROC-AUC (micro-average)", Stage.VALIDATION, "ROC-AUC (micro)", microAuc,
                    shifted(boot.interval(aucs), microAuc - RocCurve.auc(microGrid)), aucMeans + microWhich + pooledExactness + grid64));
            out.add(boot.metric("Average precision (micro-average)", Stage.VALIDATION, "average precision (micro)", microAp,
                    shifted(boot.interval(aps), microAp - PrecisionRecallCurve.averagePrecision(microGrid)),
                    apMeans + microWhich + pooledExactness + grid64));
            return out;
        }
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
        out.add(boot.metric("ROC-AUC", Stage.VALIDATION, "ROC-AUC", auc, aucCi, aucMeans + which + exactness + grid64));
        out.add(boot.metric("Average precision (PR-AUC)", Stage.VALIDATION, "average precision", ap, apCi, apMeans + which + exactness + grid64));
        return out;
    }

    private static void addCurves(String name, BinaryCounts counts, int points, List<Curve.Series> roc, List<Curve.Series> pr) {
        BinaryCounts drawn = forDrawing(counts, points);
        RocCurve r = RocCurve.of(drawn);
        PrecisionRecallCurve p = PrecisionRecallCurve.of(drawn);
        roc.add(new Curve.Series(name + " (AUC " + Evaluated.fmt(RocCurve.auc(counts)) + ")", r.fpr(), r.tpr()));
        pr.add(new Curve.Series(name + " (AP " + Evaluated.fmt(PrecisionRecallCurve.averagePrecision(counts)) + ")", p.recall(), p.precision()));
    }

    /**
     * At most {@code points} of the thresholds, evenly spaced, the lowest kept: the same exact points with fewer between
     * them (the ones dropped joined to the next one kept, as ties are), for drawing only.
     */
    static BinaryCounts forDrawing(BinaryCounts c, int points) {
        int n = c.size();
        if (n <= points) return c;
        double[] th = new double[points];
        long[] p = new long[points], q = new long[points];
        long prevTp = 0, prevFp = 0;
        for (int j = 0; j < points; j++) {
            int k = (int) (((long) (j + 1) * n + points - 1) / points) - 1; // the last index of the j-th group
            int at = points - 1 - j; // ascending scores
            th[at] = c.thresholds[k];
            p[at] = c.tps[k] - prevTp;
            q[at] = c.fps[k] - prevFp;
            prevTp = c.tps[k];
            prevFp = c.fps[k];
        }
        return BinaryCounts.ofDistinct(th, p, q, points);
    }

    /** Indices of the ranked classes with most positive rows, at most {@code limit}, most first (ties: lower index). */
    private static int[] mostSupported(BinaryCounts[] counts, int limit) {
        return java.util.stream.IntStream.range(0, counts.length)
                .filter(i -> counts[i].positives > 0 && counts[i].negatives > 0).boxed()
                .sorted((a, b) -> counts[a].positives != counts[b].positives ? Long.compare(counts[b].positives, counts[a].positives) : Integer.compare(a, b))
                .limit(limit).mapToInt(Integer::intValue).toArray();
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
