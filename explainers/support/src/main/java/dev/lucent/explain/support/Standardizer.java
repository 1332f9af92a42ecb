package dev.lucent.explain.support;

/**
 * Per-feature mean and (population) standard deviation of reference rows, applied to any rows, so every feature
 * weighs alike: L2 penalties would otherwise punish features measured in small units, and distances would be
 * decided by features measured in thousands. Fit on training data only. Non-finite values (missing) are left out
 * of the statistics and become the mean (0) when applied. Constant features get scale 1.
 * Shared by the baselines and data-checks families.
 */
public record Standardizer(double[] mean, double[] scale) {

    /** Cell {@code (row, column)} of a rectangular table, however it is stored. */
    @FunctionalInterface
    public interface Cells {
        double at(int row, int column);
    }

    public static Standardizer fit(double[][] x) {
        return fit(x.length, width(x), (i, j) -> x[i][j]);
    }

    public static Standardizer fit(int rows, int width, Cells x) {
        double[] mean = new double[width];
        double[] scale = new double[width];
        long[] count = new long[width];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < width; j++) {
                double v = x.at(i, j);
                if (Double.isFinite(v)) {
                    mean[j] += v;
                    count[j]++;
                }
            }
        for (int j = 0; j < width; j++) mean[j] = count[j] == 0 ? 0 : mean[j] / count[j];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < width; j++) {
                double v = x.at(i, j);
                if (Double.isFinite(v)) scale[j] += (v - mean[j]) * (v - mean[j]);
            }
        for (int j = 0; j < width; j++) {
            double sd = count[j] == 0 ? 0 : Math.sqrt(scale[j] / count[j]);
            scale[j] = sd > 1e-12 ? sd : 1.0;
        }
        return new Standardizer(mean, scale);
    }

    public double[][] apply(double[][] x) {
        return apply(x.length, width(x), (i, j) -> x[i][j]);
    }

    public double[][] apply(int rows, int width, Cells x) {
        double[][] z = new double[rows][width];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < width; j++) {
                double v = x.at(i, j);
                z[i][j] = Double.isFinite(v) ? (v - mean[j]) / scale[j] : 0;
            }
        return z;
    }

    private static int width(double[][] x) {
        return x.length == 0 ? 0 : x[0].length;
    }
}
