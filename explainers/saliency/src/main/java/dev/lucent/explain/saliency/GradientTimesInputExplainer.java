package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.support.AttributionFindings;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Monitor;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Gradient x input over the first rows of the held-out split. Parameters: {@code rows}, {@code shown}, {@code target}. */
@Component(service = Explainer.class)
public final class GradientTimesInputExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("gradient-x-input", "Gradient x input", "1.0.0", "saliency",
            "Each feature's value times the gradient of the predicted score: a first-order estimate of how much the "
                    + "feature contributes compared with a zero input.",
            Set.of(ExplainerInfo.Need.GRADIENTS));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 64);
        float[] a = InputXGradient.attribute(context.model(), e.inputs(), e.targets(), e.batchRows(), Monitor.of(context));
        return AttributionFindings.of(context, "Gradient x input", a, null, e.inputs(), e.targets(), null, e.shown(),
                "contributions relative to a zero input");
    }
}
