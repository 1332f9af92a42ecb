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
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * ROC and precision-recall curves with ROC-AUC and average precision. Binary: for the positive class.
 * Multi-class: one-vs-rest per class, AUCs macro-averaged (sklearn's multi_class="ovr", average="macro").
 */
@Component(service = Explainer.class)
public final class RocPrExplainer implements Explainer {

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
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), true, 0.2);
        if (loaded.refusal() != null) return List.of(loaded.refusal());
        Evaluated e = loaded.data();
        int k = e.classes();
        int[] classes = k == 2 ? new int[] {ModelOutputs.positiveClass(context)} : Bootstrap.identity(k);
        double[][] scores = new double[classes.length][];
        boolean[][] truth = new boolean[classes.length][];
        List<Curve.Series> roc = new ArrayList<>();
        List<Curve.Series> pr = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            scores[i] = ModelOutputs.column(e.outputs(), classes[i]);
            truth[i] = e.isClass(classes[i]);
            BinaryCounts counts = BinaryCounts.of(scores[i], truth[i]);
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
        Bootstrap boot = Evaluated.bootstrap(context);
        Bootstrap.Checkpoint cp = (done, total) -> {
            context.checkCancelled();
            context.progress(0.2 + 0.4 * done / total, "bootstrap " + done + " of " + total);
        };
        Bootstrap.Statistic aucStat = rows -> macro(scores, truth, rows, true);
        Bootstrap.Statistic apStat = rows -> macro(scores, truth, rows, false);
        int[] all = Bootstrap.identity(e.rows());
        double auc = macro(scores, truth, all, true);
        double ap = macro(scores, truth, all, false);
        Bootstrap.Interval aucCi = boot.interval(e.rows(), aucStat, context.seed(), cp);
        Bootstrap.Interval apCi = boot.interval(e.rows(), apStat, context.seed(),
                (done, total) -> {
                    context.checkCancelled();
                    context.progress(0.6 + 0.4 * done / total, "bootstrap " + done + " of " + total);
                });
        String which = k == 2 ? "for " + ModelOutputs.className(context, classes[0]) + " as the positive class"
                : "one-vs-rest, macro-averaged over " + k + " classes";
        List<Finding> out = new ArrayList<>();
        out.add(new Curve("ROC curve", Stage.VALIDATION, "false positive rate", "true positive rate (recall)", roc,
                which + "; tied scores are joined by a straight segment, i.e. count one half"));
        out.add(new Curve("Precision-recall curve", Stage.VALIDATION, "recall", "precision", pr, which));
        out.add(Evaluated.metric("ROC-AUC", Stage.VALIDATION, "ROC-AUC", auc, aucCi, boot.confidence(),
                "probability that a random positive scores above a random negative, ties counting one half; " + which));
        out.add(Evaluated.metric("Average precision (PR-AUC)", Stage.VALIDATION, "average precision", ap, apCi, boot.confidence(),
                "sum over thresholds of recall gained times precision there (sklearn's average_precision_score); " + which));
        context.progress(1.0, "done");
        return out;
    }

    /** Mean over the classes defined on these rows of ROC-AUC or average precision. */
    static double macro(double[][] scores, boolean[][] truth, int[] rows, boolean auc) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            BinaryCounts c = BinaryCounts.of(scores[i], truth[i], rows);
            double v = auc ? RocCurve.auc(c) : PrecisionRecallCurve.averagePrecision(c);
            if (Double.isNaN(v)) {
                if (scores.length == 1) return Double.NaN;
                continue;
            }
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
