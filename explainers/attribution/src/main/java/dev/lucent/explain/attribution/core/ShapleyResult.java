package dev.lucent.explain.attribution.core;

/**
 * Shapley values per input row.
 *
 * @param values    {@code n * m}, row-major
 * @param baseValue per row, E[f(background)]: the value of the empty coalition
 * @param output    per row, f(x): the value of the full coalition; values sum to output - baseValue
 */
public record ShapleyResult(double[] values, double[] baseValue, double[] output) {
}
