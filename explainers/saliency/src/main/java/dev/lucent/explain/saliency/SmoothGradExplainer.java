package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.saliency.core.SmoothGrad;
import dev.lucent.explain.support.AttributionFindings;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Monitor;
import dev.lucent.explain.support.Seeds;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * SmoothGrad over the first rows of the held-out split. Parameters: {@code samples} (50, as the paper; enough for
 * the stated standard error to be right, see {@link SmoothGrad#DEFAULT_SAMPLES}), {@code noise} (0.15 of each row's value range), {@code rows}, {@code shown}, {@code target}.
 */
@Component(service = Explainer.class)
public final class SmoothGradExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("smoothgrad", "SmoothGrad", "1.0.0", "saliency",
            "Gradients averaged over noisy copies of each input, which removes much of the visual noise of plain "
                    + "gradients; the spread over the copies is reported as uncertainty.",
            Set.of(ExplainerInfo.Need.GRADIENTS));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 64);
        int samples = context.intParameter("samples", SmoothGrad.DEFAULT_SAMPLES);
        double noise = context.doubleParameter("noise", SmoothGrad.DEFAULT_NOISE_LEVEL);
        SmoothGrad.Result r = SmoothGrad.attribute(context.model(), e.inputs(), e.targets(), noise, samples,
                Seeds.derive(context.seed(), INFO.id()), e.batchRows(), Monitor.of(context));
        return AttributionFindings.of(context, "SmoothGrad", r.mean(), r.standardError(), e.inputs(), e.targets(), null,
                e.shown(), samples + " noisy samples per row, noise " + noise + " of the row's range; "
                        + "per-row uncertainty: standard error over the samples");
    }
}
