package dev.lucent.explain.overfitting;

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
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Tolerance;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** A loss-threshold membership-inference attack: can one tell training rows from held-out rows by their loss? */
@Component(service = Explainer.class)
public final class MembershipInferenceExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("membership-inference", "Membership inference", "1.0.0", "overfitting",
            "Whether the model's loss betrays which patients were in its training data: a privacy risk and a sign of memorisation.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.number("max-auc", "0.6", 0.5, 1, "the largest membership-attack AUC that passes"),
                    Parameter.whole("max-members", "5000", 10, "rows per side the attack scores (a seeded sample when there are more)")),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refusal = Measured.refusal(context, INFO.name());
        if (refusal != null) return List.of(refusal);
        double max = context.doubleParameter("max-auc", 0.6);
        Measured m = Measured.of(context);
        Bootstrap boot = Measured.bootstrap(context);
        MembershipInference mi = MembershipInference.of(Measured.sample(m.trainLoss(), context.intParameter("max-members", 5000), context.seed()),
                Measured.sample(m.heldOutLoss(), context.intParameter("max-members", 5000), context.seed() + 1), boot, context.seed(),
                Measured.checkpoint(context, 0.2, 1.0, "bootstrap"));
        List<String> evidence = List.of("attack AUC " + Outputs.fmt(mi.auc()) + " (" + Outputs.fmt(mi.interval().lower()) + " to "
                        + Outputs.fmt(mi.interval().upper()) + ")", "best attack advantage (TPR - FPR) " + Outputs.fmt(mi.advantage()),
                m.trainRows() + " training rows against " + m.heldOutLoss().length + " " + m.heldOutName() + " rows");
        Tolerance.Judged judged = Tolerance.atMost("membership-attack AUC", mi.auc(), mi.interval().lower(), mi.interval().upper(),
                boot.confidence(), max, "max-auc");
        // an attack surely more than 0.1 above the tolerance fails; the overall overfitting verdict weighs it the same way
        Verdict.Outcome outcome = judged.outcome(mi.interval().lower() > max + 0.1 ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN);
        String summary = judged.summary(outcome) + switch (judged.position()) {
            case BEYOND -> " Training rows are recognisable by their low loss: the model memorised them.";
            case STRADDLES -> " The attack may recognise training rows by their low loss; the interval is too wide to tell.";
            case WITHIN -> mi.interval().lower() > 0.5
                    ? " The loss tells training rows from held-out rows a little better than chance, within the tolerance."
                    : " The loss does not tell training rows from held-out rows better than chance.";
        };
        String remedy = switch (judged.position()) {
            case BEYOND -> "Regularise (L2 weight decay, dropout, early stopping) or train with differential privacy before releasing the model.";
            case STRADDLES -> "Audit with more held-out rows to narrow the interval; if the leak is confirmed, regularise (L2 weight decay,"
                    + " dropout, early stopping) or train with differential privacy.";
            case WITHIN -> "";
        };
        Verdict v = new Verdict(INFO.name(), Stage.TRAINING, outcome, summary, evidence, remedy);
        context.progress(1.0, "done");
        return List.of(new Metric("Membership-inference attack AUC", Stage.TRAINING, "membership AUC", mi.auc(), mi.interval().lower(),
                        mi.interval().upper(), boot.confidence(), "0.5: losses give membership away no better than a coin; 1: fully"),
                new Curve("Membership-inference attack ROC", Stage.TRAINING, "held-out rows flagged as members",
                        "training rows flagged as members",
                        List.of(new Curve.Series("loss-threshold attack", mi.fpr(), mi.tpr()),
                                new Curve.Series("chance", new double[] {0, 1}, new double[] {0, 1})),
                        "guess 'member' when the loss is below a threshold, for every threshold"),
                v);
    }
}
