package dev.lucent.network.kernel;

/** Max and average pooling over planes of flat spatial size s, through a {@link Windows} table. */
public final class Pool {
    private Pool() {
    }

    /** y[pl, q] = max over the window (padding never wins); arg records the input index, -1 for an all-padding window. */
    public static void maxForward(float[] x, int planes, int s, int p, int kk, int[] table, float[] y, int[] arg) {
        for (int pl = 0; pl < planes; pl++) {
            int xb = pl * s;
            for (int q = 0; q < p; q++) {
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
