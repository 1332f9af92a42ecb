package dev.lucent.network.onnx;

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

    private record Geo(Window w, int[] table, int planes, int[] outShape) {
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
        Window w = new Window(in, k, s, d, pb, pe, out);
        int[] table = w.table();
        if (!max && countPad && ceil)
            for (int t : table)
                if (t == -2) // PyTorch divides by the window clipped to the padded input, ONNX Runtime by the whole kernel
                    throw at.unsupportedAttr("ceil_mode", "= 1 with count_include_pad = 1 where a window runs past the padding (engines disagree on its divisor)");
        int[] os = new int[xs.length];
        os[0] = xs[0];
        os[1] = xs[1];
        System.arraycopy(out, 0, os, 2, r);
        NdArray.checkedSize(os, ctx.maxBytes(), "pooling output");
        NdArray.checkedSize(new int[]{w.kSize(), w.outSize()}, ctx.maxBytes(), "pooling window table");
        return new Geo(w, table, xs[0] * xs[1], os);
    }

    @Override
    public NdArray[] forward(NdArray[] in, Ctx ctx) {
        Geo g = geo(in[0].shape, ctx);
        float[] x = in[0].asFloats();
        int nk = g.w.kSize(), no = g.w.outSize(), ni = g.w.inSize();
        float[] y = ctx.floats(g.outShape);
        for (int p = 0; p < g.planes; p++)
            for (int o = 0; o < no; o++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                int count = 0;
                for (int kf = 0; kf < nk; kf++) {
                    int idx = g.table[kf * no + o];
                    if (idx >= 0) {
                        float v = x[p * ni + idx];
                        acc = max ? Math.max(acc, v) : acc + v;
                        count++;
                    } else if (idx == -1 && countPad) {
                        count++;
                    }
                }
                y[p * no + o] = max ? (float) acc : count == 0 ? 0f : (float) (acc / count);
            }
        NdArray[] r = new NdArray[at.node.outputs().size()];
        r[0] = NdArray.floats(g.outShape, y);
        return r;
    }

    @Override
    public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
        Geo g = geo(in[0].shape, ctx);
        float[] x = in[0].asFloats(), gy = gOut[0].f;
        int nk = g.w.kSize(), no = g.w.outSize(), ni = g.w.inSize();
        float[] gx = new float[x.length];
        for (int p = 0; p < g.planes; p++)
            for (int o = 0; o < no; o++) {
                float gv = gy[p * no + o];
                if (max) {
                    // The gradient goes to the first maximal element, as in the forward pass.
                    int best = -1;
                    float bv = Float.NEGATIVE_INFINITY;
                    for (int kf = 0; kf < nk; kf++) {
                        int idx = g.table[kf * no + o];
                        if (idx >= 0 && (best < 0 || x[p * ni + idx] > bv)) {
                            best = idx;
                            bv = x[p * ni + idx];
                        }
                    }
                    if (best >= 0) gx[p * ni + best] += gv;
                } else {
                    int count = 0;
                    for (int kf = 0; kf < nk; kf++) {
                        int idx = g.table[kf * no + o];
                        if (idx >= 0 || (idx == -1 && countPad)) count++;
                    }
                    if (count == 0) continue;
                    float share = gv / count;
                    for (int kf = 0; kf < nk; kf++) {
                        int idx = g.table[kf * no + o];
                        if (idx >= 0) gx[p * ni + idx] += share;
                    }
                }
            }
        return new NdArray[]{NdArray.floats(in[0].shape, gx)};
    }
}
