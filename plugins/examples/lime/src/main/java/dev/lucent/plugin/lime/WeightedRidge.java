package dev.lucent.plugin.lime;

/**
 * Weighted ridge regression with an unpenalised intercept: minimises
 * {@code sum_i w_i (y_i - b - x_i . beta)^2 + lambda |beta|^2} by centring on the weighted means and solving the
 * normal equations with a Cholesky factorisation. Also reports the weighted R^2 of the fit.
 */
final class WeightedRidge {

    /** The fitted model. */
    record Fit(double intercept, double[] coefficients, double r2) {
    }

    private WeightedRidge() {
    }

    /**
     * @param x       rows of samples, all of the same length
     * @param y       one target per row
     * @param w       one non-negative weight per row, not all zero
     * @param columns which columns of {@code x} take part; the others get coefficient 0
     */
    static Fit fit(double[][] x, double[] y, double[] w, int[] columns, double lambda) {
        int n = x.length;
        int k = columns.length;
        int d = n == 0 ? 0 : x[0].length;
        double sw = 0;
        for (double wi : w) sw += wi;
        if (!(sw > 0)) throw new IllegalArgumentException("all sample weights are zero");
        double[] mx = new double[k];
        double my = 0;
        for (int i = 0; i < n; i++) {
            my += w[i] * y[i];
            for (int a = 0; a < k; a++) mx[a] += w[i] * x[i][columns[a]];
        }
        my /= sw;
        for (int a = 0; a < k; a++) mx[a] /= sw;
        double[][] g = new double[k][k];
        double[] rhs = new double[k];
        double[] xc = new double[k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) xc[a] = x[i][columns[a]] - mx[a];
            double yc = y[i] - my;
            for (int a = 0; a < k; a++) {
                double wa = w[i] * xc[a];
                rhs[a] += wa * yc;
                for (int b = 0; b <= a; b++) g[a][b] += wa * xc[b];
            }
        }
        for (int a = 0; a < k; a++) {
            g[a][a] += lambda;
            for (int b = 0; b < a; b++) g[b][a] = g[a][b];
        }
        double[] beta = solveSymmetric(g, rhs);
        double intercept = my;
        for (int a = 0; a < k; a++) intercept -= beta[a] * mx[a];
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n; i++) {
            double p = intercept;
            for (int a = 0; a < k; a++) p += beta[a] * x[i][columns[a]];
            ssRes += w[i] * (y[i] - p) * (y[i] - p);
            ssTot += w[i] * (y[i] - my) * (y[i] - my);
        }
        // A constant target is fitted perfectly by the intercept alone.
        double r2 = ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : 0);
        double[] full = new double[d];
        for (int a = 0; a < k; a++) full[columns[a]] = beta[a];
        return new Fit(intercept, full, r2);
    }

    /** Solves {@code a z = b} for a symmetric positive definite {@code a} (Cholesky); {@code a} is overwritten. */
    static double[] solveSymmetric(double[][] a, double[] b) {
        int k = b.length;
        for (int j = 0; j < k; j++) {
            double s = a[j][j];
            for (int p = 0; p < j; p++) s -= a[j][p] * a[j][p];
            if (!(s > 0)) throw new IllegalArgumentException("normal equations are not positive definite (ridge too small?)");
            a[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < k; i++) {
                double t = a[i][j];
                for (int p = 0; p < j; p++) t -= a[i][p] * a[j][p];
                a[i][j] = t / a[j][j];
            }
        }
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double t = b[i];
            for (int p = 0; p < i; p++) t -= a[i][p] * z[p];
            z[i] = t / a[i][i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double t = z[i];
            for (int p = i + 1; p < k; p++) t -= a[p][i] * z[p];
            z[i] = t / a[i][i];
        }
        return z;
    }

    /** Indices of the {@code k} largest |values|, ties broken by the lower index (deterministic), in index order. */
    static int[] topK(double[] values, int k) {
        int n = values.length;
        int m = Math.min(k, n);
        boolean[] taken = new boolean[n];
        for (int t = 0; t < m; t++) {
            int best = -1;
            for (int i = 0; i < n; i++)
                if (!taken[i] && (best < 0 || Math.abs(values[i]) > Math.abs(values[best]))) best = i;
            taken[best] = true;
        }
        int[] top = new int[m];
        for (int i = 0, j = 0; i < n; i++) if (taken[i]) top[j++] = i;
        return top;
    }
}
