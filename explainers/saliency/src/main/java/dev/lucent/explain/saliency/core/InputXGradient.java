package dev.lucent.explain.saliency.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;

/**
 * Gradient x input (Shrikumar et al. 2016; Captum's InputXGradient): x_i * d output / d x_i. Exact for a
 * linear model with bias-free contributions measured from the zero input.
 */
public final class InputXGradient {
    private InputXGradient() {
    }

    public static float[] attribute(AuditableModel model, Tensor inputs, int[] targets, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        float[] g = Gradients.attribute(model, inputs, targets, batchRows, monitor);
        float[] x = inputs.toArray();
        for (int i = 0; i < g.length; i++) g[i] *= x[i];
        return g;
    }
}
