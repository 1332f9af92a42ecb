package dev.lucent.explain.performance;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Reliability diagram and expected calibration error (15 equal-width bins): do the model's probabilities mean
 * what they say? Binary models are judged on the positive-class probability, multi-class ones on the
 * top-label probability.
 */
@Component(service = Explainer.class)
public final class CalibrationExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("calibration", "Calibration", "1.0.0", "model performance",
            "Whether a predicted probability of 80% comes true 80% of the time: reliability diagram and expected calibration error.",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        int bins = context.intParameter("bins", Calibration.DEFAULT_BINS);
        double maxEce = context.doubleParameter("max-ece", 0.05);
        Evaluated.Loaded loaded = Evaluated.load(context, INFO.name(), true, 0.2);
        if (loaded.refusal() != null) return List.of(loaded.refusal());
        Evaluated e = loaded.data();
        double[] confidence;
        boolean[] hit;
        String what;
        if (e.classes() == 2) {
            int pos = ModelOutputs.positiveClass(context);
            confidence = ModelOutputs.column(e.outputs(), pos);
            hit = e.isClass(pos);
            what = "probability of " + ModelOutputs.className(context, pos) + " against the observed share of " + ModelOutputs.className(context, pos);
        } else {
            int[] predicted = ModelOutputs.argmax(e.outputs());
            confidence = new double[e.rows()];
            hit = new boolean[e.rows()];
            for (int i = 0; i < e.rows(); i++) {
                confidence[i] = e.outputs()[i][predicted[i]];
                hit[i] = predicted[i] == e.labels()[i];
            }
            what = "top-label probability against the observed accuracy";
        }
        for (int i = 0; i < confidence.length; i++) confidence[i] = Math.min(1.0, Math.max(0.0, confidence[i])); // float rounding
        Calibration cal = Calibration.of(confidence, hit, bins);
        Bootstrap boot = Evaluated.bootstrap(context);
        Bootstrap.Interval ci = boot.interval(e.rows(), rows -> Calibration.of(confidence, hit, bins, rows).ece(), context.seed(),
                (done, total) -> {
                    context.checkCancelled();
                    context.progress(0.2 + 0.8 * done / total, "bootstrap " + done + " of " + total);
                });
        List<Finding> out = new ArrayList<>();
        out.add(new Curve("Reliability diagram", Stage.VALIDATION, "mean predicted probability", "observed frequency",
                List.of(new Curve.Series("model", cal.meanConfidence(), cal.observed()),
                        new Curve.Series("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1})),
                what + "; " + bins + " equal-width bins, empty bins left out; rows per bin: " + java.util.Arrays.toString(cal.counts())));
        out.add(Evaluated.metric("Expected calibration error", Stage.VALIDATION, "ECE", cal.ece(), ci, boot.confidence(),
                "rows-weighted mean gap between predicted probability and observed frequency over " + bins + " bins"));
        List<String> evidence = List.of("ECE " + Evaluated.fmt(cal.ece()) + " (" + Evaluated.fmt(ci.lower()) + " to " + Evaluated.fmt(ci.upper()) + ")",
                "tolerance " + Evaluated.fmt(maxEce));
        Verdict.Outcome outcome = cal.ece() <= maxEce ? Verdict.Outcome.PASS
                : cal.ece() <= 3 * maxEce ? Verdict.Outcome.WARN : Verdict.Outcome.FAIL;
        out.add(new Verdict("Are the probabilities calibrated?", Stage.VALIDATION, outcome,
                switch (outcome) {
                    case PASS -> "Predicted probabilities match observed frequencies within the tolerance.";
                    case WARN -> "Predicted probabilities are somewhat off from observed frequencies.";
                    default -> "Predicted probabilities are far from observed frequencies: do not read them as risks.";
                }, evidence,
                outcome == Verdict.Outcome.PASS ? "" : "Recalibrate on held-out data (temperature scaling, Platt scaling or isotonic regression) before showing probabilities to clinicians."));
        context.progress(1.0, "done");
        return out;
    }
}
