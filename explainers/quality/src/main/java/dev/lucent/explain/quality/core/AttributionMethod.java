package dev.lucent.explain.quality.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.ig.core.Baselines;
import dev.lucent.explain.ig.core.IntegratedGradients;
import dev.lucent.explain.ig.core.Quadrature;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.saliency.core.SmoothGrad;
import dev.lucent.explain.support.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Locale;

/** An attribution method under test: {@code n * m} attributions for a batch, row-major like the inputs. */
@FunctionalInterface
public interface AttributionMethod {

    float[] attribute(AuditableModel model, Tensor inputs, int[] targets) throws AuditCancelledException;

    /**
     * The built-in methods by name: gradient, gradient-x-input, integrated-gradients (zero baseline, 32
     * Gauss-Legendre steps), smoothgrad (5 samples, noise 0.15).
     */
    static AttributionMethod named(String name, int batchRows, long seed, Monitor monitor) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "gradient", "saliency" -> (m, x, t) -> Gradients.attribute(m, x, t, batchRows, monitor);
            case "gradient-x-input" -> (m, x, t) -> InputXGradient.attribute(m, x, t, batchRows, monitor);
            case "integrated-gradients" -> (m, x, t) -> IntegratedGradients.attribute(m, x, Baselines.zeros(x), t, 32,
                    Quadrature.GAUSS_LEGENDRE, batchRows, monitor).attributions();
            case "smoothgrad" -> (m, x, t) -> SmoothGrad.attribute(m, x, t, SmoothGrad.DEFAULT_NOISE_LEVEL,
                    SmoothGrad.DEFAULT_SAMPLES, seed, batchRows, monitor).mean();
            default -> throw new IllegalArgumentException("unknown attribution method '" + name
                    + "'; use gradient, gradient-x-input, integrated-gradients or smoothgrad");
        };
    }
}
