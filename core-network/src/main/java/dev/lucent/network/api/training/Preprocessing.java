package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.List;

/**
 * How raw rows become model inputs, saved with a model: column names, class names, and the
 * standardization (x - mean) / std fitted on the training split. mean/std are empty when the inputs
 * are used as they are.
 */
public record Preprocessing(List<String> featureNames, String labelName, List<String> classNames, float[] mean, float[] std) {
    public Preprocessing {
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        mean = mean.clone();
        std = std.clone();
        if (mean.length != std.length) throw new IllegalArgumentException("mean has " + mean.length + " entries, std " + std.length);
        if (mean.length != 0 && mean.length != featureNames.size())
            throw new IllegalArgumentException(featureNames.size() + " features but " + mean.length + " standardization entries");
        for (int i = 0; i < std.length; i++)
            if (!(std[i] > 0) || !Float.isFinite(mean[i]))
                throw new IllegalArgumentException("feature " + i + " has invalid standardization mean " + mean[i] + " std " + std[i]);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Standardizes rows of raw features in place of a copy: [n, features]. */
    public Tensor apply(float[] raw, int rows) {
        int d = featureNames.size();
        if (raw.length != rows * d) throw new IllegalArgumentException("expected " + rows + " x " + d + " values, got " + raw.length);
        float[] out = raw.clone();
        if (mean.length > 0) for (int i = 0; i < out.length; i++) out[i] = (out[i] - mean[i % d]) / std[i % d];
        return Tensor.of(out, rows, d);
    }
}
