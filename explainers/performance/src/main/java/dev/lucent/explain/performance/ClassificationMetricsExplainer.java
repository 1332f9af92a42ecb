package dev.lucent.explain.performance;

import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.PoissonBootstrap;
import dev.lucent.explain.support.Summaries;
import java.io.Serializable;
import dev.lucent.explain.support.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix on the held-out split, from
 * confusion counts that merge ({@link ConfusionCounts}), so a cluster runner and the single-machine runner share it.
 */
@Component(service = Explainer.class)
public final class ClassificationMetricsExplainer implements PartitionedExplainer<ClassificationMetricsExplainer.Summary> {

    static final ExplainerInfo INFO = new ExplainerInfo("classification-metrics", "Classification metrics", "1.0.0",
            "model performance",
            "How often the model is right on held-out data, for each class, with bootstrap confidence intervals.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.bootstrap());

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return Evaluated.summarized(this, context, true);
    }

    @Override
    public Summary emptySummary(AuditContext context) {
        return new Summary(new ConfusionCounts(context.schema().classNames().size(), PoissonBootstrap.of(context).replicates()), "");
    }

    @Override
    public Summary summarize(AuditContext context, RowBlock block) {
        return new Summary(ConfusionCounts.of(context, block, PoissonBootstrap.of(context)), block.rows().name());
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        return new Summary(a.counts.merge(b.counts), Summaries.splitName(a.split, b.split));
    }

    /** The confusion counts and their bootstrap replicates, and the name of the split the rows came from. */
    record Summary(ConfusionCounts counts, String split) implements Serializable {
    }

    @Override
    public List<Finding> findings(AuditContext context, Summary summary) throws AuditCancelledException {
        ConfusionCounts counts = summary.counts();
        long n = counts.rows();
        if (n == 0) return List.of(Verdict.notApplicable(INFO.name(), Stage.VALIDATION, "There are no held-out rows to judge."));
        int k = counts.classes;
        ConfusionMatrix cm = counts.matrix();
        PoissonBootstrap boot = PoissonBootstrap.of(context);
        double[] acc = new double[boot.replicates()], f1 = new double[boot.replicates()];
        for (int b = 0; b < acc.length; b++) {
            if (b % 100 == 0) context.checkCancelled();
            ConfusionMatrix r = counts.touchedReplicate(b);
            acc[b] = r.accuracy();
            f1[b] = r.macroF1();
        }
        Bootstrap.Interval accCi = boot.interval(acc);
        Bootstrap.Interval f1Ci = boot.interval(f1);
        List<Finding> out = new ArrayList<>();
        String on = " on " + n + " " + summary.split() + " rows";
        out.add(boot.metric("Accuracy", Stage.VALIDATION, "accuracy", cm.accuracy(), accCi,
                "share of rows whose most probable class is the true one" + on));
        out.add(boot.metric("Macro-averaged F1", Stage.VALIDATION, "macro F1", cm.macroF1(), f1Ci,
                "unweighted mean of per-class F1, so rare classes count as much as common ones"));

        List<List<String>> perClass = new ArrayList<>();
        for (int c = 0; c < k; c++)
            perClass.add(List.of(ModelOutputs.className(context, c), Evaluated.fmt(cm.precision(c)), Evaluated.fmt(cm.recall(c)),
                    Evaluated.fmt(cm.f1(c)), Long.toString(cm.support(c))));
        out.add(new Table("Per-class precision, recall and F1", Stage.VALIDATION,
                List.of("class", "precision", "recall", "F1", "support"), perClass,
                "support: true rows of the class; a class never predicted has precision 0"));

        List<String> cols = new ArrayList<>();
        cols.add("true \\ predicted");
        for (int c = 0; c < k; c++) cols.add(ModelOutputs.className(context, c));
        List<List<String>> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            List<String> row = new ArrayList<>();
            row.add(ModelOutputs.className(context, t));
            for (int p = 0; p < k; p++) row.add(Long.toString(cm.count(t, p)));
            cells.add(row);
        }
        out.add(new Table("Confusion matrix", Stage.VALIDATION, cols, cells, "rows: true class; columns: predicted class"));

        // A model must beat the trivial rule "always the most common class": that is the floor for any accuracy.
        long majority = 0;
        int majorityClass = 0;
        for (int c = 0; c < k; c++)
            if (cm.support(c) > majority) {
                majority = cm.support(c);
                majorityClass = c;
            }
        double floor = (double) majority / n;
        List<String> evidence = List.of("accuracy " + Evaluated.fmt(cm.accuracy()) + " (" + Evaluated.fmt(accCi.lower()) + " to "
                        + Evaluated.fmt(accCi.upper()) + ")",
                "always predicting " + ModelOutputs.className(context, majorityClass) + " scores " + Evaluated.fmt(floor));
        Verdict verdict;
        if (accCi.upper() <= floor)
            verdict = new Verdict("Better than the majority-class rule?", Stage.VALIDATION, Verdict.Outcome.FAIL,
                    "The model is not measurably better than always predicting the most common class.", evidence,
                    "Check the labels and features for errors, and compare with a simple baseline before going further.");
        else if (accCi.lower() <= floor)
            verdict = new Verdict("Better than the majority-class rule?", Stage.VALIDATION, Verdict.Outcome.WARN,
                    "The model's accuracy interval still includes the majority-class rule's accuracy.", evidence,
                    "Evaluate on more held-out data before trusting the difference.");
        else
            verdict = new Verdict("Better than the majority-class rule?", Stage.VALIDATION, Verdict.Outcome.PASS,
                    "The model beats always predicting the most common class beyond the confidence interval.", evidence, "");
        out.add(verdict);
        return out;
    }
}
