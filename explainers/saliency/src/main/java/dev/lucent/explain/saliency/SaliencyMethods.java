package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.saliency.core.NoiseTunnel;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Offers this bundle's methods by name to the checks that examine attribution methods: {@code gradient} (also
 * {@code saliency}), {@code gradient-x-input} and {@code smoothgrad} (its default noise, {@value #SMOOTHGRAD_SAMPLES}
 * samples).
 */
@Component(service = AttributionProvider.class)
public final class SaliencyMethods implements AttributionProvider {
    /**
     * Captum's NoiseTunnel default, not the explainer's 50: the checks explain many perturbed copies of each row
     * and judge how the values move, not SmoothGrad's stated standard error (which is what needs 50), so they
     * keep the cost they had; the values' note states the count.
     */
    static final int SMOOTHGRAD_SAMPLES = 5;

    @Override
    public Set<String> names() {
        return Set.of("gradient", "saliency", "gradient-x-input", "smoothgrad");
    }

    @Override
    public Attribution create(String name, AuditContext context, int batchRows, long seed) {
        return switch (name) {
            case "gradient", "saliency" -> new Gradients(batchRows);
            case "gradient-x-input" -> new InputXGradient(batchRows);
            case "smoothgrad" -> NoiseTunnel.smoothGrad(NoiseTunnel.DEFAULT_NOISE_LEVEL, SMOOTHGRAD_SAMPLES, seed, batchRows);
            default -> throw new IllegalArgumentException("no attribution method '" + name + "' here; " + names());
        };
    }
}
