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
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix on the held-out split. */
@Component(service = Explainer.class)
public final class ClassificationMetricsExplainer implements Explainer {

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
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), true, 0.2);
        if (loaded.refusal() != null) return List.of(loaded.refusal());
        Evaluated e = loaded.data();
        int k = e.classes();
        int[] predicted = ModelOutputs.argmax(e.outputs());
        ConfusionMatrix cm = ConfusionMatrix.of(k, e.labels(), predicted);
        Bootstrap boot = Evaluated.bootstrap(context);
        Bootstrap.Interval accCi = boot.interval(e.rows(), rows -> ConfusionMatrix.of(k, e.labels(), predicted, rows).accuracy(),
                context.seed(), Evaluated.checkpoint(context, 0.2, 0.6));
        Bootstrap.Interval f1Ci = boot.interval(e.rows(), rows -> ConfusionMatrix.of(k, e.labels(), predicted, rows).macroF1(),
                context.seed(), Evaluated.checkpoint(context, 0.6, 1.0));
        List<Finding> out = new ArrayList<>();
        String on = " on " + e.rows() + " " + e.split().name() + " rows";
        out.add(Evaluated.metric("Accuracy", Stage.VALIDATION, "accuracy", cm.accuracy(), accCi, boot.confidence(),
                "share of rows whose most probable class is the true one" + on));
        out.add(Evaluated.metric("Macro-averaged F1", Stage.VALIDATION, "macro F1", cm.macroF1(), f1Ci, boot.confidence(),
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
        double floor = (double) majority / e.rows();
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
        context.progress(1.0, "done");
        return out;
    }
}
