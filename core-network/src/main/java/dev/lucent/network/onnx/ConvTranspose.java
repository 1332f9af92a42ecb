package dev.lucent.network.onnx;

import dev.lucent.network.kernel.Shapes;
import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/** N-D transposed convolution: the adjoint of {@link Conv}'s im2col product, scattered by col2im. */
final class ConvTranspose implements Kernel {
    private final NodeAttrs at;
    private final long[] kernelShape, strides, dilations, pads, outputPadding, outputShape;
    private final String autoPad;
    private final int group;

    ConvTranspose(NodeAttrs at) {
        at.only("kernel_shape", "strides", "dilations", "pads", "auto_pad", "group", "output_padding", "output_shape");
        this.at = at;
        kernelShape = at.ints("kernel_shape", null);
        strides = at.ints("strides", null);
        dilations = at.ints("dilations", null);
        pads = at.ints("pads", null);
        outputPadding = at.ints("output_padding", null);
        outputShape = at.ints("output_shape", null);
        autoPad = at.s("auto_pad", "NOTSET");
        long g = at.i("group", 1);
        if (g < 1 || g > 1 << 16) throw at.invalid("group must be positive, got " + g);
        group = (int) g;
    }

    private record Geo(int[] in, int[] k, int[] s, int[] d, int[] pb, int[] out, int cg, int mg) {
    }

    private Geo geo(int[] xs, int[] ws, Ctx ctx) {
        int r = xs.length - 2;
        if (r < 1 || ws.length != xs.length)
            throw ctx.error("input " + Arrays.toString(xs) + " and weight " + Arrays.toString(ws) + " do not match");
        int[] in = Arrays.copyOfRange(xs, 2, xs.length), k = Arrays.copyOfRange(ws, 2, ws.length);
        if (kernelShape != null && !Arrays.equals(Window.ints(kernelShape, r, 1, "kernel_shape", at), k))
            throw ctx.error("kernel_shape " + Arrays.toString(kernelShape) + " differs from the weight " + Arrays.toString(ws));
        int cin = xs[1];
        if (cin != ws[0] || cin % group != 0)
            throw ctx.error("channels " + cin + " / weight " + Arrays.toString(ws) + " do not fit group " + group);
        int[] s = Window.ints(strides, r, 1, "strides", at), d = Window.ints(dilations, r, 1, "dilations", at);
        int[] op = new int[r];
        if (outputPadding != null) {
            if (outputPadding.length != r) throw ctx.error("output_padding has " + outputPadding.length + " values");
            for (int i = 0; i < r; i++) {
                if (outputPadding[i] < 0 || outputPadding[i] >= Math.max(s[i], d[i]))
                    throw ctx.error("output_padding " + Arrays.toString(outputPadding) + " out of range");
                op[i] = (int) outputPadding[i];
            }
        }
        int[] pb = new int[r], pe = new int[r], out = new int[r];
        for (int i = 0; i < r; i++) {
            long full = (long) s[i] * (in[i] - 1) + op[i] + (long) (k[i] - 1) * d[i] + 1;
            if (outputShape != null) {
                long[] os = outputShape.length == r + 2 ? Arrays.copyOfRange(outputShape, 2, r + 2) : outputShape;
                if (os.length != r) throw ctx.error("output_shape " + Arrays.toString(outputShape) + " has the wrong rank");
                long total = full - os[i];
                if (total < 0) throw ctx.error("output_shape " + Arrays.toString(outputShape) + " is too large");
                int half = (int) (total / 2);
                pb[i] = autoPad.equals("SAME_UPPER") ? half : (int) total - half;
                pe[i] = (int) total - pb[i];
            } else if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
                long total = full - (long) in[i] * s[i];
                int half = (int) Math.max(0, total / 2);
                pb[i] = autoPad.equals("SAME_UPPER") ? half : (int) Math.max(0, total) - half;
                pe[i] = (int) Math.max(0, total) - pb[i];
            } else if (autoPad.equals("NOTSET")) {
                if (pads != null) {
                    if (pads.length != 2 * r) throw ctx.error("pads has " + pads.length + " values");
                    pb[i] = (int) pads[i];
                    pe[i] = (int) pads[i + r];
                    if (pb[i] < 0 || pe[i] < 0) throw ctx.error("negative pads");
                }
            } else if (!autoPad.equals("VALID")) {
                throw at.unsupportedAttr("auto_pad", "= " + autoPad);
            }
            long o = full - pb[i] - pe[i];
            if (o < 1) throw ctx.error("empty output");
            out[i] = (int) o;
        }
        int mg = ws[1];
        int[] os = new int[xs.length];
        os[0] = xs[0];
        os[1] = mg * group;
        System.arraycopy(out, 0, os, 2, r);
        NdArray.checkedSize(os, ctx.maxBytes(), "ConvTranspose output");
        return new Geo(in, k, s, d, pb, out, cin / group, mg);
    }

    /**
     * Composed of native ops, exactly: the input stretched (stride - 1 zeros between samples, then padded
     * by dilation * (kernel - 1) - pads, cropped where that is negative) in one take, then the native
     * convolution with the weight's channel axes swapped per group and its kernel flipped.
     */
    @Override
    public Object[] run(Object[] in, Ctx ctx) {
        Tensor x = Values.tensor(in[0]), w = Values.tensor(in[1]);
        int[] xs = x.shape();
        Geo g = geo(xs, w.shape(), ctx);
        Conv.checkBias(in, g.mg * group, ctx);
        int r = g.k.length;
        int[] shape = new int[r + 2], lead = new int[r], ones = new int[r], zeros = new int[r];
        shape[0] = xs[0];
        shape[1] = xs[1];
        for (int i = 0; i < r; i++) {
            lead[i] = g.d[i] * (g.k[i] - 1) - g.pb[i];
            long len = (long) g.out[i] + (long) g.d[i] * (g.k[i] - 1);
            if (len > Integer.MAX_VALUE) throw ctx.error("output too large");
            shape[i + 2] = (int) len;
            ones[i] = 1;
        }
        int[] str = Shapes.contiguousStrides(xs);
        int[] map = ShapeOps.build(shape, ctx, idx -> {
            int src = idx[0] * str[0] + idx[1] * str[1];
            for (int i = 0; i < r; i++) {
                int q = idx[i + 2] - lead[i];
                if (q < 0 || q % g.s[i] != 0 || q / g.s[i] >= g.in[i]) return -1;
                src += q / g.s[i] * str[i + 2];
            }
            return src;
        });
        Tensor stretched = x.take(map, 0f, shape);
        // weight [Cin, Cout/group, k...] -> [Cout, Cin/group, k...] per group, kernel flipped
        int[] grouped = new int[r + 3], order = new int[r + 3], conv = new int[r + 2];
        grouped[0] = group;
        grouped[1] = g.cg;
        grouped[2] = g.mg;
        order[0] = 0;
        order[1] = 2;
        order[2] = 1;
        conv[0] = group * g.mg;
        conv[1] = g.cg;
        for (int i = 0; i < r; i++) {
            grouped[i + 3] = g.k[i];
            order[i + 3] = i + 3;
            conv[i + 2] = g.k[i];
        }
        Tensor wt = w.reshape(grouped).permute(order).reshape(conv);
        for (int i = 0; i < r; i++) wt = wt.slice(i + 2, -1, -g.k[i] - 1, -1);
        Tensor b = in.length > 2 ? Values.tensor(in[2]) : null;
        return new Object[]{stretched.conv(wt, b, ones, zeros, zeros, g.d, group)};
    }
}
