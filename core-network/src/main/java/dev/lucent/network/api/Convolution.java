package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.Im2col;
import dev.lucent.network.kernel.MatMul;
import dev.lucent.network.kernel.Scratch;
import dev.lucent.network.kernel.Windows;

import java.util.Arrays;

/**
 * N-d grouped, strided, dilated convolution by im2col + matrix product, per group over the whole batch:
 * cols [C/g * K, N * P], out_g = W_g [O/g, C/g * K] cols. Backward: dW_g = dOut_g cols^T,
 * dcols = W_g^T dOut_g folded back (col2im) into dX.
 */
final class Convolution {
    private Convolution() {
    }

    static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups) {
        long t0 = Tensor.tick();
        int d = x.rank() - 2;
        if (d < 1) throw new IllegalArgumentException("conv input must be [N, C, spatial...], got " + Arrays.toString(x.shape));
        if (w.rank() != d + 2) throw new IllegalArgumentException("conv weight must be [O, C/groups, kernel...] of rank " + (d + 2) + ", got " + Arrays.toString(w.shape));
        int n = x.shape[0], c = x.shape[1], o = w.shape[0];
        if (groups < 1 || c % groups != 0 || o % groups != 0)
            throw new IllegalArgumentException("groups " + groups + " must divide input channels " + c + " and output channels " + o);
        int cg = c / groups, og = o / groups;
        if (w.shape[1] != cg)
            throw new IllegalArgumentException("conv weight " + Arrays.toString(w.shape) + " expects " + w.shape[1] + " channels per group, input gives " + cg);
        if (bias != null && (bias.rank() != 1 || bias.shape[0] != o))
            throw new IllegalArgumentException("conv bias must be [" + o + "], got " + Arrays.toString(bias.shape));
        int[] inSp = Arrays.copyOfRange(x.shape, 2, x.rank());
        int[] kernel = Arrays.copyOfRange(w.shape, 2, w.rank());
        Windows win = new Windows(inSp, kernel, stride, padBegin, padEnd, dilation, false);
        int s = win.inSize, p = win.outSize, kk = win.kernelSize, ck = cg * kk, np = n * p;
        float[] xs = x.dense(), ws = w.dense(), bs = bias == null ? null : bias.dense();
        float[][] cols = new float[groups][];
        float[] y = StepArena.allocForOverwrite(n * o * p); // both written in full below
        for (int gi = 0; gi < groups; gi++) {
            float[] col = StepArena.allocForOverwrite(ck * np);
            Im2col.unfold(xs, n, c, gi * cg, cg, win, col);
            cols[gi] = col;
            float[] res = Scratch.zeroed(3, og * np);
            MatMul.gemm(og, np, ck, ws, gi * og * ck, col, 0, res, 0);
            for (int oi = 0; oi < og; oi++) {
                float bv = bs == null ? 0f : bs[gi * og + oi];
                for (int b = 0; b < n; b++)
                    for (int q = 0; q < p; q++) y[(b * o + gi * og + oi) * p + q] = res[oi * np + b * p + q] + bv;
            }
        }
        int[] outShape = new int[d + 2];
        outShape[0] = n;
        outShape[1] = o;
        System.arraycopy(win.outSpatial, 0, outShape, 2, d);
        return Tensor.result("conv", 2L * n * o * p * ck, t0, y, outShape, g -> {
            float[] dres = Scratch.get(1, og * np);
            for (int gi = 0; gi < groups; gi++) {
                for (int oi = 0; oi < og; oi++)
                    for (int b = 0; b < n; b++)
                        System.arraycopy(g, (b * o + gi * og + oi) * p, dres, oi * np + b * p, p);
                if (bias != null && bias.requiresGrad) {
                    float[] db = bias.gradBuffer();
                    for (int oi = 0; oi < og; oi++) {
                        float acc = 0f;
                        for (int j = 0; j < np; j++) acc += dres[oi * np + j];
                        db[gi * og + oi] += acc;
                    }
                }
                if (w.requiresGrad) MatMul.gemm(false, true, og, ck, np, dres, 0, cols[gi], 0, w.gradBuffer(), gi * og * ck);
                if (x.requiresGrad) {
                    float[] dcol = Scratch.zeroed(2, ck * np);
                    MatMul.gemm(true, false, ck, np, og, ws, gi * og * ck, dres, 0, dcol, 0);
                    Im2col.fold(dcol, n, c, gi * cg, cg, win, x.gradBuffer());
                }
            }
        }, x, w, bias);
    }
}
