package dev.lucent.explain.datachecks;

import dev.lucent.explain.support.Standardizer;
import dev.lucent.network.api.DataSplit;

/** A split's features as one flat row-major array with its width: what every data check reads. */
record Rows(String name, float[] values, int rows, int width, int[] labels) {

    static Rows of(DataSplit split) {
        float[] v = split.features().toArray();
        int n = split.rows();
        return new Rows(split.name(), v, n, n == 0 ? 0 : v.length / n, split.labels());
    }

    /** A row's values as a map key: equal bit for bit (NaN equals NaN, -0.0 differs from 0.0). */
    record Key(float[] v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(v);
        }
    }

    Key key(int row) {
        return new Key(java.util.Arrays.copyOfRange(values, row * width, (row + 1) * width));
    }

    float get(int row, int column) {
        return values[row * width + column];
    }

    /** Per-feature mean and scale of these rows, so distances weigh every feature alike. */
    Standardizer standardizer() {
        return Standardizer.fit(rows, width, this::get);
    }

    /** These rows standardized by {@code s}; missing values sit at the mean (0), neither attracting nor repelling neighbours. */
    double[][] standardized(Standardizer s) {
        return s.apply(rows, width, this::get);
    }
}
