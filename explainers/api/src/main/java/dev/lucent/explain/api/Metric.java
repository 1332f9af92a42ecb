package dev.lucent.explain.api;

/**
 * A number with its confidence interval ({@code lower}/{@code upper} NaN when none was computed).
 *
 * @param confidence the interval's level, e.g. 0.95
 */
public record Metric(String title, Stage stage, String name, double value, double lower, double upper,
                     double confidence, String note) implements Finding {
}
