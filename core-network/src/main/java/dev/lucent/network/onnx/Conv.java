package dev.lucent.network.onnx;

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

    private record Geo(Window w, int[] table, int n, int c, int m, int cg, int mg, int[] outShape) {
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
        Window w = new Window(in, k, s, d, p[0], p[1], out);
        int[] os = new int[xs.length];
        os[0] = xs[0];
        os[1] = m;
        System.arraycopy(out, 0, os, 2, r);
        NdArray.checkedSize(os, ctx.maxBytes(), "Conv output");
        NdArray.checkedSize(new int[]{c / group * w.kSize(), w.outSize()}, ctx.maxBytes(), "Conv column buffer");
        return new Geo(w, w.table(), xs[0], c, m, c / group, m / group, os);
    }

    private static void im2col(float[] x, int xOff, int inSize, int cg, int nk, int no, int[] t, float[] col) {
        for (int c = 0; c < cg; c++)
            for (int kf = 0; kf < nk; kf++) {
                int row = (c * nk + kf) * no, xc = xOff + c * inSize;
                for (int o = 0; o < no; o++) {
                    int idx = t[kf * no + o];
                    col[row + o] = idx >= 0 ? x[xc + idx] : 0f;
                }
            }
    }

    /** The bias, when present, must be 1-D with one value per output channel. */
    private static void checkBias(NdArray[] in, int channels, Ctx ctx) {
        if (in.length > 2 && in[2] != null && (in[2].rank() != 1 || in[2].size() != channels))
            throw ctx.error("bias of shape " + Arrays.toString(in[2].shape) + " for " + channels + " output channels");
    }

    @Override
    public NdArray[] forward(NdArray[] in, Ctx ctx) {
        Geo g = geo(in[0].shape, in[1].shape, ctx);
        checkBias(in, g.m, ctx);
        float[] x = in[0].asFloats(), w = in[1].asFloats();
        float[] b = in.length > 2 && in[2] != null ? in[2].asFloats() : null;
        int nk = g.w.kSize(), no = g.w.outSize(), ni = g.w.inSize(), q = g.cg * nk;
        float[] y = ctx.floats(g.outShape);
        float[] col = new float[q * no];
        for (int n = 0; n < g.n; n++)
            for (int gi = 0; gi < group; gi++) {
                im2col(x, (n * g.c + gi * g.cg) * ni, ni, g.cg, nk, no, g.table, col);
                int yOff = (n * g.m + gi * g.mg) * no;
                LinearOps.mm(w, gi * g.mg * q, q, 1, col, 0, no, 1, y, yOff, g.mg, q, no);
                if (b != null)
                    for (int m = 0; m < g.mg; m++) {
                        float bv = b[gi * g.mg + m];
                        for (int o = 0; o < no; o++) y[yOff + m * no + o] += bv;
                    }
            }
        return new NdArray[]{NdArray.floats(g.outShape, y)};
    }

    @Override
    public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
        Geo g = geo(in[0].shape, in[1].shape, ctx);
        float[] x = in[0].asFloats(), w = in[1].asFloats(), gy = gOut[0].f;
        int nk = g.w.kSize(), no = g.w.outSize(), ni = g.w.inSize(), q = g.cg * nk;
        float[] gx = need[0] ? new float[x.length] : null;
        float[] gw = need[1] ? new float[w.length] : null;
        boolean needB = in.length > 2 && in[2] != null && need[2];
        float[] gb = needB ? new float[g.m] : null;
        float[] col = new float[q * no], dcol = new float[q * no];
        for (int n = 0; n < g.n; n++)
            for (int gi = 0; gi < group; gi++) {
                int yOff = (n * g.m + gi * g.mg) * no, xOff = (n * g.c + gi * g.cg) * ni;
                if (gw != null) {
                    im2col(x, xOff, ni, g.cg, nk, no, g.table, col);
                    LinearOps.mm(gy, yOff, no, 1, col, 0, 1, no, gw, gi * g.mg * q, g.mg, no, q);
                }
                if (gx != null) {
                    Arrays.fill(dcol, 0);
                    LinearOps.mm(w, gi * g.mg * q, 1, q, gy, yOff, no, 1, dcol, 0, q, g.mg, no);
                    for (int c = 0; c < g.cg; c++)
                        for (int kf = 0; kf < nk; kf++) {
                            int row = (c * nk + kf) * no, xc = xOff + c * ni;
                            for (int o = 0; o < no; o++) {
                                int idx = g.table[kf * no + o];
                                if (idx >= 0) gx[xc + idx] += dcol[row + o];
                            }
                        }
                }
                if (gb != null)
                    for (int m = 0; m < g.mg; m++)
                        for (int o = 0; o < no; o++) gb[gi * g.mg + m] += gy[yOff + m * no + o];
            }
        NdArray[] r = new NdArray[in.length];
        if (gx != null) r[0] = NdArray.floats(in[0].shape, gx);
        if (gw != null) r[1] = NdArray.floats(in[1].shape, gw);
        if (gb != null) r[2] = NdArray.floats(in[2].shape, gb);
        return r;
    }
}
