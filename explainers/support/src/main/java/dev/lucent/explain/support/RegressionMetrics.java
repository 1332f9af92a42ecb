package dev.lucent.explain.support;

/**
 * Mean absolute error, root mean squared error and the coefficient of determination
 * {@code R^2 = 1 - SS_res / SS_tot}, as sklearn's r2_score (with constant targets: 1 for a perfect fit, else 0).
 */
public record RegressionMetrics(double mae, double rmse, double r2) {

    public static RegressionMetrics of(double[] truth, double[] predicted, int[] rows) {
        if (truth.length != predicted.length)
            throw new IllegalArgumentException(truth.length + " targets but " + predicted.length + " predictions");
        int n = rows.length;
        if (n == 0) return new RegressionMetrics(Double.NaN, Double.NaN, Double.NaN);
        double mean = 0;
        for (int r : rows) mean += truth[r];
        mean /= n;
        double abs = 0;
        double sq = 0;
        double tot = 0;
        for (int r : rows) {
            double e = truth[r] - predicted[r];
            abs += Math.abs(e);
            sq += e * e;
            tot += (truth[r] - mean) * (truth[r] - mean);
        }
        double r2 = tot == 0 ? (sq == 0 ? 1.0 : 0.0) : 1 - sq / tot;
        return new RegressionMetrics(abs / n, Math.sqrt(sq / n), r2);
    }
}
