package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.ConvEpilogue;
import dev.lucent.network.kernel.ConvKernels;
import dev.lucent.network.kernel.Windows;

import java.util.Arrays;

/**
 * N-d grouped, strided, dilated convolution: shapes checked here, the arithmetic in {@link ConvKernels}
 * (per sample and group out_g = W_g cols + bias; backward dW_g += dOut_g cols^T, dX += col2im(W_g^T dOut_g)).
 */
final class Convolution {
    private Convolution() {
    }

    static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups) {
        return conv(x, w, bias, stride, padBegin, padEnd, dilation, groups, null, null, ConvEpilogue.Clamp.NONE, 0f, 0f);
    }

    /**
     * The convolution with its epilogue fused (see {@link ConvEpilogue}): {@code clamp(conv(x) * scale + shift + residual)},
     * each part optional; the same numbers as the separate ops. {@code scaleShift} is a batch norm in evaluation folded
     * into per-channel values (constants: no gradient reaches them); the residual has the output's shape. Gradients reach
     * x, w, bias and the residual.
     */
    static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups,
                       float[][] scaleShift, Tensor residual, ConvEpilogue.Clamp clamp, float lo, float hi) {
        long t0 = Tensor.tick();
        int d = x.rank() - 2;
        if (d < 1) throw new IllegalArgumentException("conv input must be [N, C, spatial...], got " + Arrays.toString(x.shape));
        if (w.rank() != d + 2) throw new IllegalArgumentException("conv weight must be [O, C/groups, kernel...] of rank " + (d + 2) + ", got " + Arrays.toString(w.shape));
        int n = x.shape[0], c = x.shape[1], o = w.shape[0];
        if (groups < 1 || c % groups != 0 || o % groups != 0)
            throw new IllegalArgumentException("groups " + groups + " must divide input channels " + c + " and output channels " + o);
        int cg = c / groups;
        if (w.shape[1] != cg)
            throw new IllegalArgumentException("conv weight " + Arrays.toString(w.shape) + " expects " + w.shape[1] + " channels per group, input gives " + cg);
        if (bias != null && (bias.rank() != 1 || bias.shape[0] != o))
            throw new IllegalArgumentException("conv bias must be [" + o + "], got " + Arrays.toString(bias.shape));
        int[] inSp = Arrays.copyOfRange(x.shape, 2, x.rank());
        int[] kernel = Arrays.copyOfRange(w.shape, 2, w.rank());
        Windows win = Windows.of(inSp, kernel, stride, padBegin, padEnd, dilation, false);
        int p = win.outSize;
        float[] xs = x.dense(), ws = w.dense(), bs = bias == null ? null : bias.dense();
        int[] outShape = new int[d + 2];
        outShape[0] = n;
        outShape[1] = o;
        System.arraycopy(win.outSpatial, 0, outShape, 2, d);
        if (scaleShift != null && (scaleShift[0].length != o || scaleShift[1].length != o))
            throw new IllegalArgumentException("fused channel scale and shift need " + o + " values, got " + scaleShift[0].length + " and " + scaleShift[1].length);
        if (residual != null && !Arrays.equals(residual.shape, outShape))
            throw new IllegalArgumentException("fused residual of shape " + Arrays.toString(residual.shape) + " for a conv output of shape " + Arrays.toString(outShape));
        boolean recording = Tensor.gradEnabled() && (x.requiresGrad || w.requiresGrad || bias != null && bias.requiresGrad
                || residual != null && residual.requiresGrad);
        float[] y = StepArena.allocForOverwrite(n * o * p); // the kernel writes it in full
        float[] pre = recording && clamp == ConvEpilogue.Clamp.CLIP ? StepArena.allocForOverwrite(y.length) : null;
        ConvEpilogue ep = scaleShift == null && residual == null && clamp == ConvEpilogue.Clamp.NONE ? null
                : new ConvEpilogue(scaleShift == null ? null : scaleShift[0], scaleShift == null ? null : scaleShift[1],
                residual == null ? null : residual.dense(), clamp, lo, hi, pre);
        ConvKernels.forward(xs, ws, bs, n, c, o, groups, win, y, ep);
        return Tensor.result(ep == null ? "conv" : "conv+epilogue", 2L * n * o * p * cg * win.kernelSize, t0, y, outShape, g0 -> {
            float[] g1 = ep == null ? g0 : ep.residualGradient(g0, y);
            if (residual != null && residual.requiresGrad) {
                float[] dr = residual.gradBuffer();
                for (int i = 0; i < g1.length; i++) dr[i] += g1[i];
            }
            float[] g = ep == null ? g1 : ep.convGradient(g1, n, o, p, g1 != g0);
            if (bias != null && bias.requiresGrad) ConvKernels.backwardBias(g, n, o, p, bias.gradBuffer());
            if (w.requiresGrad) ConvKernels.backwardWeight(g, xs, n, c, o, groups, win, w.gradBuffer());
            if (x.requiresGrad) ConvKernels.backwardData(g, ws, n, c, o, groups, win, x.gradBuffer());
        }, x, w, bias, residual);
    }
}
