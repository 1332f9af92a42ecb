package dev.lucent.explain.integratedgradients.core;

import java.util.Locale;

/**
 * Points alpha in [0, 1] and weights for approximating the path integral of integrated gradients,
 * as Captum's approximation methods define them.
 */
public enum Quadrature {
    RIEMANN_LEFT, RIEMANN_RIGHT, RIEMANN_MIDDLE, RIEMANN_TRAPEZOID, GAUSS_LEGENDRE;

    /** Nodes and weights on [0, 1]; the weights sum to 1. */
    public record Rule(double[] alphas, double[] weights) {
    }

    /** Parses "riemann_left", "riemann-middle", "gausslegendre"... as Captum spells them, case-insensitively. */
    public static Quadrature parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "_");
        return switch (n) {
            case "riemann_left", "left" -> RIEMANN_LEFT;
            case "riemann_right", "right" -> RIEMANN_RIGHT;
            case "riemann_middle", "middle" -> RIEMANN_MIDDLE;
            case "riemann_trapezoid", "trapezoid" -> RIEMANN_TRAPEZOID;
            case "gausslegendre", "gauss_legendre" -> GAUSS_LEGENDRE;
            default -> throw new IllegalArgumentException("unknown integration method '" + name
                    + "'; use riemann_left, riemann_right, riemann_middle, riemann_trapezoid or gausslegendre");
        };
    }

    public Rule rule(int steps) {
        if (steps < 1) throw new IllegalArgumentException("integrated gradients needs at least 1 step, got " + steps);
        double[] a = new double[steps], w = new double[steps];
        switch (this) {
            case RIEMANN_LEFT, RIEMANN_RIGHT, RIEMANN_MIDDLE -> {
                double shift = this == RIEMANN_LEFT ? 0 : this == RIEMANN_RIGHT ? 1 : 0.5;
                for (int i = 0; i < steps; i++) {
                    a[i] = (i + shift) / steps;
                    w[i] = 1.0 / steps;
                }
            }
            case RIEMANN_TRAPEZOID -> {
                if (steps < 2) throw new IllegalArgumentException("the trapezoid rule needs at least 2 steps, got " + steps);
                for (int i = 0; i < steps; i++) {
                    a[i] = (double) i / (steps - 1);
                    w[i] = (i == 0 || i == steps - 1 ? 0.5 : 1.0) / (steps - 1);
                }
            }
            case GAUSS_LEGENDRE -> gaussLegendre(steps, a, w);
        }
        return new Rule(a, w);
    }

    /**
     * Gauss-Legendre nodes by Newton's method on the Legendre polynomial (as numpy's leggauss), mapped
     * from [-1, 1] to [0, 1]; exact for polynomials of degree up to 2n - 1.
     */
    private static void gaussLegendre(int n, double[] alphas, double[] weights) {
        for (int i = 0; i < (n + 1) / 2; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) break;
            }
            // recompute the derivative at the converged node for the weight
            double p0 = 1, p1 = x;
            for (int k = 2; k <= n; k++) {
                double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = p2;
            }
            dp = n == 1 ? 1 : n * (x * p1 - p0) / (x * x - 1);
            double w = 2 / ((1 - x * x) * dp * dp);
            // x runs from near +1 downwards; store ascending alphas symmetric about 1/2
            alphas[n - 1 - i] = (x + 1) / 2;
            alphas[i] = (1 - x) / 2;
            weights[n - 1 - i] = w / 2;
            weights[i] = w / 2;
        }
        if (n % 2 == 1) alphas[n / 2] = 0.5;
    }
}
