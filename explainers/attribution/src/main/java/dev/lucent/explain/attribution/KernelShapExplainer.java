package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * KernelSHAP over the first rows of the held-out split, against the training data summarised by k-means.
 * Parameters: {@code samples} (2 M + 2048 for M features), {@code background} (10 centres), {@code rows} (8),
 * {@code shown}, {@code target}, for images {@code patch} (pixels per patch side; default a seventh of the shorter
 * side, 0 for every value alone): an image's features are its patches ({@link FeatureGroups}), 49 by default, not
 * its 784 to 150,528 values. Explains raw outputs (logits), where contributions add up.
 */
@Component(service = Explainer.class)
public final class KernelShapExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("kernel-shap", "KernelSHAP", "1.0.0", "feature attribution",
            "Shapley values estimated from the model's answers on mixtures of the row and typical data: each feature's "
                    + "fair share of the difference between this prediction and the average one.",
            Set.of(),
            Parameters.of(Parameters.explained(8), List.of(Parameter.whole("samples", "0: chosen from the number of features", 0, "coalitions sampled per row"),
                    Parameter.whole("background", "10", 1, "k-means centres summarising the training data: the background the values are measured against"),
                    Parameters.patch())));

    public KernelShapExplainer() {
        super(INFO, "KernelSHAP", 8);
    }

    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        int samples = context.intParameter("samples", 0);
        if (samples < 0) throw new IllegalArgumentException("parameter samples must be positive, got " + samples);
        int[] shape = rows.inputs().shape();
        FeatureGroups groups = FeatureGroups.of(context, java.util.Arrays.copyOfRange(shape, 1, shape.length), context.schema().featureNames());
        int features = groups.count();
        long coalitions = samples > 0 ? samples : KernelShap.defaultSamples(features);
        Batching.requireWithinBudget(context.memoryBudgetBytes(), coalitions * (features + 16L), "parameter samples (" + coalitions + " coalitions)");
        KMeans.Summary bg = Backgrounds.of(context);
        return Backgrounds.noted(new KernelShap(bg.centres(), bg.weights(), samples, Seeds.derive(context.seed(), INFO.id()),
                rows.batchRows(), groups.single() ? null : groups), coalitions + " coalitions, " + Backgrounds.describe(bg)
                + (groups.single() ? "" : "; " + groups.described() + ", each patch's value shared equally by its pixels"));
    }
}
