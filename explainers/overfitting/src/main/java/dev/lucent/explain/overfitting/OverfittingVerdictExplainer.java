package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** One verdict on overfitting from the gap, the membership attack and the history, with a remedy (see {@link OverfittingAssessment}). */
@Component(service = Explainer.class)
public final class OverfittingVerdictExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("overfitting-verdict", "Does the model overfit?", "1.0.0", "overfitting",
            "Weighs the generalisation gap, memorisation and the learning curves into one verdict with a remedy.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.number("max-error-gap", "0.05", 0, 1, "the largest held-out minus training error rate that passes"),
                    Parameter.number("max-relative-loss-gap", "0.5", 0,
                    Parameter.NO_LIMIT, "the largest held-out loss over training loss, minus 1, that passes"),
                    Parameter.number("max-membership-auc", "0.6", 0.5, 1, "the largest membership-attack AUC that passes"),
                    Parameter.whole("max-members", "5000", 10, "rows per side the membership attack scores"),
                    Parameter.number("tolerance", "0.05", 0, 1, "relative rise of the validation loss that counts as the start of overfitting")),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refusal = Measured.refusal(context, INFO.name());
        if (refusal != null) return List.of(refusal);
        Measured m = Measured.of(context);
        Bootstrap boot = Measured.bootstrap(context);
        double stoppingTolerance = context.doubleParameter("tolerance", 0.05);
        OverfittingAssessment.Limits limits = new OverfittingAssessment.Limits(context.doubleParameter("max-error-gap", 0.05),
                context.doubleParameter("max-relative-loss-gap", 0.5), context.doubleParameter("max-membership-auc", 0.6),
                boot.confidence(), stoppingTolerance);
        GeneralisationGap loss = GeneralisationGap.of(m.trainLoss(), m.heldOutLoss(), boot, context.seed(),
                Measured.checkpoint(context, 0.2, 0.45, "loss gap bootstrap"));
        GeneralisationGap err = m.trainError() == null ? null : GeneralisationGap.of(m.trainError(), m.heldOutError(), boot, context.seed(),
                Measured.checkpoint(context, 0.45, 0.7, "error gap bootstrap"));
        MembershipInference mi = MembershipInference.of(Measured.sample(m.trainLoss(), context.intParameter("max-members", 5000), context.seed()),
                Measured.sample(m.heldOutLoss(), context.intParameter("max-members", 5000), context.seed() + 1), boot, context.seed(),
                Measured.checkpoint(context, 0.7, 1.0, "membership bootstrap"));
        EarlyStopping es = context.history().map(h -> EarlyStopping.of(h, stoppingTolerance)).orElse(null);
        double trainAccuracy = err == null ? Double.NaN : 1 - err.train();
        OverfittingAssessment a = OverfittingAssessment.of(err, loss, mi, es,
                context.history().map(h -> h.bestEpoch()).orElse(-1), trainAccuracy, m.trainRows(), limits);
        context.progress(1.0, "done");
        return List.of(new Verdict(INFO.name(), Stage.TRAINING, a.outcome(), a.summary(), a.evidence(), a.remedy()));
    }
}
