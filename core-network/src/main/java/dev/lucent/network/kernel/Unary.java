package dev.lucent.network.kernel;

/**
 * Element-wise unary primitives: each constant holds its forward kernel and its local derivative,
 * side by side. {@code backward} accumulates {@code dx += g * f'(x)}; y is the forward output.
 * Parameters p, q are op-specific (slope, alpha, exponent, bounds) and ignored otherwise.
 */
public enum Unary {
    NEG {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = -x[i];
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] -= g[i];
        }
    },
    EXP {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.exp(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += g[i] * y[i];
        }
    },
    LOG {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.log(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += g[i] / x[i];
        }
    },
    SQRT {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.sqrt(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += g[i] * 0.5f / y[i];
        }
    },
    ABS {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = Math.abs(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += x[i] > 0 ? g[i] : x[i] < 0 ? -g[i] : 0f;
        }
    },
    /** x^p for a constant exponent p. */
    POW {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            if (p == 2f) for (int i = 0; i < n; i++) y[i] = x[i] * x[i];
            else for (int i = 0; i < n; i++) y[i] = (float) Math.pow(x[i], p);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            if (p == 2f) for (int i = 0; i < n; i++) dx[i] += g[i] * 2f * x[i];
            else for (int i = 0; i < n; i++) dx[i] += (float) (g[i] * p * Math.pow(x[i], p - 1));
        }
    },
    /** min(max(x, p), q); the gradient passes where p <= x <= q. */
    CLAMP {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = Math.min(Math.max(x[i], p), q);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            if (MatMul.VECTORIZED) VectorElementwise.clampBackward(x, p, q, g, dx, n);
            else for (int i = 0; i < n; i++) if (x[i] >= p && x[i] <= q) dx[i] += g[i];
        }
    },
    RELU {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = Math.max(x[i], 0f); // vectorizes; NaN stays NaN
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            if (MatMul.VECTORIZED) VectorElementwise.reluBackward(x, g, dx, n);
            else for (int i = 0; i < n; i++) dx[i] += x[i] > 0f ? g[i] : 0f;
        }
    },
    /** slope p for x <= 0. */
    LEAKY_RELU {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = x[i] > 0f ? x[i] : p * x[i];
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += x[i] > 0f ? g[i] : p * g[i];
        }
    },
    /** alpha p: p (e^x - 1) for x <= 0. */
    ELU {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = x[i] > 0f ? x[i] : (float) (p * Math.expm1(x[i]));
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += x[i] > 0f ? g[i] : g[i] * (y[i] + p);
        }
    },
    /** The error function (ONNX Erf; exported GELUs are built from it). */
    ERF {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) erf(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += (float) (g[i] * TWO_OVER_SQRT_PI * Math.exp(-(double) x[i] * x[i]));
        }
    },
    /** x Phi(x) with the exact normal CDF. */
    GELU {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) (x[i] * phiCdf(x[i]));
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) {
                double v = x[i];
                dx[i] += (float) (g[i] * (phiCdf(v) + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI));
            }
        }
    },
    /** The tanh approximation of GELU (ONNX approximate="tanh"). */
    GELU_TANH {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) {
                double v = x[i];
                y[i] = (float) (0.5 * v * (1 + Math.tanh(SQRT_2_PI * (v + 0.044715 * v * v * v))));
            }
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) {
                double v = x[i];
                double t = Math.tanh(SQRT_2_PI * (v + 0.044715 * v * v * v));
                double d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * SQRT_2_PI * (1 + 3 * 0.044715 * v * v);
                dx[i] += (float) (g[i] * d);
            }
        }
    },
    SIGMOID {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = sigmoid(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += g[i] * y[i] * (1f - y[i]);
        }
    },
    TANH {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.tanh(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += g[i] * (1f - y[i] * y[i]);
        }
    },
    /** log(1 + e^x), computed without overflow. */
    SOFTPLUS {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) {
                float v = x[i];
                y[i] = (float) (Math.max(v, 0f) + Math.log1p(Math.exp(-Math.abs(v))));
            }
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
            for (int i = 0; i < n; i++) dx[i] += g[i] * sigmoid(x[i]);
        }
    },
    /** Rounding and sign are steps: their derivative is zero almost everywhere, so nothing flows back. */
    FLOOR {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.floor(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
        }
    },
    CEIL {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.ceil(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
        }
    },
    /** Halves to even, as ONNX's Round and numpy. */
    ROUND {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = (float) Math.rint(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
        }
    },
    SIGN {
        public void forward(float[] x, float[] y, int n, float p, float q) {
            for (int i = 0; i < n; i++) y[i] = Math.signum(x[i]);
        }

        public void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q) {
        }
    };

    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2_PI = Math.sqrt(2 / Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    public abstract void forward(float[] x, float[] y, int n, float p, float q);

    public abstract void backward(float[] x, float[] y, float[] g, float[] dx, int n, float p, float q);

    public static float sigmoid(float v) {
        if (v >= 0) return (float) (1.0 / (1.0 + Math.exp(-v)));
        double e = Math.exp(v);
        return (float) (e / (1.0 + e));
    }

    /** Standard normal CDF via erf. */
    static double phiCdf(double x) {
        return 0.5 * (1 + erf(x / Math.sqrt(2)));
    }

    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax > 6) return Math.signum(x);
        double t = 1 / (1 + 0.3275911 * ax);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-ax * ax);
        // Abramowitz-Stegun 7.1.26: absolute error below 1.5e-7, about float32 resolution of the result.
        return x < 0 ? -y : y;
    }
}
