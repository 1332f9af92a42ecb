package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** The epoch the training history suggests stopping at (lowest validation loss), and whether training went past it. */
@Component(service = Explainer.class)
public final class EarlyStoppingExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("early-stopping", "Early-stopping epoch", "1.0.0", "overfitting",
            "The epoch with the lowest validation loss, and whether later epochs only memorised.",
            Set.of(ExplainerInfo.Need.TRAINING_HISTORY),
            List.of(Parameter.number("tolerance", "0.05", 0, 1, "relative rise of the validation loss over its best that counts as overfitting")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        context.checkCancelled();
        double tolerance = context.doubleParameter("tolerance", 0.05);
        EarlyStopping es = EarlyStopping.of(context.history().get(), tolerance);
        if (es == null)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.TRAINING, "The training history has no validation losses to stop on."));
        int kept = context.history().get().bestEpoch();
        List<String> evidence = List.of("lowest validation loss " + Outputs.fmt(es.bestValidationLoss()) + " at epoch " + es.bestEpoch(),
                "validation loss " + Outputs.fmt(es.lastValidationLoss()) + " at epoch " + es.lastEpoch(),
                "weights kept from epoch " + kept);
        Verdict v;
        if (!es.overfitsAfterBest() || kept == es.bestEpoch())
            v = new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.PASS, kept == es.bestEpoch() && es.overfitsAfterBest()
                    ? "Training went past the best epoch, but the weights of the best epoch were kept."
                    : "The validation loss did not rise materially after its minimum.", evidence, "");
        else
            v = new Verdict(INFO.name(), Stage.TRAINING, Verdict.Outcome.WARN,
                    "Validation loss rose " + Outputs.fmt(100 * es.relativeRise()) + "% after epoch " + es.bestEpoch()
                            + " while training loss kept falling: the later epochs memorised.", evidence,
                    "Stop training at epoch " + es.bestEpoch() + " (early stopping on the validation loss with the best weights restored).");
        context.progress(1.0, "done");
        return List.of(new Metric("Suggested early-stopping epoch", Stage.TRAINING, "epoch", es.bestEpoch(), Double.NaN, Double.NaN,
                Double.NaN, "first epoch with the lowest validation loss"), v);
    }
}
