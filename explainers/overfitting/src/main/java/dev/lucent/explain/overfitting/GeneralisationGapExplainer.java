package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Held-out minus training loss (and error, for classifiers) with bootstrap intervals. */
@Component(service = Explainer.class)
public final class GeneralisationGapExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("generalisation-gap", "Generalisation gap", "1.0.0", "overfitting",
            "How much worse the model does on held-out rows than on the rows it was trained on.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.bootstrap());

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
        List<Finding> out = new ArrayList<>();
        GeneralisationGap loss = GeneralisationGap.of(m.trainLoss(), m.heldOutLoss(), boot, context.seed(),
                Measured.checkpoint(context, 0.2, 0.6, "bootstrap"));
        out.add(metric("Generalisation gap in loss", "loss gap", loss, boot, "mean per-row loss"));
        if (m.trainError() != null) {
            GeneralisationGap err = GeneralisationGap.of(m.trainError(), m.heldOutError(), boot, context.seed(),
                    Measured.checkpoint(context, 0.6, 1.0, "bootstrap"));
            out.add(metric("Generalisation gap in error rate", "error gap", err, boot, "share of rows misclassified"));
        }
        context.progress(1.0, "done");
        return out;
    }

    static Metric metric(String title, String name, GeneralisationGap g, Bootstrap boot, String what) {
        return new Metric(title, Stage.TRAINING, name, g.gap(), g.interval().lower(), g.interval().upper(), boot.confidence(),
                String.format(Locale.ROOT, "held-out minus training %s (%.4f - %.4f); each split resampled within itself", what,
                        g.heldOut(), g.train()));
    }
}
