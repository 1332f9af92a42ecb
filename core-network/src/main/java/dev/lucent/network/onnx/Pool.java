package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/** N-D MaxPool and AveragePool (and their global forms) over the {@link Window} geometry. */
final class Pool implements Kernel {
    private final boolean max;
    private final boolean global;
    private final NodeAttrs at;
    private final long[] kernelShape, strides, dilations, pads;
    private final String autoPad;
    private final boolean ceil, countPad;

    Pool(NodeAttrs at, boolean max, boolean global) {
        this.at = at;
        this.max = max;
        this.global = global;
        if (global) {
            at.only();
            kernelShape = strides = dilations = pads = null;
            autoPad = "NOTSET";
            ceil = countPad = false;
            return;
        }
        if (max) at.only("kernel_shape", "strides", "dilations", "pads", "auto_pad", "ceil_mode", "storage_order");
        else at.only("kernel_shape", "strides", "dilations", "pads", "auto_pad", "ceil_mode", "count_include_pad"); // dilations: opset 19
        if (at.i("storage_order", 0) != 0) throw at.unsupportedAttr("storage_order", "= " + at.i("storage_order", 0));
        if (at.node.outputs().size() > 1 && !at.node.outputs().get(1).isEmpty())
            throw at.unsupportedAttr("Indices", "(second output)");
        kernelShape = at.ints("kernel_shape", null);
        if (kernelShape == null) throw at.invalid("kernel_shape is required");
        strides = at.ints("strides", null);
        dilations = at.ints("dilations", null);
        pads = at.ints("pads", null);
        autoPad = at.s("auto_pad", "NOTSET");
        ceil = at.i("ceil_mode", 0) != 0;
        countPad = at.i("count_include_pad", 0) != 0;
    }

    private record Geo(int[] k, int[] s, int[] d, int[] pb, int[] pe, int[] outShape) {
    }

    private Geo geo(int[] xs, Ctx ctx) {
        int r = xs.length - 2;
        if (r < 1) throw ctx.error("pooling needs [N, C, spatial...], got " + Arrays.toString(xs));
        int[] in = Arrays.copyOfRange(xs, 2, xs.length);
        int[] k, s, d, pb, pe;
        if (global) {
            k = in;
            s = new int[r];
            d = new int[r];
            Arrays.fill(s, 1);
            Arrays.fill(d, 1);
            pb = new int[r];
            pe = new int[r];
        } else {
            k = Window.ints(kernelShape, r, 1, "kernel_shape", at);
            s = Window.ints(strides, r, 1, "strides", at);
            d = Window.ints(dilations, r, 1, "dilations", at);
            int[][] p = Window.pads(autoPad, pads, in, k, s, d, at);
            pb = p[0];
            pe = p[1];
        }
        int[] out = Window.outShape(in, k, s, d, pb, pe, ceil);
        if (out == null) throw ctx.error("kernel larger than the padded input " + Arrays.toString(xs));
        if (!max && countPad && ceil)
            for (int i = 0; i < r; i++)
                if (out[i] > 0 && (long) (out[i] - 1) * s[i] - pb[i] + (long) (k[i] - 1) * d[i] >= (long) in[i] + pe[i])
                    // PyTorch divides by the window clipped to the padded input, ONNX Runtime by the whole kernel
                    throw at.unsupportedAttr("ceil_mode", "= 1 with count_include_pad = 1 where a window runs past the padding (engines disagree on its divisor)");
        int[] os = new int[xs.length];
        os[0] = xs[0];
        os[1] = xs[1];
        System.arraycopy(out, 0, os, 2, r);
        NdArray.checkedSize(os, ctx.maxBytes(), "pooling output");
        NdArray.checkedSize(new int[]{NdArray.size(k), NdArray.size(out)}, ctx.maxBytes(), "pooling window table");
        return new Geo(k, s, d, pb, pe, os);
    }

    /** The native pools; a global pool is the native mean or max over the spatial axes, kept. */
    @Override
    public Object[] run(Object[] in, Ctx ctx) {
        Tensor x = Values.tensor(in[0]);
        Geo g = geo(x.shape(), ctx);
        Object[] r = new Object[at.node.outputs().size()];
        if (global) {
            int[] axes = new int[x.rank() - 2];
            for (int i = 0; i < axes.length; i++) axes[i] = i + 2;
            r[0] = max ? x.max(true, axes) : x.mean(true, axes);
        } else {
            r[0] = max ? x.maxPool(g.k, g.s, g.pb, g.pe, g.d, ceil) : x.avgPool(g.k, g.s, g.pb, g.pe, g.d, ceil, countPad);
        }
        return r;
    }
}
