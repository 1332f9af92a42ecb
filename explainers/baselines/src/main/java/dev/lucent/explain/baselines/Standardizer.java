package dev.lucent.explain.baselines;

/**
 * Per-feature mean and standard deviation of the training rows, applied to any rows: the baselines see features
 * on one scale (L2 would otherwise punish features measured in small units), fitted on training data only.
 * Constant features get scale 1; missing values become the mean.
 */
record Standardizer(double[] mean, double[] scale) {

    static Standardizer fit(double[][] x) {
        int d = x.length == 0 ? 0 : x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        long[] count = new long[d];
        for (double[] row : x)
            for (int j = 0; j < d; j++)
                if (Double.isFinite(row[j])) {
                    mean[j] += row[j];
                    count[j]++;
                }
        for (int j = 0; j < d; j++) mean[j] = count[j] == 0 ? 0 : mean[j] / count[j];
        for (double[] row : x)
            for (int j = 0; j < d; j++)
                if (Double.isFinite(row[j])) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        for (int j = 0; j < d; j++) {
            double sd = count[j] == 0 ? 0 : Math.sqrt(scale[j] / count[j]);
            scale[j] = sd > 1e-12 ? sd : 1.0;
        }
        return new Standardizer(mean, scale);
    }

    double[][] apply(double[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) z[i][j] = Double.isFinite(x[i][j]) ? (x[i][j] - mean[j]) / scale[j] : 0;
        }
        return z;
    }
}
