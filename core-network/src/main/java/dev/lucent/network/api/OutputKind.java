package dev.lucent.network.api;

/** How a model's raw outputs are to be read. */
public enum OutputKind {
    /** One logit per class; probabilities are their softmax. */
    CLASS_LOGITS,
    /** A single logit for the positive class (class index 1); probability is its sigmoid. */
    BINARY_LOGIT,
    /** One or more real-valued predictions. */
    REGRESSION
}
