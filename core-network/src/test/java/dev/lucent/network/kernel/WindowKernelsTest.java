package dev.lucent.network.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The run-based im2col, the vector max-pool and the vector ReLU backward against plain table-driven loops,
 * bit for bit: with padding, strides, dilation, ties, signed zeros and NaNs.
 */
class WindowKernelsTest {

    /** {in h, in w, kernel, stride, pad, dilation} */
    private static final int[][] GEOMETRIES = {
            {28, 28, 3, 1, 0, 1}, {13, 13, 3, 1, 0, 1}, {26, 26, 2, 2, 0, 1}, {11, 11, 2, 2, 0, 1},
            {12, 12, 3, 1, 1, 1}, {9, 14, 3, 2, 1, 1}, {10, 10, 3, 1, 2, 2}, {7, 5, 2, 3, 0, 1}, {5, 6, 5, 1, 0, 1}};

    private static Windows windows(int[] g) {
        return new Windows(new int[]{g[0], g[1]}, new int[]{g[2], g[2]}, new int[]{g[3], g[3]}, new int[]{g[4], g[4]},
                new int[]{g[4], g[4]}, new int[]{g[5], g[5]}, false);
    }

    /** Few distinct values (many ties), signed zeros, and now and then a NaN. */
    private static float[] values(long seed, int n, boolean nans) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(9);
            v[i] = k == 0 ? -0f : k == 1 ? 0f : nans && k == 2 && r.nextInt(20) == 0 ? Float.NaN : (float) (r.nextInt(7) - 3);
        }
        return v;
    }

    @Test
    void im2colRunsMatchOneValueAtATime() {
        for (int[] g : GEOMETRIES) {
            Windows win = windows(g);
            int n = 3, c = 4, c0 = 1, cg = 2, s = win.inSize, p = win.outSize, kk = win.kernelSize, np = n * p;
            float[] x = values(g[0] * 31L + g[2], n * c * s, false);
            float[] col = new float[cg * kk * np], ref = new float[col.length];
            java.util.Arrays.fill(col, 9f);
            Im2col.unfold(x, n, c, c0, cg, win, col);
            for (int ci = 0; ci < cg; ci++)
                for (int k = 0; k < kk; k++)
                    for (int b = 0; b < n; b++)
                        for (int q = 0; q < p; q++) {
                            int idx = win.index[q * kk + k];
                            ref[(ci * kk + k) * np + b * p + q] = idx < 0 ? 0f : x[(b * c + c0 + ci) * s + idx];
                        }
            assertArrayEquals(ref, col, "unfold " + java.util.Arrays.toString(g));

            float[] dcol = uniform(g[1] * 7L + g[3], col.length);
            float[] dx = uniform(5, x.length), dxRef = dx.clone();
            Im2col.fold(dcol, n, c, c0, cg, win, dx);
            for (int ci = 0; ci < cg; ci++)
                for (int k = 0; k < kk; k++)
                    for (int b = 0; b < n; b++)
                        for (int q = 0; q < p; q++) {
                            int idx = win.index[q * kk + k];
                            if (idx >= 0) dxRef[(b * c + c0 + ci) * s + idx] += dcol[(ci * kk + k) * np + b * p + q];
                        }
            assertArrayEquals(dxRef, dx, "fold " + java.util.Arrays.toString(g));
        }
    }

    @Test
    void maxPoolMatchesTheScalarLoop() {
        for (int[] g : GEOMETRIES) {
            Windows win = windows(g);
            int planes = 5, s = win.inSize, p = win.outSize, kk = win.kernelSize;
            float[] x = values(g[0] * 17L + g[3], planes * s, true);
            float[] y = new float[planes * p], yRef = new float[planes * p];
            int[] arg = new int[planes * p], argRef = new int[planes * p];
            Pool.maxForward(x, planes, win, y, arg);
            Pool.maxForward(x, 0, planes, s, p, kk, win.index, 0, yRef, argRef);
            assertArrayEquals(argRef, arg, "arg " + java.util.Arrays.toString(g));
            for (int i = 0; i < y.length; i++)
                assertEquals(Float.floatToRawIntBits(yRef[i]), Float.floatToRawIntBits(y[i]), "y[" + i + "] " + java.util.Arrays.toString(g));
        }
    }

    @Test
    void maxPoolSplitAcrossThreadsMatchesTheScalarLoop() {
        // the small CNN's first pool at batch 40: 640 planes of 26x26, 2x2 stride 2, split by planes on 2 threads
        Windows win = new Windows(new int[]{26, 26}, new int[]{2, 2}, new int[]{2, 2}, new int[]{0, 0}, new int[]{0, 0}, new int[]{1, 1}, false);
        int planes = 640, s = win.inSize, p = win.outSize;
        float[] x = values(11, planes * s, true), g = uniform(12, planes * p);
        float[] yRef = new float[planes * p], dxRef = new float[planes * s];
        int[] argRef = new int[planes * p];
        Pool.maxForward(x, 0, planes, s, p, win.kernelSize, win.index, 0, yRef, argRef);
        for (int i = 0; i < g.length; i++) dxRef[argRef[i]] += g[i];
        for (int threads : new int[]{1, 2}) {
            float[] y = new float[planes * p], dx = new float[planes * s];
            int[] arg = new int[planes * p];
            Parallel.withThreads(threads, () -> {
                Pool.maxForward(x, planes, win, y, arg);
                Pool.maxBackward(g, arg, planes, p, dx);
                return null;
            });
            assertArrayEquals(argRef, arg, "arg on " + threads + " threads");
            assertArrayEquals(yRef, y, "y on " + threads + " threads");
            assertArrayEquals(dxRef, dx, "dx on " + threads + " threads");
        }
    }

    @Test
    void reluBackwardMatchesTheScalarLoop() {
        for (int n : new int[]{1, 15, 16, 17, 100, 1000}) {
            float[] x = values(n, n, true), g = uniform(n + 1, n), dx = values(n + 2, n, false);
            float[] ref = dx.clone();
            for (int i = 0; i < n; i++) ref[i] += x[i] > 0f ? g[i] : 0f;
            Unary.RELU.backward(x, null, g, dx, n, 0, 0);
            for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(ref[i]), Float.floatToRawIntBits(dx[i]), "n " + n + " i " + i);
        }
    }

    /** Values uniform in [-1, 1). */
    static float[] uniform(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
