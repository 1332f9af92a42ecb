package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.Windows;

import java.util.Arrays;

/** N-d max and average pooling over [N, C, spatial...] with the shared window table. */
final class Pooling {
    private Pooling() {
    }

    static Tensor pool(Tensor x, boolean max, int[] kernel, int[] stride, int[] padBegin, int[] padEnd, int[] dilation,
                       boolean ceilMode, boolean countIncludePad) {
        long t0 = Tensor.tick();
        int d = x.rank() - 2;
        if (d < 1) throw new IllegalArgumentException("pooling input must be [N, C, spatial...], got " + Arrays.toString(x.shape));
        Windows win = new Windows(Arrays.copyOfRange(x.shape, 2, x.rank()), kernel, stride, padBegin, padEnd, dilation, ceilMode);
        int planes = x.shape[0] * x.shape[1], s = win.inSize, p = win.outSize, kk = win.kernelSize;
        int[] table = win.index;
        float[] xs = x.dense();
        float[] y = StepArena.alloc(planes * p);
        int[] arg = max ? new int[planes * p] : null;
        float[] scale = new float[p];
        if (!max) {
            for (int q = 0; q < p; q++) {
                int valid = 0;
                for (int k = 0; k < kk; k++) if (table[q * kk + k] >= 0) valid++;
                scale[q] = countIncludePad ? 1f / kk : valid == 0 ? 0f : 1f / valid;
            }
        }
        for (int pl = 0; pl < planes; pl++) {
            int xb = pl * s;
            for (int q = 0; q < p; q++) {
                if (max) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bi = -1;
                    for (int k = 0; k < kk; k++) {
                        int idx = table[q * kk + k];
                        if (idx >= 0 && (bi < 0 || xs[xb + idx] > best)) {
                            best = xs[xb + idx];
                            bi = xb + idx;
                        }
                    }
                    y[pl * p + q] = bi < 0 ? 0f : best;
                    arg[pl * p + q] = bi;
                } else {
                    float acc = 0f;
                    for (int k = 0; k < kk; k++) {
                        int idx = table[q * kk + k];
                        if (idx >= 0) acc += xs[xb + idx];
                    }
                    y[pl * p + q] = acc * scale[q];
                }
            }
        }
        int[] outShape = new int[d + 2];
        outShape[0] = x.shape[0];
        outShape[1] = x.shape[1];
        System.arraycopy(win.outSpatial, 0, outShape, 2, d);
        return Tensor.result(max ? "max_pool" : "avg_pool", (long) planes * p * kk, t0, y, outShape, g -> {
            float[] dx = x.gradBuffer();
            if (max) {
                for (int i = 0; i < g.length; i++) if (arg[i] >= 0) dx[arg[i]] += g[i];
            } else {
                for (int pl = 0; pl < planes; pl++)
                    for (int q = 0; q < p; q++) {
                        float gv = g[pl * p + q] * scale[q];
                        for (int k = 0; k < kk; k++) {
                            int idx = table[q * kk + k];
                            if (idx >= 0) dx[pl * s + idx] += gv;
                        }
                    }
            }
        }, x);
    }
}
