package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.AttributionPlan;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.network.api.Tensor;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Vanilla gradient saliency (Simonyan et al. 2014) over the first rows of the held-out split, for the class
 * each row is predicted as (parameter {@code target} to choose another). Parameters: {@code rows} (64),
 * {@code shown} (4 rows get a finding of their own).
 */
@Component(service = Explainer.class)
public final class VanillaGradientsExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("saliency", "Gradient saliency", "1.1.0", "saliency",
            "How strongly each input feature moves the predicted class's score: the gradient of the score.",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.explained(64));

    public VanillaGradientsExplainer() {
        super(INFO, "Gradient", 64);
    }

    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        return new Gradients(rows.batchRows());
    }

    /** One gradient a row. */
    @Override
    protected double passesPerRow(AuditContext context, Tensor inputs) {
        return AttributionPlan.GRADIENT;
    }
}
