package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.AttributionPlan;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.network.api.Tensor;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Gradient x input over the first rows of the held-out split. Parameters: {@code rows}, {@code shown}, {@code target}. */
@Component(service = Explainer.class)
public final class GradientTimesInputExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("gradient-x-input", "Gradient x input", "1.0.0", "saliency",
            "Each feature's value times the gradient of the predicted score: a first-order estimate of how much the "
                    + "feature contributes compared with a zero input.",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.explained(64));

    public GradientTimesInputExplainer() {
        super(INFO, "Gradient x input", 64);
    }

    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        return new InputXGradient(rows.batchRows());
    }

    /** One gradient a row. */
    @Override
    protected double passesPerRow(AuditContext context, Tensor inputs) {
        return AttributionPlan.GRADIENT;
    }
}
