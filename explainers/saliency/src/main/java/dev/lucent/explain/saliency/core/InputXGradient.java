package dev.lucent.explain.saliency.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;

/**
 * Gradient x input (Shrikumar et al. 2016; Captum's InputXGradient): x_i * d output / d x_i. Exact for a
 * linear model with bias-free contributions measured from the zero input; like Captum's, it takes no baseline.
 */
public final class InputXGradient implements Attribution {
    private final Gradients gradients;

    public InputXGradient(int batchRows) {
        this.gradients = new Gradients(batchRows);
    }

    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        float[] g = gradients.of(model, inputs, targets, monitor);
        float[] x = inputs.toArray();
        for (int i = 0; i < g.length; i++) g[i] *= x[i];
        return Attributions.of(g, "contributions relative to a zero input");
    }
}
