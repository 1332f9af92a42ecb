package dev.lucent.network.kernel;

import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The convolution kernels (direct depthwise, 1x1 as a plain product, im2col per sample) against the definition
 * written as a naive loop in double: forward, input gradient and weight gradient, for groups, depthwise with
 * and without a channel multiplier, strides, dilations, asymmetric padding, batches; and the same bits on 1 and
 * 2 threads.
 */
class ConvKernelsTest {

    /** {n, c, o, h, w, kh, kw, stride h, stride w, pad top, pad left, pad bottom, pad right, dilation h, dilation w, groups} */
    private static final int[][] CASES = {
            {2, 8, 8, 9, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 8},      // depthwise 3x3, same padding
            {1, 6, 6, 11, 10, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 6},    // depthwise stride 2
            {3, 4, 8, 8, 7, 3, 3, 1, 2, 2, 0, 1, 2, 2, 1, 4},      // depthwise, multiplier 2, dilation, uneven pads
            {2, 5, 5, 7, 7, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 5},      // depthwise 5x5 (EfficientNet)
            // strides along rows read the plane split into column phases
            {2, 4, 4, 11, 11, 5, 5, 2, 2, 2, 2, 2, 2, 1, 1, 4},    // depthwise 5x5 stride 2 (EfficientNet)
            {1, 6, 6, 13, 14, 3, 3, 2, 3, 1, 2, 1, 2, 1, 2, 6},    // depthwise stride 3, dilated columns, left pad 2
            {1, 3, 6, 10, 9, 3, 3, 1, 2, 0, 1, 1, 0, 1, 1, 3},     // multiplier 2, stride 2 along rows only, odd width
            {2, 32, 32, 21, 21, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 32}, // strided planes split across threads
            {2, 4, 8, 9, 8, 3, 2, 1, 1, 2, 1, 0, 3, 2, 3, 4},      // depthwise stride 1, multiplier 2, dilated, uneven pads
            {2, 12, 10, 6, 5, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1},    // 1x1: the input is the column matrix
            {3, 8, 6, 6, 6, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2},      // grouped 1x1 (ShuffleNet v1)
            {1, 6, 4, 9, 9, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1},      // 1x1 stride 2 (ResNet downsample)
            {2, 6, 9, 10, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},     // 3x3 same
            {2, 6, 6, 12, 11, 3, 2, 2, 1, 0, 1, 2, 0, 2, 3, 3},    // grouped, strided, dilated, uneven pads
            {4, 3, 5, 15, 15, 7, 7, 2, 2, 3, 3, 3, 3, 1, 1, 1},    // 7x7 stem
            {1, 2, 3, 3, 3, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1},      // one output position
            // few positions, large weights: the input gradient transposes the output gradient instead of the weight
            {1, 16, 16, 4, 4, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1},
            {1, 64, 64, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2},
            // large enough to be split across threads: depthwise planes, one sample's unfold and GEMM rows
            {2, 32, 32, 20, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 32},
            {1, 32, 32, 20, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},
            {1, 64, 64, 20, 20, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1},
            // weight gradients over blocks of samples (ConvKernels.weightBlock): 2 + 1 samples; 21 + 9 (one channel, K = 9)
            {3, 16, 8, 20, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},
            {30, 1, 4, 28, 28, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1},
            {5, 8, 4, 40, 40, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 2},    // grouped, 2 + 2 + 1 samples
            {8, 4, 16, 34, 34, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},   // bias gradient's channels split across threads
    };

    @Test
    void forwardAndGradientsMatchTheDefinition() {
        for (int[] t : CASES) {
            int n = t[0], c = t[1], o = t[2], h = t[3], wd = t[4], kh = t[5], kw = t[6], groups = t[15];
            int[] stride = {t[7], t[8]}, padBegin = {t[9], t[10]}, padEnd = {t[11], t[12]}, dil = {t[13], t[14]};
            String name = Arrays.toString(t);
            float[] x = WindowKernelsTest.uniform(Arrays.hashCode(t), n * c * h * wd), w = WindowKernelsTest.uniform(7, o * (c / groups) * kh * kw), b = WindowKernelsTest.uniform(8, o);
            Naive ref = new Naive(n, c, o, h, wd, kh, kw, stride, padBegin, dil, groups, x, w, b);
            int oh = (h + padBegin[0] + padEnd[0] - dil[0] * (kh - 1) - 1) / stride[0] + 1;
            int ow = (wd + padBegin[1] + padEnd[1] - dil[1] * (kw - 1) - 1) / stride[1] + 1;
            float[] g = WindowKernelsTest.uniform(9, n * o * oh * ow);
            float[][] one = null;
            for (int threads : new int[]{1, 2}) {
                float[][] r = Parallel.withThreads(threads, () -> {
                    Tensor xt = Tensor.of(x.clone(), n, c, h, wd).requireGrad(), wt = Tensor.of(w.clone(), o, c / groups, kh, kw).requireGrad();
                    Tensor bt = Tensor.of(b.clone(), o).requireGrad();
                    Tensor y = xt.conv(wt, bt, stride, padBegin, padEnd, dil, groups);
                    assertArrayEquals(new int[]{n, o, oh, ow}, y.shape(), name);
                    y.backward(Tensor.of(g.clone(), n, o, oh, ow));
                    return new float[][]{y.toArray(), xt.grad().toArray(), wt.grad().toArray(), bt.grad().toArray()};
                });
                close(ref.forward(oh, ow), r[0], "forward " + name);
                close(ref.inputGradient(oh, ow, g), r[1], "input gradient " + name);
                close(ref.weightGradient(oh, ow, g), r[2], "weight gradient " + name);
                close(ref.biasGradient(oh, ow, g), r[3], "bias gradient " + name);
                if (one == null) one = r;
                else for (int i = 0; i < 4; i++) assertArrayEquals(one[i], r[i], "1 and 2 threads differ (" + i + ") " + name);
            }
        }
    }

    @Test
    void weightGradientBlocksDependOnShapesOnly() {
        assertEquals(2, ConvKernels.weightBlock(3, 144, 400));
        assertEquals(21, ConvKernels.weightBlock(30, 9, 676));
        assertEquals(2, ConvKernels.weightBlock(5, 36, 38 * 38));
        assertEquals(1, ConvKernels.weightBlock(4, 4608, 49)); // a deep layer: one sample a block, as before
        assertEquals(3, ConvKernels.weightBlock(3, 9, 10)); // never more than the batch
    }

    @Test
    void depthwiseKernelAppliesOnlyToOneChannelPerGroupIn2d() {
        Windows w2 = new Windows(new int[]{5, 5}, new int[]{3, 3}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, false);
        Windows w1 = new Windows(new int[]{5}, new int[]{3}, new int[]{1}, new int[]{1}, new int[]{1}, new int[]{1}, false);
        assertTrue(ConvKernels.depthwise(4, 4, w2));
        assertEquals(false, ConvKernels.depthwise(4, 2, w2));
        assertEquals(false, ConvKernels.depthwise(4, 4, w1));
        assertTrue(new Windows(new int[]{4, 3}, new int[]{1, 1}, new int[]{1, 1}, new int[]{0, 0}, new int[]{0, 0}, new int[]{1, 1}, false).identity);
        assertEquals(false, new Windows(new int[]{4, 3}, new int[]{1, 1}, new int[]{2, 1}, new int[]{0, 0}, new int[]{0, 0}, new int[]{1, 1}, false).identity);
    }

    /** Within float32 rounding of the double-precision definition: relative to the largest magnitude of the result. */
    private static void close(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 1e-30;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < want.length; i++)
            if (Math.abs(want[i] - got[i]) > 1e-5 * scale)
                throw new AssertionError(what + ": at " + i + " expected " + want[i] + " got " + got[i]);
    }


    /** The definition: y[b, oc, i, j] = bias[oc] + sum over ci in the group, ki, kj of x[b, ci, i*s - p + ki*d, ...] w[...]. */
    private record Naive(int n, int c, int o, int h, int wd, int kh, int kw, int[] s, int[] p, int[] d, int groups,
                         float[] x, float[] w, float[] b) {
        /** Calls {@code f(outIndex, inIndex, weightIndex)} for every product of the convolution. */
        private void each(int oh, int ow, Term f) {
            int cg = c / groups, og = o / groups;
            for (int bi = 0; bi < n; bi++)
                for (int oc = 0; oc < o; oc++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++)
                            for (int ci = 0; ci < cg; ci++)
                                for (int ki = 0; ki < kh; ki++)
                                    for (int kj = 0; kj < kw; kj++) {
                                        int ih = i * s[0] - p[0] + ki * d[0], iw = j * s[1] - p[1] + kj * d[1];
                                        if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                        int cin = oc / og * cg + ci;
                                        f.at(((bi * o + oc) * oh + i) * ow + j, ((bi * c + cin) * h + ih) * wd + iw, ((oc * cg + ci) * kh + ki) * kw + kj);
                                    }
        }

        double[] forward(int oh, int ow) {
            double[] y = new double[n * o * oh * ow];
            for (int i = 0; i < y.length; i++) y[i] = b[i / (oh * ow) % o];
            each(oh, ow, (yi, xi, wi) -> y[yi] += (double) x[xi] * w[wi]);
            return y;
        }

        double[] inputGradient(int oh, int ow, float[] g) {
            double[] dx = new double[x.length];
            each(oh, ow, (yi, xi, wi) -> dx[xi] += (double) g[yi] * w[wi]);
            return dx;
        }

        double[] weightGradient(int oh, int ow, float[] g) {
            double[] dw = new double[w.length];
            each(oh, ow, (yi, xi, wi) -> dw[wi] += (double) g[yi] * x[xi]);
            return dw;
        }

        double[] biasGradient(int oh, int ow, float[] g) {
            double[] db = new double[o];
            for (int i = 0; i < g.length; i++) db[i / (oh * ow) % o] += g[i];
            return db;
        }
    }

    private interface Term {
        void at(int outIndex, int inIndex, int weightIndex);
    }
}
