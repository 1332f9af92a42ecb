package dev.lucent.explain.api;

import java.util.List;

/**
 * Signed contributions of named features to an output, with optional uncertainty (e.g. a standard
 * error or half-width of a confidence interval; NaN where unknown).
 *
 * @param subject what is explained, e.g. "row 17, class malignant" or "global"
 * @param note    e.g. the convergence delta of integrated gradients
 */
public record FeatureAttribution(String title, Stage stage, String subject, List<String> features,
                                 double[] values, double[] uncertainty, String note) implements Finding {
    public FeatureAttribution {
        features = List.copyOf(features);
        values = values.clone();
        uncertainty = uncertainty == null ? null : uncertainty.clone();
        if (features.size() != values.length)
            throw new IllegalArgumentException(features.size() + " features but " + values.length + " values");
        if (uncertainty != null && uncertainty.length != values.length)
            throw new IllegalArgumentException(values.length + " values but " + uncertainty.length + " uncertainties");
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] uncertainty() {
        return uncertainty == null ? null : uncertainty.clone();
    }
}
