package dev.lucent.explain.integratedgradients;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;
import dev.lucent.explain.integratedgradients.core.Quadrature;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Offers integrated gradients by name ({@code integrated-gradients}) to the checks that examine attribution
 * methods: from a zero baseline, 32 Gauss-Legendre points (the checks explain many perturbed copies).
 */
@Component(service = AttributionProvider.class)
public final class IntegratedGradientsMethods implements AttributionProvider {
    static final int STEPS = 32;

    @Override
    public Set<String> names() {
        return Set.of("integrated-gradients");
    }

    @Override
    public Attribution create(String name, AuditContext context, int batchRows, long seed) {
        return new IntegratedGradients(STEPS, Quadrature.GAUSS_LEGENDRE, batchRows);
    }
}
