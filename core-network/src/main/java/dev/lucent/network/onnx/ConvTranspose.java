package dev.lucent.network.onnx;

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

    private record Geo(Window w, int[] table, int n, int cin, int cg, int mg, int[] outShape) {
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
        NdArray.checkedSize(new int[]{mg * NdArray.size(k), NdArray.size(in)}, ctx.maxBytes(), "ConvTranspose column buffer");
        // The conv whose adjoint this is reads the output (as its input) and produces our input's extent.
        Window w = new Window(out, k, s, d, pb, pe, in);
        return new Geo(w, w.table(), xs[0], cin, cin / group, mg, os);
    }

    /** The bias, when present, must be 1-D with one value per output channel. */
    private static void checkBias(NdArray[] in, int channels, Ctx ctx) {
        if (in.length > 2 && in[2] != null && (in[2].rank() != 1 || in[2].size() != channels))
            throw ctx.error("bias of shape " + Arrays.toString(in[2].shape) + " for " + channels + " output channels");
    }

    @Override
    public NdArray[] forward(NdArray[] in, Ctx ctx) {
        Geo g = geo(in[0].shape, in[1].shape, ctx);
        checkBias(in, g.mg * group, ctx);
        float[] x = in[0].asFloats(), w = in[1].asFloats();
        float[] b = in.length > 2 && in[2] != null ? in[2].asFloats() : null;
        int nk = g.w.kSize(), ni = g.w.outSize(), no = g.w.inSize(), q = g.mg * nk;
        float[] y = ctx.floats(g.outShape);
        float[] col = new float[q * ni];
        int m = g.mg * group;
        for (int n = 0; n < g.n; n++)
            for (int gi = 0; gi < group; gi++) {
                Arrays.fill(col, 0);
                LinearOps.mm(w, gi * g.cg * q, 1, q, x, (n * g.cin + gi * g.cg) * ni, ni, 1, col, 0, q, g.cg, ni);
                for (int mm = 0; mm < g.mg; mm++) {
                    int yc = (n * m + gi * g.mg + mm) * no;
                    for (int kf = 0; kf < nk; kf++) {
                        int row = (mm * nk + kf) * ni;
                        for (int o = 0; o < ni; o++) {
                            int idx = g.table[kf * ni + o];
                            if (idx >= 0) y[yc + idx] += col[row + o];
                        }
                    }
                    if (b != null) {
                        float bv = b[gi * g.mg + mm];
                        for (int o = 0; o < no; o++) y[yc + o] += bv;
                    }
                }
            }
        return new NdArray[]{NdArray.floats(g.outShape, y)};
    }

    @Override
    public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
        Geo g = geo(in[0].shape, in[1].shape, ctx);
        float[] x = in[0].asFloats(), w = in[1].asFloats(), gy = gOut[0].f;
        int nk = g.w.kSize(), ni = g.w.outSize(), no = g.w.inSize(), q = g.mg * nk, m = g.mg * group;
        float[] gx = need[0] ? new float[x.length] : null;
        float[] gw = need[1] ? new float[w.length] : null;
        boolean needB = in.length > 2 && in[2] != null && need[2];
        float[] gb = needB ? new float[m] : null;
        float[] dcol = new float[q * ni];
        for (int n = 0; n < g.n; n++)
            for (int gi = 0; gi < group; gi++) {
                for (int mm = 0; mm < g.mg; mm++) {
                    int yc = (n * m + gi * g.mg + mm) * no;
                    for (int kf = 0; kf < nk; kf++) {
                        int row = (mm * nk + kf) * ni;
                        for (int o = 0; o < ni; o++) {
                            int idx = g.table[kf * ni + o];
                            dcol[row + o] = idx >= 0 ? gy[yc + idx] : 0f;
                        }
                    }
                    if (gb != null) for (int o = 0; o < no; o++) gb[gi * g.mg + mm] += gy[yc + o];
                }
                int xOff = (n * g.cin + gi * g.cg) * ni;
                if (gx != null) LinearOps.mm(w, gi * g.cg * q, q, 1, dcol, 0, ni, 1, gx, xOff, g.cg, q, ni);
                if (gw != null) LinearOps.mm(x, xOff, ni, 1, dcol, 0, 1, ni, gw, gi * g.cg * q, g.cg, ni, q);
            }
        NdArray[] r = new NdArray[in.length];
        if (gx != null) r[0] = NdArray.floats(in[0].shape, gx);
        if (gw != null) r[1] = NdArray.floats(in[1].shape, gw);
        if (gb != null) r[2] = NdArray.floats(in[2].shape, gb);
        return r;
    }
}
