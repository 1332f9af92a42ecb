package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;

/**
 * Multinomial logistic regression with an L2 penalty, as sklearn's LogisticRegression(C) minimises it:
 * {@code 1/2 ||W||^2 + C * sum_i cross-entropy_i} (intercepts not penalised), here divided by {@code C n}.
 * Solved deterministically by accelerated gradient descent (Nesterov/FISTA with adaptive restart) with the constant step {@code 1/L}:
 * the softmax cross-entropy's Hessian is bounded by {@code 1/2 X^T X / n}, whose largest eigenvalue is estimated by
 * power iteration, so every step is safe and the same data always give the same coefficients.
 */
final class LogisticRegression {

    interface Checkpoint {
        void check(int iteration) throws AuditCancelledException;
    }

    private final double[][] weights; // [classes][features + 1], last column the intercept
    private final int iterations;
    private final boolean converged;

    private LogisticRegression(double[][] weights, int iterations, boolean converged) {
        this.weights = weights;
        this.iterations = iterations;
        this.converged = converged;
    }

    /** Whether the gradient norm fell below the tolerance within the iteration limit. */
    boolean converged() {
        return converged;
    }

    static LogisticRegression fit(double[][] x, int[] y, int classes, double c, int maxIterations, double tolerance,
                                  Checkpoint checkpoint) throws AuditCancelledException {
        int n = x.length;
        if (n == 0) throw new IllegalArgumentException("no training rows");
        if (!(c > 0)) throw new IllegalArgumentException("inverse regularisation strength C must be > 0, got " + c);
        int d = x[0].length;
        double lambda = 1.0 / (c * n);
        double lipschitz = 0.5 * largestEigenvalue(x) / n * 1.05 + lambda;
        double step = 1.0 / lipschitz;
        double[][] w = new double[classes][d + 1];
        double[][] prev = new double[classes][d + 1];
        double[][] look = new double[classes][d + 1];
        double[][] grad = new double[classes][d + 1];
        double t = 1;
        int it = 0;
        for (; it < maxIterations; it++) {
            if (checkpoint != null) checkpoint.check(it); // one pass over the data per iteration: check every time
            gradient(x, y, look, lambda, grad);
            double gnorm = 0;
            for (double[] g : grad) for (double v : g) gnorm += v * v;
            if (Math.sqrt(gnorm) < tolerance) {
                for (int k = 0; k < classes; k++) System.arraycopy(look[k], 0, w[k], 0, d + 1);
                break;
            }
            // Adaptive restart (O'Donoghue and Candes 2015): when the momentum points uphill, drop it. Without it,
            // momentum on an ill-conditioned problem oscillates and needs thousands of steps.
            double uphill = 0;
            for (int k = 0; k < classes; k++) for (int j = 0; j <= d; j++) uphill += grad[k][j] * (w[k][j] - prev[k][j]);
            if (uphill > 0) t = 1;
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            double momentum = (t - 1) / tNext;
            for (int k = 0; k < classes; k++)
                for (int j = 0; j <= d; j++) {
                    prev[k][j] = w[k][j];
                    w[k][j] = look[k][j] - step * grad[k][j];
                }
            for (int k = 0; k < classes; k++)
                for (int j = 0; j <= d; j++) look[k][j] = w[k][j] + momentum * (w[k][j] - prev[k][j]);
            t = tNext;
        }
        return new LogisticRegression(w, it, it < maxIterations);
    }

    /** Gradient of the mean cross-entropy plus lambda/2 ||W||^2 (weights only) at w. */
    static void gradient(double[][] x, int[] y, double[][] w, double lambda, double[][] grad) {
        int classes = w.length;
        int d = x[0].length;
        for (double[] g : grad) java.util.Arrays.fill(g, 0);
        double[] p = new double[classes];
        for (int i = 0; i < x.length; i++) {
            softmax(w, x[i], p);
            p[y[i]] -= 1;
            for (int k = 0; k < classes; k++) {
                double e = p[k] / x.length;
                if (e == 0) continue;
                double[] gk = grad[k];
                for (int j = 0; j < d; j++) gk[j] += e * x[i][j];
                gk[d] += e;
            }
        }
        for (int k = 0; k < classes; k++) for (int j = 0; j < d; j++) grad[k][j] += lambda * w[k][j];
    }

    static void softmax(double[][] w, double[] row, double[] out) {
        int d = row.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            double z = w[k][d];
            for (int j = 0; j < d; j++) z += w[k][j] * row[j];
            out[k] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            out[k] = StrictMath.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < w.length; k++) out[k] /= sum;
    }

    /** Largest eigenvalue of [X 1]^T [X 1] by power iteration from a fixed start (deterministic). */
    static double largestEigenvalue(double[][] x) {
        int d = x[0].length + 1;
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1 / Math.sqrt(d));
        double lambda = 0;
        double[] xv = new double[x.length];
        for (int it = 0; it < 100; it++) {
            for (int i = 0; i < x.length; i++) {
                double s = v[d - 1];
                for (int j = 0; j < d - 1; j++) s += x[i][j] * v[j];
                xv[i] = s;
            }
            double[] u = new double[d];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < d - 1; j++) u[j] += x[i][j] * xv[i];
                u[d - 1] += xv[i];
            }
            double norm = 0;
            for (double a : u) norm += a * a;
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            double next = norm; // ||A v|| with ||v|| = 1 converges to the top eigenvalue from below
            for (int j = 0; j < d; j++) v[j] = u[j] / norm;
            if (Math.abs(next - lambda) <= 1e-9 * next) return next;
            lambda = next;
        }
        return lambda;
    }

    double[] probabilities(double[] row) {
        double[] p = new double[weights.length];
        softmax(weights, row, p);
        return p;
    }

    int predict(double[] row) {
        double[] p = probabilities(row);
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }

    /** Coefficient of feature j for class k (on the scale of the inputs given to fit). */
    double coefficient(int k, int j) {
        return weights[k][j];
    }

    double intercept(int k) {
        return weights[k][weights[k].length - 1];
    }

    int iterations() {
        return iterations;
    }
}
