package dev.lucent.network.kernel;

/**
 * Unfolds one channel group of a batch into columns for convolution as a matrix product, and folds
 * column gradients back. Layout: x [n, c, s] (s flat spatial), col [cg * kk, n * p].
 */
public final class Im2col {
    private Im2col() {
    }

    /** col[(ci * kk + k), b * p + q] = x[b, c0 + ci, table[q * kk + k]] (0 in padding). */
    public static void unfold(float[] x, int n, int c, int s, int c0, int cg, int[] table, int p, int kk, float[] col) {
        int np = n * p;
        for (int ci = 0; ci < cg; ci++)
            for (int k = 0; k < kk; k++) {
                int row = (ci * kk + k) * np;
                for (int b = 0; b < n; b++) {
                    int xb = (b * c + c0 + ci) * s;
                    int cb = row + b * p;
                    for (int q = 0; q < p; q++) {
                        int idx = table[q * kk + k];
                        col[cb + q] = idx < 0 ? 0f : x[xb + idx];
                    }
                }
            }
    }

    /** The adjoint of {@link #unfold}: dx[b, c0 + ci, table[q * kk + k]] += dcol[...], in a fixed order. */
    public static void fold(float[] dcol, int n, int c, int s, int c0, int cg, int[] table, int p, int kk, float[] dx) {
        int np = n * p;
        for (int ci = 0; ci < cg; ci++)
            for (int k = 0; k < kk; k++) {
                int row = (ci * kk + k) * np;
                for (int b = 0; b < n; b++) {
                    int xb = (b * c + c0 + ci) * s;
                    int cb = row + b * p;
                    for (int q = 0; q < p; q++) {
                        int idx = table[q * kk + k];
                        if (idx >= 0) dx[xb + idx] += dcol[cb + q];
                    }
                }
            }
    }
}
