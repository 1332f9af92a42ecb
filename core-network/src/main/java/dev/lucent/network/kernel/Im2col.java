package dev.lucent.network.kernel;

import java.util.Arrays;

/**
 * Unfolds one channel group of a batch into columns for convolution as a matrix product, and folds
 * column gradients back. Layout: x [n, c, s] (s flat spatial), col [cg * kk, n * p]. Both walk the
 * window table as runs ({@link Windows#runs}): a run is one block copy or add (a row of output positions
 * reads a row of input positions), instead of a table look-up and a padding test per value.
 */
public final class Im2col {
    private Im2col() {
    }

    /** col[(ci * kk + k), b * p + q] = x[b, c0 + ci, index[q * kk + k]] (0 in padding). */
    public static void unfold(float[] x, int n, int c, int c0, int cg, Windows win, float[] col) {
        int s = win.inSize, p = win.outSize, kk = win.kernelSize, np = n * p;
        int[] runs = win.runs, start = win.runStart;
        for (int ci = 0; ci < cg; ci++)
            for (int k = 0; k < kk; k++) {
                int row = (ci * kk + k) * np;
                for (int b = 0; b < n; b++) {
                    int xb = (b * c + c0 + ci) * s;
                    int cb = row + b * p;
                    for (int r = start[k]; r < start[k + 1]; r++) {
                        int q = runs[3 * r], len = runs[3 * r + 1], idx = runs[3 * r + 2];
                        if (idx < 0) Arrays.fill(col, cb + q, cb + q + len, 0f);
                        else System.arraycopy(x, xb + idx, col, cb + q, len);
                    }
                }
            }
    }

    /**
     * The adjoint of {@link #unfold}: dx[b, c0 + ci, index[q * kk + k]] += dcol[...], in a fixed order (ci, k,
     * b, q ascending; the same as one value at a time).
     */
    public static void fold(float[] dcol, int n, int c, int c0, int cg, Windows win, float[] dx) {
        int s = win.inSize, p = win.outSize, kk = win.kernelSize, np = n * p;
        int[] runs = win.runs, start = win.runStart;
        for (int ci = 0; ci < cg; ci++)
            for (int k = 0; k < kk; k++) {
                int row = (ci * kk + k) * np;
                for (int b = 0; b < n; b++) {
                    int xb = (b * c + c0 + ci) * s;
                    int cb = row + b * p;
                    for (int r = start[k]; r < start[k + 1]; r++) {
                        int idx = runs[3 * r + 2];
                        if (idx < 0) continue;
                        addRun(dcol, cb + runs[3 * r], dx, xb + idx, runs[3 * r + 1]);
                    }
                }
            }
    }

    /** dst[d .. d + len) += src[sOff ..]: a plain loop C2 vectorizes. */
    private static void addRun(float[] src, int sOff, float[] dst, int d, int len) {
        for (int i = 0; i < len; i++) dst[d + i] += src[sOff + i];
    }
}
