package dev.lucent.network.kernel;

/** Softmax and log-softmax along the middle axis of [outer, len, inner], shifted by the maximum. */
public final class Softmax {
    private Softmax() {
    }

    public static void forward(float[] x, float[] y, int outer, int len, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) m = Math.max(m, x[base + j * inner]);
                double s = 0;
                for (int j = 0; j < len; j++) s += Math.exp(x[base + j * inner] - m);
                if (log) {
                    float ls = (float) Math.log(s);
                    for (int j = 0; j < len; j++) y[base + j * inner] = x[base + j * inner] - m - ls;
                } else {
                    for (int j = 0; j < len; j++) y[base + j * inner] = (float) (Math.exp(x[base + j * inner] - m) / s);
                }
            }
        }
    }

    /** dx += J^T g: softmax y (g - sum(g y)); log-softmax g - e^y sum(g). */
    public static void backward(float[] y, float[] g, float[] dx, int outer, int len, int inner, boolean log) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double s = 0;
                if (log) {
                    for (int j = 0; j < len; j++) s += g[base + j * inner];
                    for (int j = 0; j < len; j++) {
                        int p = base + j * inner;
                        dx[p] += (float) (g[p] - Math.exp(y[p]) * s);
                    }
                } else {
                    for (int j = 0; j < len; j++) s += g[base + j * inner] * y[base + j * inner];
                    for (int j = 0; j < len; j++) {
                        int p = base + j * inner;
                        dx[p] += (float) (y[p] * (g[p] - s));
                    }
                }
            }
        }
    }
}
