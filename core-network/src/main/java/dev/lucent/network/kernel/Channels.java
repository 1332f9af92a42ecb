package dev.lucent.network.kernel;

/**
 * Per-channel affine maps over x [n, c, inner] (a batch norm in evaluation, once its statistics are folded into a
 * scale and a shift): one pass over x instead of four broadcast passes with their expanded copies.
 */
public final class Channels {
    private Channels() {
    }

    /** y[b, ch, i] = x[b, ch, i] * scale[ch] + shift[ch]; planes split across threads. */
    public static void affine(float[] x, float[] scale, float[] shift, int n, int c, int inner, float[] y) {
        Parallel.forRange(n * c, 1, (long) n * c * inner, 1L << 18, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                float s = scale[pl % c], t = shift[pl % c];
                int off = pl * inner;
                for (int i = off; i < off + inner; i++) y[i] = x[i] * s + t;
            }
        });
    }

    /** dx[b, ch, i] += g[b, ch, i] * scale[ch]. */
    public static void scaleInto(float[] g, float[] scale, int n, int c, int inner, float[] dx) {
        Parallel.forRange(n * c, 1, (long) n * c * inner, 1L << 18, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) {
                float s = scale[pl % c];
                int off = pl * inner;
                for (int i = off; i < off + inner; i++) dx[i] += g[i] * s;
            }
        });
    }

    /** out[ch] += the sum over samples (in order) and positions of g, times x when x is given. */
    public static void sumInto(float[] g, float[] x, int n, int c, int inner, float[] out) {
        for (int ch = 0; ch < c; ch++) {
            float acc = 0f;
            for (int b = 0; b < n; b++) {
                int off = (b * c + ch) * inner;
                if (x == null) for (int i = off; i < off + inner; i++) acc += g[i];
                else for (int i = off; i < off + inner; i++) acc += g[i] * x[i];
            }
            out[ch] += acc;
        }
    }
}
