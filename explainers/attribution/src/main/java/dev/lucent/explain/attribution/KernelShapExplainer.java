package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.attribution.core.ShapleyResult;
import dev.lucent.explain.support.AttributionFindings;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Monitor;
import dev.lucent.explain.support.Seeds;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * KernelSHAP over the first rows of the held-out split, against the training data summarised by k-means.
 * Parameters: {@code samples} (2 M + 2048), {@code background} (10 centres), {@code rows} (8), {@code shown},
 * {@code target}. Explains raw outputs (logits), where contributions add up.
 */
@Component(service = Explainer.class)
public final class KernelShapExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("kernel-shap", "KernelSHAP", "1.0.0", "feature attribution",
            "Shapley values estimated from the model's answers on mixtures of the row and typical data: each feature's "
                    + "fair share of the difference between this prediction and the average one.",
            Set.of());

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 8);
        int samples = context.intParameter("samples", 0);
        if (samples < 0) throw new IllegalArgumentException("parameter samples must be positive, got " + samples);
        int features = e.inputs().size() / e.rows();
        long coalitions = samples > 0 ? samples : KernelShap.defaultSamples(features);
        Batching.requireWithinBudget(context.memoryBudgetBytes(), coalitions * (features + 16L), "parameter samples (" + coalitions + " coalitions)");
        KMeans.Summary bg = Backgrounds.of(context);
        ShapleyResult r = KernelShap.attribute(context.model(), e.inputs(), bg.centres(), bg.weights(), e.targets(), samples,
                Seeds.derive(context.seed(), INFO.id()), e.batchRows(), Monitor.of(context));
        int m = e.inputs().size() / e.rows();
        return AttributionFindings.of(context, "KernelSHAP", Backgrounds.toFloats(r.values()), null, e.inputs(), e.targets(),
                Backgrounds.rowNotes(r), e.shown(), (samples > 0 ? samples : KernelShap.defaultSamples(m))
                        + " coalitions, " + Backgrounds.describe(bg));
    }
}
