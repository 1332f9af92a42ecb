package dev.lucent.network.kernel;

/** Max and average pooling over planes of flat spatial size s, through a {@link Windows} table. */
public final class Pool {
    private Pool() {
    }

    /** y[pl, q] = max over the window (padding never wins); arg records the input index, -1 for an all-padding window. */
    public static void maxForward(float[] x, int planes, Windows win, float[] y, int[] arg) {
        int s = win.inSize, p = win.outSize, kk = win.kernelSize;
        int[] table = win.index;
        if (!MatMul.VECTORIZED || !win.noPadding || p == 0) {
            maxForward(x, 0, planes, s, p, kk, table, 0, y, arg);
            return;
        }
        // the scalar loop's compare is a branch on data, mispredicted about half the time: L windows at once
        int[] off = new int[kk];
        for (int k = 0; k < kk; k++) off[k] = table[k] - table[0];
        int ow = win.outSpatial[win.outSpatial.length - 1], sw = ow > 1 ? table[kk] - table[0] : 1;
        int wide = VectorElementwise.wideSize(p, ow, sw);
        float[] wideV = new float[wide], wideK = new float[wide];
        for (int pl = 0; pl < planes; pl++)
            if (!VectorElementwise.maxPlane(x, pl * s, p, kk, ow, table, off, y, arg, pl * p, wideV, wideK))
                maxForward(x, pl, pl + 1, s, p, kk, table, 0, y, arg); // the last plane's last vector would read past x
    }

    /** The scalar form over planes [pl0, pl1) and output positions from q0. */
    static void maxForward(float[] x, int pl0, int pl1, int s, int p, int kk, int[] table, int q0, float[] y, int[] arg) {
        for (int pl = pl0; pl < pl1; pl++) {
            int xb = pl * s;
            for (int q = q0; q < p; q++) {
                float best = Float.NEGATIVE_INFINITY;
                int bi = -1;
                for (int k = 0; k < kk; k++) {
                    int idx = table[q * kk + k];
                    if (idx >= 0 && (bi < 0 || x[xb + idx] > best)) {
                        best = x[xb + idx];
                        bi = xb + idx;
                    }
                }
                y[pl * p + q] = bi < 0 ? 0f : best;
                arg[pl * p + q] = bi;
            }
        }
    }

    public static void maxBackward(float[] g, int[] arg, float[] dx) {
        for (int i = 0; i < g.length; i++) if (arg[i] >= 0) dx[arg[i]] += g[i];
    }

    /** Per-window divisors: the window size, or the count of non-padding entries. */
    public static float[] avgScale(int p, int kk, int[] table, boolean countIncludePad) {
        float[] scale = new float[p];
        for (int q = 0; q < p; q++) {
            int valid = 0;
            for (int k = 0; k < kk; k++) if (table[q * kk + k] >= 0) valid++;
            scale[q] = countIncludePad ? 1f / kk : valid == 0 ? 0f : 1f / valid;
        }
        return scale;
    }

    public static void avgForward(float[] x, int planes, int s, int p, int kk, int[] table, float[] scale, float[] y) {
        for (int pl = 0; pl < planes; pl++) {
            int xb = pl * s;
            for (int q = 0; q < p; q++) {
                float acc = 0f;
                for (int k = 0; k < kk; k++) {
                    int idx = table[q * kk + k];
                    if (idx >= 0) acc += x[xb + idx];
                }
                y[pl * p + q] = acc * scale[q];
            }
        }
    }

    public static void avgBackward(float[] g, int planes, int s, int p, int kk, int[] table, float[] scale, float[] dx) {
        for (int pl = 0; pl < planes; pl++)
            for (int q = 0; q < p; q++) {
                float gv = g[pl * p + q] * scale[q];
                for (int k = 0; k < kk; k++) {
                    int idx = table[q * kk + k];
                    if (idx >= 0) dx[pl * s + idx] += gv;
                }
            }
    }
}
