package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.NoiseTunnel;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.AttributionPlan;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.network.api.Tensor;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * SmoothGrad (a {@link NoiseTunnel} over plain gradients) over the first rows of the held-out split. Parameters:
 * {@code samples} (50, as the paper; enough for the stated standard error to be right, see
 * {@link NoiseTunnel#DEFAULT_SAMPLES}), {@code noise} (0.15 of each row's value range), {@code rows},
 * {@code shown}, {@code target}.
 */
@Component(service = Explainer.class)
public final class SmoothGradExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("smoothgrad", "SmoothGrad", "1.0.0", "saliency",
            "Gradients averaged over noisy copies of each input, which removes much of the visual noise of plain "
                    + "gradients; the spread over the copies is reported as uncertainty.",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.of(Parameters.explained(64), List.of(Parameter.number("noise", "0.15", 0,
                    Parameter.NO_LIMIT, "noise standard deviation, as a share of each row's value range"),
                    Parameter.whole("samples", "50", 1, "noisy copies averaged per row"))));

    public SmoothGradExplainer() {
        super(INFO, "SmoothGrad", 64);
    }

    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        return NoiseTunnel.smoothGrad(context.doubleParameter("noise", NoiseTunnel.DEFAULT_NOISE_LEVEL),
                context.intParameter("samples", NoiseTunnel.DEFAULT_SAMPLES), Seeds.derive(context.seed(), INFO.id()),
                rows.batchRows());
    }

    /** A gradient per noisy copy. */
    @Override
    protected double passesPerRow(AuditContext context, Tensor inputs) {
        return AttributionPlan.GRADIENT * context.intParameter("samples", NoiseTunnel.DEFAULT_SAMPLES);
    }

    /** Fewer noisy copies (at least 2, for a standard error) when even one row of 50 is more than the share. */
    @Override
    protected Attribution attribution(AuditContext context, AttributionPlan plan) {
        int samples = plan.cut(context.intParameter("samples", NoiseTunnel.DEFAULT_SAMPLES), context.parameters().containsKey("samples"),
                AttributionPlan.GRADIENT, 2);
        return NoiseTunnel.smoothGrad(context.doubleParameter("noise", NoiseTunnel.DEFAULT_NOISE_LEVEL), samples,
                Seeds.derive(context.seed(), INFO.id()), plan.rows().batchRows());
    }
}
