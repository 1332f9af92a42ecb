package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.support.AttributionFindings;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Monitor;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Vanilla gradient saliency (Simonyan et al. 2014) over the first rows of the held-out split, for the class
 * each row is predicted as (parameter {@code target} to choose another). Parameters: {@code rows} (64),
 * {@code shown} (4 rows get a finding of their own).
 */
@Component(service = Explainer.class)
public final class VanillaGradients implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("saliency", "Gradient saliency", "1.1.0", "saliency",
            "How strongly each input feature moves the predicted class's score: the gradient of the score.",
            Set.of(ExplainerInfo.Need.GRADIENTS));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 64);
        Monitor monitor = Monitor.of(context);
        float[] g = Gradients.attribute(context.model(), e.inputs(), e.targets(), e.batchRows(), monitor);
        return AttributionFindings.of(context, "Gradient", g, null, e.inputs(), e.targets(), null, e.shown(),
                "signed gradients per row; the summary is their magnitude: how sensitive, not in which direction");
    }
}
