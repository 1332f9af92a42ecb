package dev.lucent.network.api.data;

import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Standardization;
import dev.lucent.network.api.Tensor;

/**
 * Per-feature standardisation {@code (x - mean) / std}, fitted on a training split only so nothing of the
 * validation or test rows leaks into training. A constant feature gets {@code std = 1} (it becomes 0
 * instead of NaN). The standard deviation is the population one (divide by n), as scikit-learn's.
 *
 * @param mean one value per feature (flattened sample, row-major)
 * @param std  one positive value per feature
 */
public record Standardizer(float[] mean, float[] std) implements Standardization {
    public Standardizer {
        if (mean.length != std.length)
            throw new IllegalArgumentException("mean has " + mean.length + " values, std " + std.length);
        mean = mean.clone();
        std = std.clone();
        for (int j = 0; j < std.length; j++)
            if (!(std[j] > 0) || !Float.isFinite(std[j]) || !Float.isFinite(mean[j]))
                throw new IllegalArgumentException("feature " + j + ": need a finite mean and a positive finite std, got "
                        + mean[j] + ", " + std[j]);
    }

    /** Leaves values unchanged: mean 0, std 1. */
    public static Standardizer identity(int features) {
        float[] one = new float[features];
        java.util.Arrays.fill(one, 1f);
        return new Standardizer(new float[features], one);
    }

    /**
     * Fits on the rows of {@code features} ({@code [rows, sample...]}), in double precision.
     *
     * @throws IllegalArgumentException if there are no rows or a value is not finite (impute first)
     */
    public static Standardizer fit(Tensor features) {
        int[] shape = features.shape();
        int rows = shape[0];
        if (rows == 0) throw new IllegalArgumentException("cannot fit a standardizer on zero rows");
        int f = features.size() / rows;
        float[] x = features.toArray();
        double[] sum = new double[f];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < f; j++) {
                float v = x[i * f + j];
                if (!Float.isFinite(v))
                    throw new IllegalArgumentException("row " + i + ", feature " + j + " is " + v + "; impute missing values before standardising");
                sum[j] += v;
            }
        float[] mean = new float[f];
        float[] std = new float[f];
        for (int j = 0; j < f; j++) {
            double m = sum[j] / rows;
            double ss = 0;
            for (int i = 0; i < rows; i++) {
                double d = x[i * f + j] - m;
                ss += d * d;
            }
            double s = Math.sqrt(ss / rows);
            mean[j] = (float) m;
            // Relative threshold: a column that only varies by float rounding is constant.
            std[j] = s > 1e-7 * Math.max(1, Math.abs(m)) ? (float) s : 1f;
        }
        return new Standardizer(mean, std);
    }

    public int features() {
        return mean.length;
    }

    /** A new tensor of the same shape, standardised. */
    public Tensor apply(Tensor features) {
        int[] shape = features.shape();
        float[] x = features.toArray();
        int f = mean.length;
        if (shape[0] != 0 && x.length / shape[0] != f)
            throw new IllegalArgumentException("standardizer fitted on " + f + " features, got samples of " + x.length / shape[0]);
        for (int i = 0; i < x.length; i++) {
            int j = i % f;
            x[i] = (x[i] - mean[j]) / std[j];
        }
        return Tensor.of(x, shape);
    }

    /** The split with standardised features; labels and targets unchanged. */
    public DataSplit apply(DataSplit split) {
        return new DataSplit(split.name(), apply(split.features()), split.labels(), split.targets());
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && java.util.Arrays.equals(mean, s.mean) && java.util.Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(mean) + java.util.Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " features]";
    }
}
