package dev.lucent.network.kernel;

import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Winograd's F(2x2, 3x3) through the engine's convolution (Tensor.conv, so the dispatch is checked too) against the
 * definition in double on odd shapes: each output within float32 rounding relative to the sum of |w||x| it adds
 * (the transforms add inputs before the product, so the error scales with that sum, not with the result); the input
 * gradient against the definition's adjoint and by the identity {@code <conv(x), g> = <x, conv^T(g)>} in double;
 * the same bits on 1 and 2 threads.
 */
class WinogradTest {
    /** Per output, |error| <= TOL * sum |w||x| (+ |bias|): float32 epsilon is 1.2e-7; measured at most 1.8e-7. */
    private static final double TOL = 1e-6;

    /** {n, c, o, h, w, pad top, pad left, pad bottom, pad right, groups}: channels not multiples of a vector, at least 64 in and 32 out, maps of 20x20 or more (the rule). */
    private static final int[][] CASES = {
            {1, 65, 35, 21, 23, 1, 1, 1, 1, 1},  // odd sizes, same padding
            {3, 64, 37, 23, 22, 0, 0, 0, 0, 1},  // batch 3 (split by samples), no padding, odd output height
            {1, 66, 32, 20, 21, 2, 2, 2, 2, 1},  // padding 2 (the adjoint's padding 0)
            {3, 67, 33, 22, 20, 2, 0, 1, 2, 1},  // uneven padding
            {2, 130, 68, 20, 21, 1, 1, 1, 1, 2}, // two groups of 65 -> 34
            {1, 65, 40, 15, 14, 1, 1, 1, 1, 1},  // 15x14: the input gradient only (asserted below)
    };

    @Test
    void forwardAndInputGradientMatchTheDefinitionOnOddShapes() {
        for (int[] t : CASES) {
            int n = t[0], c = t[1], o = t[2], h = t[3], wd = t[4], groups = t[9];
            int[] padBegin = {t[5], t[6]}, padEnd = {t[7], t[8]};
            int oh = h + t[5] + t[7] - 2, ow = wd + t[6] + t[8] - 2;
            String name = Arrays.toString(t);
            Windows win = new Windows(new int[]{h, wd}, new int[]{3, 3}, new int[]{1, 1}, padBegin, padEnd, new int[]{1, 1}, false);
            assertTrue(Winograd.forwardApplies(c / groups, o / groups, win) == (oh * ow >= 400) && Winograd.backwardApplies(c / groups, o / groups, win),
                    "the case runs through Winograd (the forward from 400 outputs on): " + name);
            float[] x = WindowKernelsTest.uniform(Arrays.hashCode(t), n * c * h * wd);
            float[] w = WindowKernelsTest.uniform(11, o * (c / groups) * 9), b = WindowKernelsTest.uniform(12, o);
            float[] g = WindowKernelsTest.uniform(13, n * o * oh * ow);
            float[][] first = null;
            for (int threads : new int[]{1, 2}) {
                float[][] r = Parallel.withThreads(threads, () -> {
                    Tensor xt = Tensor.of(x.clone(), n, c, h, wd).requireGrad();
                    Tensor y = xt.conv(Tensor.of(w.clone(), o, c / groups, 3, 3), Tensor.of(b.clone(), o),
                            new int[]{1, 1}, padBegin, padEnd, new int[]{1, 1}, groups);
                    y.backward(Tensor.of(g.clone(), n, o, oh, ow));
                    return new float[][]{y.toArray(), xt.grad().toArray()};
                });
                if (first == null) first = r;
                else for (int i = 0; i < 2; i++) assertArrayEquals(first[i], r[i], "1 and 2 threads differ (" + i + ") " + name);
            }
            double[][] yRef = new double[2][n * o * oh * ow], dxRef = new double[2][x.length];
            int cg = c / groups, og = o / groups;
            for (int bi = 0; bi < n; bi++)
                for (int oc = 0; oc < o; oc++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++) {
                            int yi = ((bi * o + oc) * oh + i) * ow + j;
                            yRef[0][yi] += b[oc];
                            yRef[1][yi] += Math.abs(b[oc]);
                            for (int ci = 0; ci < cg; ci++)
                                for (int ki = 0; ki < 3; ki++)
                                    for (int kj = 0; kj < 3; kj++) {
                                        int ih = i - t[5] + ki, iw = j - t[6] + kj;
                                        if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                        int xi = ((bi * c + oc / og * cg + ci) * h + ih) * wd + iw;
                                        double wv = w[((oc * cg + ci) * 3 + ki) * 3 + kj];
                                        yRef[0][yi] += wv * x[xi];
                                        yRef[1][yi] += Math.abs(wv * x[xi]);
                                        dxRef[0][xi] += wv * g[yi];
                                        dxRef[1][xi] += Math.abs(wv * g[yi]);
                                    }
                        }
            within(yRef, first[0], "forward " + name);
            within(dxRef, first[1], "input gradient " + name);
            // the adjoint identity, in double over the float results: <conv(x) - bias, g> = <x, conv^T(g)>
            double lhs = 0, rhs = 0, scale = 0;
            for (int i = 0; i < g.length; i++) {
                lhs += ((double) first[0][i] - b[i / (oh * ow) % o]) * g[i];
                scale += yRef[1][i] * Math.abs(g[i]);
            }
            for (int i = 0; i < x.length; i++) rhs += (double) x[i] * first[1][i];
            assertTrue(Math.abs(lhs - rhs) <= 2 * TOL * scale, name + ": <conv x, g> " + lhs + " against <x, conv^T g> " + rhs);
        }
    }

    /** A 2-d 3x3 stride-1 window with 32 channels and 20x20 outputs or more: strides, dilations, other kernels, 1-d windows, fewer than 64 input or 32 output channels and small maps stay on im2col. */
    @Test
    void onlyStrideOneThreeByThreeWindowsWithEnoughChannels() {
        int[] one = {1, 1}, pad = {1, 1};
        assertTrue(Winograd.forwardApplies(64, 64, new Windows(new int[]{28, 28}, new int[]{3, 3}, one, pad, pad, one, false)));
        assertTrue(!Winograd.forwardApplies(64, 64, new Windows(new int[]{28, 28}, new int[]{3, 3}, new int[]{2, 2}, pad, pad, one, false)));
        assertTrue(!Winograd.forwardApplies(64, 64, new Windows(new int[]{28, 28}, new int[]{3, 3}, one, pad, pad, new int[]{2, 2}, false)));
        assertTrue(!Winograd.forwardApplies(64, 64, new Windows(new int[]{28, 28}, new int[]{5, 5}, one, pad, pad, one, false)));
        assertTrue(!Winograd.forwardApplies(64, 64, new Windows(new int[]{28}, new int[]{3}, new int[]{1}, new int[]{1}, new int[]{1}, new int[]{1}, false)));
        Windows small = new Windows(new int[]{14, 14}, new int[]{3, 3}, one, pad, pad, one, false);
        assertTrue(!Winograd.forwardApplies(256, 256, small) && Winograd.backwardApplies(256, 256, small)); // measured so
        assertTrue(!Winograd.backwardApplies(512, 512, small));
        assertTrue(!Winograd.backwardApplies(256, 256, new Windows(new int[]{7, 7}, new int[]{3, 3}, one, pad, pad, one, false)));
        Windows w28 = new Windows(new int[]{28, 28}, new int[]{3, 3}, one, pad, pad, one, false);
        assertTrue(!Winograd.forwardApplies(16, 64, w28) && !Winograd.forwardApplies(32, 128, w28)); // few input channels
        assertTrue(Winograd.backwardApplies(128, 32, w28) && !Winograd.backwardApplies(32, 128, w28)); // DenseNet's, SqueezeNet's
    }

    private static void within(double[][] ref, float[] got, String what) {
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - ref[0][i]);
            if (err > TOL * ref[1][i] + 1e-30)
                throw new AssertionError(what + ": at " + i + " expected " + ref[0][i] + " got " + got[i] + " (sum |w||x| " + ref[1][i] + ")");
            if (ref[1][i] > 0) worst = Math.max(worst, err / ref[1][i]);
        }
        System.out.println("WinogradTest " + what + ": largest |error| / sum |w||x| = " + worst);
    }
}
