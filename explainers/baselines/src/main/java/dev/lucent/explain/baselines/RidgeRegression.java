package dev.lucent.explain.baselines;

/**
 * Ridge regression, sklearn's Ridge(alpha): minimises {@code ||y - X w - b||^2 + alpha ||w||^2} with the intercept
 * unpenalised, solved exactly: centre X and y, then {@code (Xc^T Xc + alpha I) w = Xc^T yc} by Cholesky
 * factorisation, and {@code b = mean(y) - mean(X) w}. Exact and deterministic.
 */
record RidgeRegression(double[] coefficients, double intercept) {

    static RidgeRegression fit(double[][] x, double[] y, double alpha) {
        int n = x.length;
        if (n == 0) throw new IllegalArgumentException("no training rows");
        if (y.length != n) throw new IllegalArgumentException(n + " rows but " + y.length + " targets");
        if (!(alpha >= 0)) throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
        int d = x[0].length;
        double[] mx = new double[d];
        double my = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) mx[j] += x[i][j] / n;
            my += y[i] / n;
        }
        double[][] a = new double[d][d];
        double[] rhs = new double[d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double xj = x[i][j] - mx[j];
                rhs[j] += xj * (y[i] - my);
                for (int k = 0; k <= j; k++) a[j][k] += xj * (x[i][k] - mx[k]);
            }
        for (int j = 0; j < d; j++) {
            a[j][j] += alpha;
            for (int k = 0; k < j; k++) a[k][j] = a[j][k];
        }
        double[] w = choleskySolve(a, rhs);
        double b = my;
        for (int j = 0; j < d; j++) b -= mx[j] * w[j];
        return new RidgeRegression(w, b);
    }

    /** Solves A w = b for symmetric positive definite A (a constant feature with alpha = 0 is singular: an error). */
    static double[] choleskySolve(double[][] a, double[] b) {
        int d = b.length;
        double[][] l = new double[d][d];
        for (int j = 0; j < d; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) s -= l[j][k] * l[j][k];
            if (!(s > 1e-12 * Math.max(1, Math.abs(a[j][j]))))
                throw new IllegalArgumentException("the normal equations are singular at feature " + j + " (constant or duplicated feature with alpha 0)");
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < d; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
                l[i][j] = t / l[j][j];
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * z[k];
            z[i] = s / l[i][i];
        }
        double[] w = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < d; k++) s -= l[k][i] * w[k];
            w[i] = s / l[i][i];
        }
        return w;
    }

    double predict(double[] row) {
        double s = intercept;
        for (int j = 0; j < coefficients.length; j++) s += coefficients[j] * row[j];
        return s;
    }
}
