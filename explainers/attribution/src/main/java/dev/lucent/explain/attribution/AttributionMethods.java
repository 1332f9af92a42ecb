package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.attribution.core.ExactShapley;
import dev.lucent.explain.attribution.core.FeatureAblation;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.support.FeatureGroups;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Offers this bundle's per-value methods by name to the checks that examine attribution methods, set up as their
 * explainers set them up: {@code kernel-shap} (default budget) and {@code exact-shapley} against the training data
 * summarised by k-means (the audit's one shared background), {@code feature-ablation} to the training mean; an image's features
 * are its patches ({@link FeatureGroups}, parameter {@code patch}) for kernel-shap and feature-ablation. (Occlusion and Grad-CAM attribute to
 * pixels, which the checks cannot use.)
 */
@Component(service = AttributionProvider.class)
public final class AttributionMethods implements AttributionProvider {

    @Override
    public Set<String> names() {
        return Set.of("kernel-shap", "exact-shapley", "feature-ablation");
    }

    @Override
    public Attribution create(String name, AuditContext context, int batchRows, long seed) {
        // an image's features are its patches, as the kernel-shap and permutation-importance explainers take them: 150,528
        // pixels of a photo one at a time are 150,528 model calls (or coalitions) per row
        FeatureGroups groups = FeatureGroups.of(context, context.model().inputShape(), context.schema().featureNames());
        FeatureGroups grouped = groups.single() ? null : groups;
        if (name.equals("feature-ablation")) {
            FeatureAblation ablation = new FeatureAblation(batchRows, grouped);
            return (model, inputs, baselines, targets, monitor) -> ablation.attribute(model, inputs,
                    baselines != null ? baselines : OcclusionExplainer.trainingMeans(context, inputs), targets, monitor);
        }
        KMeans.Summary bg = Backgrounds.of(context);
        return switch (name) {
            case "kernel-shap" -> new KernelShap(bg.centres(), bg.weights(), 0, seed, batchRows, grouped);
            case "exact-shapley" -> new ExactShapley(bg.centres(), bg.weights(), batchRows);
            default -> throw new IllegalArgumentException("no attribution method '" + name + "' here; " + names());
        };
    }
}
