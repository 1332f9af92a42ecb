package dev.lucent.network.api;

/**
 * What a named layer did for a batch: its output activations and the gradient of the
 * chosen outputs with respect to them (same shape as the activations).
 */
public record LayerTrace(String layer, Tensor activations, Tensor gradients) {
}
