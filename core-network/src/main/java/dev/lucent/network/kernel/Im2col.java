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
        unfold(x, n, c, c0, cg, win, col, 0);
    }

    /** As {@link #unfold(float[], int, int, int, int, Windows, float[])}, the columns written from {@code colOff} on. */
    public static void unfold(float[] x, int n, int c, int c0, int cg, Windows win, float[] col, int colOff) {
        int s = win.inSize, p = win.outSize, kk = win.kernelSize, np = n * p;
        int[] runs = win.runs, start = win.runStart;
        for (int ci = 0; ci < cg; ci++)
            for (int k = 0; k < kk; k++) {
                int row = colOff + (ci * kk + k) * np;
                for (int b = 0; b < n; b++) {
                    int xb = (b * c + c0 + ci) * s;
                    int cb = row + b * p;
                    for (int r = start[k]; r < start[k + 1]; r++) {
                        int q = runs[3 * r], len = runs[3 * r + 1], idx = runs[3 * r + 2];
                        if (idx < 0) {
                            // a 3x3 window's padding is mostly one-value runs at row ends: a call each costs more than the store
                            if (len <= 8) for (int i = cb + q; i < cb + q + len; i++) col[i] = 0f;
                            else Arrays.fill(col, cb + q, cb + q + len, 0f);
                        }
                        else System.arraycopy(x, xb + idx, col, cb + q, len);
                    }
                }
            }
    }

    /**
     * The adjoint of {@link #unfold}: dx[b, c0 + ci, index[q * kk + k]] += dcol[...]. Each value of dx gets its
     * terms in increasing k, as when adding one value at a time; within one k the images take turns run by
     * run, so consecutive vector adds touch different planes (one image's next run starts a row later and
     * would reload what the last store just wrote, which stalls).
     */
    public static void fold(float[] dcol, int n, int c, int c0, int cg, Windows win, float[] dx) {
        int s = win.inSize, p = win.outSize, kk = win.kernelSize, np = n * p;
        int[] runs = win.runs, start = win.runStart;
        boolean wide = MatMul.VECTORIZED;
        for (int ci = 0; ci < cg; ci++)
            for (int k = 0; k < kk; k++) {
                int row = (ci * kk + k) * np;
                for (int r = start[k]; r < start[k + 1]; r++) {
                    int q = runs[3 * r], len = runs[3 * r + 1], idx = runs[3 * r + 2];
                    if (idx < 0) continue;
                    boolean room = wide && ((n - 1) * c + c0 + ci) * s + idx + len + VectorElementwise.overhang(len) <= dx.length
                            && row + (n - 1) * p + q + len + VectorElementwise.overhang(len) <= dcol.length;
                    for (int b = 0; b < n; b++) {
                        int d = (b * c + c0 + ci) * s + idx, so = row + b * p + q;
                        if (room) VectorElementwise.addRun(dcol, so, dx, d, len);
                        else addRun(dcol, so, dx, d, len);
                    }
                }
            }
    }

    /** dst[d .. d + len) += src[sOff ..]: a plain loop C2 vectorizes. */
    private static void addRun(float[] src, int sOff, float[] dst, int d, int len) {
        for (int i = 0; i < len; i++) dst[d + i] += src[sOff + i];
    }
}
