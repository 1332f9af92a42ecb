package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.Pool;
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
        Windows win = Windows.of(Arrays.copyOfRange(x.shape, 2, x.rank()), kernel, stride, padBegin, padEnd, dilation, ceilMode);
        int planes = x.shape[0] * x.shape[1], s = win.inSize, p = win.outSize, kk = win.kernelSize;
        int[] table = win.index;
        float[] xs = x.dense();
        float[] y = StepArena.allocForOverwrite(planes * p); // every output is written
        // the argmax is kept only for a backward pass
        boolean fast = max && !(x.requiresGrad() && Tensor.gradEnabled()) && Pool.maxForward2d(xs, planes, win, y);
        int[] arg = max && !fast ? new int[planes * p] : null;
        float[] scale = max ? null : Pool.avgScale(p, kk, table, countIncludePad);
        if (max) {
            if (!fast) Pool.maxForward(xs, planes, win, y, arg);
        } else Pool.avgForward(xs, planes, s, p, kk, table, scale, y);
        int[] outShape = new int[d + 2];
        outShape[0] = x.shape[0];
        outShape[1] = x.shape[1];
        System.arraycopy(win.outSpatial, 0, outShape, 2, d);
        return Tensor.result(max ? "max_pool" : "avg_pool", (long) planes * p * kk, t0, y, outShape, g -> {
            if (max) Pool.maxBackward(g, arg, planes, p, x.gradBuffer());
            else Pool.avgBackward(g, planes, s, p, kk, table, scale, x.gradBuffer());
        }, x);
    }
}
