package dev.lucent.network.api.data;

import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/**
 * Fills missing feature values (NaN in a loaded {@link Dataset}) with one value per feature, fitted on
 * the training split only.
 *
 * @param strategy how {@code fill} was computed; {@link CsvOptions.Missing#ERROR} means no imputation
 *                 (the data had no missing values)
 * @param fill     the value per feature (flattened sample)
 */
public record Imputer(CsvOptions.Missing strategy, float[] fill) {
    public Imputer {
        fill = fill.clone();
    }

    /** Imputes nothing (a data set without missing values). */
    public static Imputer none(int features) {
        return new Imputer(CsvOptions.Missing.ERROR, new float[features]);
    }

    /**
     * Fits mean or median per feature over the non-missing values of {@code features}.
     *
     * @param featureNames used to name a feature that has no value at all in the rows given
     * @throws IllegalArgumentException naming the feature when it has no value to fit on
     */
    public static Imputer fit(Tensor features, CsvOptions.Missing strategy, java.util.List<String> featureNames) {
        if (strategy == CsvOptions.Missing.ERROR) throw new IllegalArgumentException("strategy ERROR imputes nothing; use none()");
        int rows = features.shape()[0];
        int f = rows == 0 ? featureNames.size() : features.size() / rows;
        float[] x = features.toArray();
        float[] fill = new float[f];
        float[] column = new float[rows];
        for (int j = 0; j < f; j++) {
            int n = 0;
            for (int i = 0; i < rows; i++) {
                float v = x[i * f + j];
                if (!Float.isNaN(v)) column[n++] = v;
            }
            if (n == 0)
                throw new IllegalArgumentException("feature " + DataFormatException.quote(featureNames.get(j))
                        + " has no values in the training split to impute from");
            if (strategy == CsvOptions.Missing.MEAN) {
                double s = 0;
                for (int i = 0; i < n; i++) s += column[i];
                fill[j] = (float) (s / n);
            } else {
                Arrays.sort(column, 0, n);
                fill[j] = n % 2 == 1 ? column[n / 2] : (float) (((double) column[n / 2 - 1] + column[n / 2]) / 2);
            }
        }
        return new Imputer(strategy, fill);
    }

    /** A new tensor with every NaN replaced by its feature's fill value. */
    public Tensor apply(Tensor features) {
        int[] shape = features.shape();
        float[] x = features.toArray();
        int f = fill.length;
        for (int i = 0; i < x.length; i++)
            if (Float.isNaN(x[i])) {
                if (strategy == CsvOptions.Missing.ERROR)
                    throw new IllegalStateException("missing value at flat index " + i + " but no imputation was fitted");
                x[i] = fill[i % f];
            }
        return Tensor.of(x, shape);
    }

    @Override
    public float[] fill() {
        return fill.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Imputer m && strategy == m.strategy && Arrays.equals(fill, m.fill);
    }

    @Override
    public int hashCode() {
        return 31 * strategy.hashCode() + Arrays.hashCode(fill);
    }

    @Override
    public String toString() {
        return "Imputer[" + strategy + ", " + fill.length + " features]";
    }
}
