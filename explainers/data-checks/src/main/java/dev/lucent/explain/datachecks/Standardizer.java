package dev.lucent.explain.datachecks;

/**
 * Per-feature mean and standard deviation of a reference split, so distances weigh every feature alike
 * (a feature in thousands would otherwise decide every neighbour). Constant features get scale 1.
 */
record Standardizer(double[] mean, double[] scale) {

    static Standardizer fit(Rows r) {
        int d = r.width();
        double[] mean = new double[d];
        double[] sq = new double[d];
        long[] count = new long[d];
        for (int i = 0; i < r.rows(); i++)
            for (int j = 0; j < d; j++) {
                float v = r.get(i, j);
                if (Float.isNaN(v) || Float.isInfinite(v)) continue;
                mean[j] += v;
                count[j]++;
            }
        for (int j = 0; j < d; j++) mean[j] = count[j] == 0 ? 0 : mean[j] / count[j];
        for (int i = 0; i < r.rows(); i++)
            for (int j = 0; j < d; j++) {
                float v = r.get(i, j);
                if (Float.isNaN(v) || Float.isInfinite(v)) continue;
                sq[j] += (v - mean[j]) * (v - mean[j]);
            }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = count[j] < 2 ? 0 : Math.sqrt(sq[j] / count[j]);
            scale[j] = sd > 1e-12 ? sd : 1.0;
        }
        return new Standardizer(mean, scale);
    }

    /** Standardized rows; missing values sit at the mean (0) so they neither attract nor repel neighbours. */
    double[][] apply(Rows r) {
        double[][] z = new double[r.rows()][r.width()];
        for (int i = 0; i < r.rows(); i++)
            for (int j = 0; j < r.width(); j++) {
                float v = r.get(i, j);
                z[i][j] = Float.isNaN(v) || Float.isInfinite(v) ? 0 : (v - mean[j]) / scale[j];
            }
        return z;
    }
}
