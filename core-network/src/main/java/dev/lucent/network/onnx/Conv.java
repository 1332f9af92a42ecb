package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.internal.FusedOps;
import dev.lucent.network.kernel.ConvEpilogue;

import java.util.Arrays;

/** N-D grouped, strided, dilated, padded convolution by im2col and matrix products. */
final class Conv implements Kernel {
    private final NodeAttrs at;
    private final long[] kernelShape, strides, dilations, pads;
    private final String autoPad;
    private final int group;

    Conv(NodeAttrs at) {
        at.only("kernel_shape", "strides", "dilations", "pads", "auto_pad", "group");
        this.at = at;
        kernelShape = at.ints("kernel_shape", null);
        strides = at.ints("strides", null);
        dilations = at.ints("dilations", null);
        pads = at.ints("pads", null);
        autoPad = at.s("auto_pad", "NOTSET");
        long g = at.i("group", 1);
        if (g < 1 || g > 1 << 16) throw at.invalid("group must be positive, got " + g);
        group = (int) g;
    }

    private record Geo(int[] s, int[] d, int[] pb, int[] pe, int[] out) {
    }

    private Geo geo(int[] xs, int[] ws, Ctx ctx) {
        int r = xs.length - 2;
        if (r < 1 || ws.length != xs.length)
            throw ctx.error("input " + Arrays.toString(xs) + " and weight " + Arrays.toString(ws) + " do not match");
        int[] in = Arrays.copyOfRange(xs, 2, xs.length), k = Arrays.copyOfRange(ws, 2, ws.length);
        if (kernelShape != null && !Arrays.equals(Window.ints(kernelShape, r, 1, "kernel_shape", at), k))
            throw ctx.error("kernel_shape " + Arrays.toString(kernelShape) + " differs from the weight " + Arrays.toString(ws));
        int c = xs[1], m = ws[0];
        if (c % group != 0 || m % group != 0 || ws[1] != c / group)
            throw ctx.error("channels " + c + " / weight " + Arrays.toString(ws) + " do not fit group " + group);
        int[] s = Window.ints(strides, r, 1, "strides", at), d = Window.ints(dilations, r, 1, "dilations", at);
        int[][] p = Window.pads(autoPad, pads, in, k, s, d, at);
        int[] out = Window.outShape(in, k, s, d, p[0], p[1], false);
        if (out == null) throw ctx.error("kernel larger than the padded input " + Arrays.toString(xs));
        int[] os = new int[xs.length];
        os[0] = xs[0];
        os[1] = m;
        System.arraycopy(out, 0, os, 2, r);
        NdArray.checkedSize(os, ctx.maxBytes(), "Conv output");
        NdArray.checkedSize(new int[]{c / group * NdArray.size(k), NdArray.size(out)}, ctx.maxBytes(), "Conv column buffer");
        return new Geo(s, d, p[0], p[1], os);
    }

    /** The bias, when present, must be 1-D with one value per output channel. */
    static void checkBias(Object[] in, int channels, Ctx ctx) {
        if (in.length > 2 && in[2] != null && (Values.shape(in[2]).length != 1 || Values.size(in[2]) != channels))
            throw ctx.error("bias of shape " + Arrays.toString(Values.shape(in[2])) + " for " + channels + " output channels");
    }

    /** The native N-d convolution. */
    @Override
    public Object[] run(Object[] in, Ctx ctx) {
        Tensor x = Values.tensor(in[0]), w = Values.tensor(in[1]);
        Geo g = geo(x.shape(), w.shape(), ctx);
        checkBias(in, w.shape()[0], ctx);
        Tensor b = in.length > 2 ? Values.tensor(in[2]) : null;
        return new Object[]{x.conv(w, b, g.s, g.pb, g.pe, g.d, group)};
    }

    /** The convolution with its fused epilogue ({@link ConvFusion}); null when the residual's shape is not the output's. */
    Tensor runFused(Object[] in, float[][] scaleShift, Tensor residual, ConvEpilogue.Clamp clamp, float lo, float hi, Ctx ctx) {
        Tensor x = Values.tensor(in[0]), w = Values.tensor(in[1]);
        Geo g = geo(x.shape(), w.shape(), ctx);
        checkBias(in, w.shape()[0], ctx);
        Tensor b = in.length > 2 ? Values.tensor(in[2]) : null;
        if (residual != null && !Arrays.equals(residual.shape(), g.out)) return null;
        return FusedOps.convEpilogue(x, w, b, g.s, g.pb, g.pe, g.d, group, scaleShift, residual, clamp, lo, hi);
    }
}
