package dev.lucent.explain.performance;

import dev.lucent.explain.support.RecallThreshold;
import dev.lucent.explain.support.BinaryCounts;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
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
import java.io.Serializable;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Recall first: in diagnosis a missed case costs more than a false alarm. Finds the highest threshold on the
 * positive-class probability that reaches the required recall (parameter {@code required-recall}, default 0.95)
 * and reports the precision it costs, next to the recall of the model's default decision (its most probable class).
 */
@Component(service = Explainer.class)
public final class RecallThresholdExplainer implements PartitionedExplainer<RecallThresholdExplainer.Summary> {

    static final ExplainerInfo INFO = new ExplainerInfo("recall-threshold", "Decision threshold for a required recall",
            "1.0.0", "model performance",
            "The decision threshold that catches the required share of positive cases, and how many false alarms it costs.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.number("required-recall", "0.95", 0, 1, "the recall of the positive class the threshold must reach"),
                    Parameter.number("min-precision", "0.5", 0, 1, "the least precision acceptable at that threshold"),
                    Parameters.positiveClass()),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        double required = context.doubleParameter("required-recall", 0.95);
        if (!(required > 0 && required <= 1))
            throw new IllegalArgumentException("parameter required-recall must lie in (0, 1], got " + required);
        return Evaluated.summarized(this, context, true);
    }

    /**
     * The confusion counts (the default decision's recall) and the positive class's distinct scores with their grid
     * replicates, as roc-pr summarizes a class (the threshold is chosen from them once all rows are in); only that class,
     * so the summary's size does not grow with the class count.
     */
    record Summary(ConfusionCounts counts, RocPrExplainer.Summary scores) implements Serializable {
    }

    @Override
    public Summary emptySummary(AuditContext context) {
        return new Summary(new ConfusionCounts(context.schema().classNames().size(), PoissonBootstrap.of(context).replicates()),
                emptyScores(context));
    }

    @Override
    public Summary summarize(AuditContext context, RowBlock block) throws AuditCancelledException {
        double[][] p = ModelOutputs.classProbabilities(context, block);
        return new Summary(ConfusionCounts.of(context, block, p, PoissonBootstrap.of(context)), RocPrExplainer.scores(context, block, p,
                emptyScores(context)));
    }

    /**
     * Every class's scores up to roc-pr's per-class limit: on Spark the positive class, unless given, is the rarest over
     * every row, known only after the pass, so a partition cannot pick it. Past the limit (an ImageNet head) only the
     * positive class a partition sees, which findings check against the one decided after the pass.
     */
    private static RocPrExplainer.Summary emptyScores(AuditContext context) {
        return context.schema().classNames().size() <= RocPrExplainer.PER_CLASS_REPLICATES_UP_TO ? new RocPrExplainer().emptySummary(context)
                : RocPrExplainer.emptyFor(context, ModelOutputs.positiveClass(context));
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        return new Summary(a.counts().merge(b.counts()), new RocPrExplainer().merge(a.scores(), b.scores()));
    }

    @Override
    public List<Finding> findings(AuditContext context, Summary summary) throws AuditCancelledException {
        double required = context.doubleParameter("required-recall", 0.95);
        double minPrecision = context.doubleParameter("min-precision", 0.5);
        int pos = ModelOutputs.positiveClass(context);
        String posName = ModelOutputs.className(context, pos);
        ScoreCounts scores = summary.scores().exact()[pos];
        if (scores == null)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "The positive class decided from every row (" + posName
                    + ") is not the one the partitions kept with " + context.schema().classNames().size()
                    + " classes: name it with the parameter positive-class."));
        BinaryCounts counts = scores.binaryCounts();
        if (counts.positives == 0)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "No held-out row is " + posName + ": recall is undefined."));
        RecallThreshold found = RecallThreshold.find(counts, required);
        ConfusionMatrix cm = summary.counts().matrix();
        double defaultRecall = cm.recall(pos);
        double defaultPrecision = cm.precision(pos);

        PoissonBootstrap boot = PoissonBootstrap.of(context);
        // The threshold stays fixed across replicates: the interval says how its recall would vary on new data. The
        // replicates see the threshold's grid bin as a whole; the shift by the exact minus the grid's value re-centres them.
        int bin = ScoreGridReplicates.bin(found.threshold());
        double[] onGrid = ScoreGridReplicates.recallPrecisionFrom(scores, bin);
        double[] recall = new double[boot.replicates()], precision = new double[recall.length], byDefault = new double[recall.length];
        for (int b = 0; b < recall.length; b++) {
            if (b % 100 == 0) context.checkCancelled();
            double[] rp = summary.scores().replicates()[pos].recallPrecisionFrom(b, bin);
            recall[b] = rp[0] + found.recall() - onGrid[0];
            precision[b] = rp[1] + found.precision() - onGrid[1];
            byDefault[b] = summary.counts().replicateRecall(b, pos);
        }
        Bootstrap.Interval recallCi = boot.interval(recall);
        Bootstrap.Interval precisionCi = boot.interval(precision);
        Bootstrap.Interval defaultCi = boot.interval(byDefault);
        String split = summary.scores().split();
        String grid = "; replicates read on " + ScoreGridReplicates.BINS + " log-odds bins, shifted by the exact value minus the bins' value";

        List<Finding> out = new ArrayList<>();
        String rule = "predict " + posName + " when its probability >= " + Evaluated.fmt(found.threshold());
        out.add(new Metric("Threshold reaching the required recall", Stage.VALIDATION, "threshold", found.threshold(),
                Double.NaN, Double.NaN, Double.NaN, rule + "; chosen on the " + split
                + " split, so confirm it on data the model has not seen"));
        out.add(boot.metric("Recall at that threshold", Stage.VALIDATION, "recall", found.recall(), recallCi,
                "required: " + Evaluated.fmt(required) + grid));
        out.add(boot.metric("Precision at that threshold", Stage.VALIDATION, "precision", found.precision(), precisionCi,
                found.falsePositives() + " false alarms for " + found.truePositives() + " caught cases" + grid));
        out.add(boot.metric("Recall of the default decision", Stage.VALIDATION, "recall (default)", defaultRecall, defaultCi,
                "the model's most probable class, precision " + Evaluated.fmt(defaultPrecision)));

        List<String> evidence = List.of(
                "default decision: recall " + Evaluated.fmt(defaultRecall) + ", precision " + Evaluated.fmt(defaultPrecision),
                rule + ": recall " + Evaluated.fmt(found.recall()) + " (" + Evaluated.fmt(recallCi.lower()) + " to "
                        + Evaluated.fmt(recallCi.upper()) + "), precision " + Evaluated.fmt(found.precision())
                        + ", false positive rate " + Evaluated.fmt(found.falsePositiveRate()),
                counts.positives + " " + posName + " and " + counts.negatives + " other rows in " + split);
        String title = "Recall of " + posName + " at least " + Evaluated.fmt(required);
        Tolerance.Judged judged = Tolerance.atLeast("recall of " + posName + " by the default decision", defaultRecall, defaultCi.lower(),
                defaultCi.upper(), boot.confidence(), required, "required-recall");
        Verdict verdict;
        if (judged.within())
            verdict = new Verdict(title, Stage.DEPLOYMENT_READINESS, Verdict.Outcome.PASS, judged.summary(Verdict.Outcome.PASS)
                    + " The model's default decision already catches " + Evaluated.pct(defaultRecall) + " of " + posName + " cases.",
                    evidence, "");
        else if (judged.position() == Tolerance.Position.STRADDLES)
            verdict = new Verdict(title, Stage.DEPLOYMENT_READINESS, Verdict.Outcome.WARN, judged.summary(Verdict.Outcome.WARN)
                    + " The lowest threshold reaching it on this split: " + rule + " (precision " + Evaluated.fmt(found.precision())
                    + ", the least acceptable " + Evaluated.fmt(minPrecision) + " set by `min-precision`).",
                    evidence, "Confirm the recall on more held-out " + posName + " cases, or deploy with the rule: " + rule + ".");
        else if (found.precision() >= minPrecision)
            verdict = new Verdict(title, Stage.DEPLOYMENT_READINESS, Verdict.Outcome.WARN,
                    judged.summary(Verdict.Outcome.WARN) + " The default decision misses " + Evaluated.pct(1 - defaultRecall) + " of " + posName
                            + " cases; a lower threshold reaches the required recall at precision " + Evaluated.fmt(found.precision())
                            + ", at least the " + Evaluated.fmt(minPrecision) + " set by `min-precision`.",
                    evidence, "Deploy with the rule: " + rule + ", and confirm its recall on a fresh held-out set.");
        else
            verdict = new Verdict(title, Stage.DEPLOYMENT_READINESS, Verdict.Outcome.FAIL,
                    judged.summary(Verdict.Outcome.FAIL) + " The default decision misses " + Evaluated.pct(1 - defaultRecall) + " of " + posName
                            + " cases, and reaching the required recall drops precision to " + Evaluated.fmt(found.precision())
                            + " (below the " + Evaluated.fmt(minPrecision) + " set by `min-precision`): most alarms would be false.",
                    evidence, "The model does not separate the classes well enough for this recall: improve features or data, "
                            + "or accept a lower recall only after a clinical review of the cost of misses.");
        out.add(verdict);
        return out;
    }
}
