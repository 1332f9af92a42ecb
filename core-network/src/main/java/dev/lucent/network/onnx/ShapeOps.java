package dev.lucent.network.onnx;

import java.util.Arrays;

/** Data movement: views (reshape and friends), index maps (transpose, slice, gather, pad, tile, expand), concat and split. */
final class ShapeOps {
    private ShapeOps() {
    }

    /** Computes the new shape of a copy-free view. */
    interface ViewShape {
        int[] of(NdArray[] in, Ctx ctx);
    }

    /** Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout (inference): same data, another shape. */
    record View(ViewShape shape) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] s = shape.of(in, ctx);
            if (NdArray.size(s) != in[0].size())
                throw ctx.error("cannot view " + Arrays.toString(in[0].shape) + " as " + Arrays.toString(s));
            return new NdArray[]{in[0].reshaped(s)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            NdArray[] r = new NdArray[in.length];
            r[0] = NdArray.floats(in[0].shape, gOut[0].f);
            return r;
        }
    }

    static int[] reshape(int[] in, long[] target, boolean allowZero, Ctx ctx) {
        int[] s = new int[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == -1) {
                if (infer >= 0) throw ctx.error("more than one -1 in shape " + Arrays.toString(target));
                infer = i;
                continue;
            }
            if (t == 0 && !allowZero) {
                if (i >= in.length) throw ctx.error("0 in shape " + Arrays.toString(target) + " has no input dimension to copy");
                t = in[i];
            }
            if (t < 0 || t > Integer.MAX_VALUE) throw ctx.error("invalid dimension " + t + " in shape " + Arrays.toString(target));
            s[i] = (int) t;
            known *= t;
            if (known > Integer.MAX_VALUE) throw ctx.error("shape " + Arrays.toString(target) + " is too large");
        }
        int total = NdArray.size(in);
        if (infer >= 0) {
            if (known == 0 || total % known != 0)
                throw ctx.error("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
            s[infer] = (int) (total / known);
        }
        return s;
    }

    static int[] squeeze(int[] in, long[] axes, Ctx ctx) {
        boolean[] drop = new boolean[in.length];
        if (axes == null) {
            for (int i = 0; i < in.length; i++) drop[i] = in[i] == 1;
        } else {
            for (long a : axes) {
                int ax = Shapes.axis(a, in.length, ctx);
                if (in[ax] != 1) throw ctx.error("cannot squeeze axis " + a + " of size " + in[ax]);
                drop[ax] = true;
            }
        }
        return java.util.stream.IntStream.range(0, in.length).filter(i -> !drop[i]).map(i -> in[i]).toArray();
    }

    static int[] unsqueeze(int[] in, long[] axes, Ctx ctx) {
        int r = in.length + axes.length;
        boolean[] added = new boolean[r];
        for (long a : axes) {
            int ax = Shapes.axis(a, r, ctx);
            if (added[ax]) throw ctx.error("repeated axis " + a);
            added[ax] = true;
        }
        int[] s = new int[r];
        int j = 0;
        for (int i = 0; i < r; i++) s[i] = added[i] ? 1 : in[j++];
        return s;
    }

    static int[] flatten(int[] in, long axis, Ctx ctx) {
        int a = (int) (axis < 0 ? axis + in.length : axis);
        if (a < 0 || a > in.length) throw ctx.error("axis " + axis + " out of range for rank " + in.length);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= in[i];
        for (int i = a; i < in.length; i++) inner *= in[i];
        return new int[]{outer, inner};
    }

    /** out[i] = in[map[i]], or {@code fill} where map[i] < 0. */
    record Mapped(int[] shape, int[] map, float fill) {
    }

    interface MapFn {
        Mapped of(NdArray[] in, Ctx ctx);
    }

    /** Any op whose output elements are input elements at computed positions; the gradient scatters back. */
    record IndexMap(MapFn fn) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            Mapped m = fn.of(in, ctx);
            int[] map = m.map;
            if (in[0].isFloat()) {
                float[] x = in[0].f, y = ctx.floats(m.shape);
                for (int i = 0; i < y.length; i++) y[i] = map[i] >= 0 ? x[map[i]] : m.fill;
                return new NdArray[]{NdArray.floats(m.shape, y)};
            }
            long[] x = in[0].l, y = ctx.longs(m.shape);
            for (int i = 0; i < y.length; i++) y[i] = map[i] >= 0 ? x[map[i]] : (long) m.fill;
            return new NdArray[]{NdArray.longs(m.shape, y)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            Mapped m = fn.of(in, ctx);
            float[] g = gOut[0].f, dx = new float[in[0].size()];
            for (int i = 0; i < g.length; i++) if (m.map[i] >= 0) dx[m.map[i]] += g[i];
            NdArray[] r = new NdArray[in.length];
            r[0] = NdArray.floats(in[0].shape, dx);
            return r;
        }
    }

    /** Checks an output shape against the budget before its index map is built. */
    static int[] alloc(int[] shape, Ctx ctx) {
        return new int[NdArray.checkedSize(shape, ctx.maxBytes(), "output of " + ctx.op() + " node '" + ctx.node() + "'")];
    }

    /** Walks every output index, calling {@code f} with the multi-index; returns the filled map. */
    interface IndexFn {
        int src(int[] idx);
    }

    static int[] build(int[] shape, Ctx ctx, IndexFn f) {
        int[] map = alloc(shape, ctx);
        int[] idx = new int[shape.length];
        for (int k = 0; k < map.length; k++) {
            map[k] = f.src(idx);
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) break;
                idx[a] = 0;
            }
        }
        return map;
    }

    static Mapped transpose(int[] in, long[] perm, Ctx ctx) {
        int r = in.length;
        int[] p = new int[r];
        if (perm == null) for (int i = 0; i < r; i++) p[i] = r - 1 - i;
        else {
            if (perm.length != r) throw ctx.error("perm " + Arrays.toString(perm) + " for rank " + r);
            boolean[] seen = new boolean[r];
            for (int i = 0; i < r; i++) {
                int a = Shapes.axis(perm[i], r, ctx);
                if (seen[a]) throw ctx.error("perm " + Arrays.toString(perm) + " repeats an axis");
                seen[a] = true;
                p[i] = a;
            }
        }
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) shape[i] = in[p[i]];
        int[] st = Shapes.strides(in);
        return new Mapped(shape, build(shape, ctx, idx -> {
            int s = 0;
            for (int i = 0; i < r; i++) s += idx[i] * st[p[i]];
            return s;
        }), 0);
    }

    static Mapped slice(int[] in, long[] starts, long[] ends, long[] axes, long[] steps, Ctx ctx) {
        int r = in.length;
        if (ends.length != starts.length) throw ctx.error("starts and ends differ in length");
        int[] b = new int[r], st = new int[r], shape = in.clone();
        Arrays.fill(st, 1);
        boolean[] seen = new boolean[r];
        for (int i = 0; i < starts.length; i++) {
            int a = axes == null ? i : Shapes.axis(axes[i], r, ctx);
            if (seen[a]) throw ctx.error("axis " + a + " sliced twice");
            seen[a] = true;
            long step = steps == null ? 1 : steps[i];
            if (step == 0) throw ctx.error("slice step 0");
            long d = in[a], s = starts[i], e = ends[i];
            if (s < 0) s += d;
            if (e < 0) e += d;
            long count;
            if (step > 0) {
                s = Math.max(0, Math.min(s, d));
                e = Math.max(0, Math.min(e, d));
                count = e > s ? (e - s + step - 1) / step : 0;
            } else {
                s = Math.max(-1, Math.min(s, d - 1));
                e = Math.max(-1, Math.min(e, d - 1));
                count = s > e ? (s - e + (-step) - 1) / (-step) : 0;
            }
            if (step > Integer.MAX_VALUE || step < -Integer.MAX_VALUE) step = step > 0 ? d + 1 : -(d + 1);
            b[a] = (int) s;
            st[a] = (int) step;
            shape[a] = (int) count;
        }
        int[] str = Shapes.strides(in);
        return new Mapped(shape, build(shape, ctx, idx -> {
            int s = 0;
            for (int i = 0; i < r; i++) s += (b[i] + idx[i] * st[i]) * str[i];
            return s;
        }), 0);
    }

    static Mapped gather(int[] in, NdArray indices, long axis, Ctx ctx) {
        int a = Shapes.axis(axis, in.length, ctx);
        long[] ix = indices.asLongs();
        int[] idxShape = indices.shape;
        int[] shape = new int[in.length - 1 + idxShape.length];
        System.arraycopy(in, 0, shape, 0, a);
        System.arraycopy(idxShape, 0, shape, a, idxShape.length);
        System.arraycopy(in, a + 1, shape, a + idxShape.length, in.length - a - 1);
        int[] str = Shapes.strides(in);
        int[] ist = Shapes.strides(idxShape);
        int dim = in[a];
        for (long v : ix)
            if (v < -dim || v >= dim) throw ctx.error("index " + v + " out of range for axis " + a + " of size " + dim);
        return new Mapped(shape, build(shape, ctx, idx -> {
            int s = 0;
            for (int i = 0; i < a; i++) s += idx[i] * str[i];
            int f = 0;
            for (int i = 0; i < idxShape.length; i++) f += idx[a + i] * ist[i];
            long v = ix[f];
            if (v < 0) v += dim;
            s += (int) v * str[a];
            for (int i = a + 1; i < in.length; i++) s += idx[i - 1 + idxShape.length] * str[i];
            return s;
        }), 0);
    }

    static Mapped pad(int[] in, long[] pads, String mode, float value, Ctx ctx) {
        int r = in.length;
        if (pads.length != 2 * r) throw ctx.error("pads has " + pads.length + " values for rank " + r);
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) {
            long d = in[i] + pads[i] + pads[i + r];
            if (d < 0 || d > Integer.MAX_VALUE) throw ctx.error("pads " + Arrays.toString(pads) + " give dimension " + d);
            shape[i] = (int) d;
            if (mode.equals("reflect") && in[i] < 2 && (pads[i] > 0 || pads[i + r] > 0))
                throw ctx.error("reflect padding of an axis of size " + in[i]);
            if (!mode.equals("constant") && in[i] == 0 && shape[i] > 0) throw ctx.error(mode + " padding of an empty axis");
        }
        int[] str = Shapes.strides(in);
        return new Mapped(shape, build(shape, ctx, idx -> {
            int s = 0;
            for (int i = 0; i < r; i++) {
                long c = idx[i] - pads[i];
                int n = in[i];
                if (c < 0 || c >= n) {
                    switch (mode) {
                        case "constant" -> {
                            return -1;
                        }
                        case "edge" -> c = c < 0 ? 0 : n - 1;
                        default -> { // reflect, mirrored without repeating the edge; period 2(n-1)
                            long p = 2L * (n - 1);
                            c = Math.floorMod(c, p);
                            if (c >= n) c = p - c;
                        }
                    }
                }
                s += (int) c * str[i];
            }
            return s;
        }), value);
    }

    static Mapped tile(int[] in, long[] repeats, Ctx ctx) {
        int r = in.length;
        if (repeats.length != r) throw ctx.error("repeats has " + repeats.length + " values for rank " + r);
        long[] dims = new long[r];
        for (int i = 0; i < r; i++) {
            if (repeats[i] < 0) throw ctx.error("negative repeat " + repeats[i]);
            dims[i] = in[i] * repeats[i];
            if (repeats[i] > Integer.MAX_VALUE || dims[i] > Integer.MAX_VALUE)
                throw ctx.error("repeats " + Arrays.toString(repeats) + " give too large a tensor");
        }
        int[] shape = NdArray.toIntShape(dims);
        NdArray.checkedSize(dims, 4, ctx.maxBytes(), "output of Tile node '" + ctx.node() + "'");
        int[] str = Shapes.strides(in);
        return new Mapped(shape, build(shape, ctx, idx -> {
            int s = 0;
            for (int i = 0; i < r; i++) s += (idx[i] % in[i]) * str[i];
            return s;
        }), 0);
    }

    static Mapped expand(int[] in, long[] target, Ctx ctx) {
        long[] t = target.clone();
        for (long d : t)
            if (d < 0 || d > Integer.MAX_VALUE) throw ctx.error("invalid dimension " + d + " in shape " + Arrays.toString(target));
        int[] shape = Shapes.broadcast(in, NdArray.toIntShape(t));
        if (shape == null) throw ctx.error("shape " + Arrays.toString(in) + " does not expand to " + Arrays.toString(target));
        long[] ld = new long[shape.length];
        for (int i = 0; i < ld.length; i++) ld[i] = shape[i];
        // The size is checked against the budget before any index map is allocated.
        NdArray.checkedSize(expandDims(in, t), 4, ctx.maxBytes(), "output of Expand node '" + ctx.node() + "'");
        alloc(shape, ctx);
        return new Mapped(shape, Shapes.broadcastMap(shape, in), 0);
    }

    private static long[] expandDims(int[] in, long[] t) {
        int r = Math.max(in.length, t.length);
        long[] o = new long[r];
        for (int i = 0; i < r; i++) {
            long a = i < r - in.length ? 1 : in[i - (r - in.length)];
            long b = i < r - t.length ? 1 : t[i - (r - t.length)];
            o[i] = a == 1 ? b : a;
        }
        return o;
    }

    /** Concatenation along an axis (float or integer inputs); the gradient is split back. */
    record Concat(long axis) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] s0 = in[0].shape;
            int a = Shapes.axis(axis, s0.length, ctx);
            int[] shape = s0.clone();
            shape[a] = 0;
            boolean fl = false;
            for (NdArray x : in) {
                if (x.rank() != s0.length) throw ctx.error("inputs differ in rank");
                for (int i = 0; i < s0.length; i++)
                    if (i != a && x.shape[i] != s0[i]) throw ctx.error("inputs differ in shape: " + Arrays.toString(s0) + " vs " + Arrays.toString(x.shape));
                shape[a] += x.shape[a];
                fl |= x.isFloat();
            }
            int outer = 1, inner = 1;
            for (int i = 0; i < a; i++) outer *= shape[i];
            for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
            if (fl) {
                float[] y = ctx.floats(shape);
                int off = 0;
                for (NdArray x : in) {
                    float[] v = x.asFloats();
                    int len = x.shape[a] * inner;
                    for (int o = 0; o < outer; o++) System.arraycopy(v, o * len, y, o * shape[a] * inner + off, len);
                    off += len;
                }
                return new NdArray[]{NdArray.floats(shape, y)};
            }
            long[] y = ctx.longs(shape);
            int off = 0;
            for (NdArray x : in) {
                int len = x.shape[a] * inner;
                for (int o = 0; o < outer; o++) System.arraycopy(x.l, o * len, y, o * shape[a] * inner + off, len);
                off += len;
            }
            return new NdArray[]{NdArray.longs(shape, y)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            int[] shape = out[0].shape;
            int a = Shapes.axis(axis, shape.length, ctx);
            int outer = 1;
            for (int i = 0; i < a; i++) outer *= shape[i];
            int inner = 1;
            for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
            float[] g = gOut[0].f;
            NdArray[] r = new NdArray[in.length];
            int off = 0;
            for (int k = 0; k < in.length; k++) {
                int len = in[k].shape[a] * inner;
                if (need[k]) {
                    float[] d = new float[in[k].size()];
                    for (int o = 0; o < outer; o++) System.arraycopy(g, o * shape[a] * inner + off, d, o * len, len);
                    r[k] = NdArray.floats(in[k].shape, d);
                }
                off += len;
            }
            return r;
        }
    }

    /** Split along an axis into the given sizes (from the attribute, the second input, or equal parts). */
    record Split(long axis, long[] sizesAttr, int outputs) implements Kernel {
        private int[] sizes(NdArray[] in, Ctx ctx) {
            int a = Shapes.axis(axis, in[0].rank(), ctx);
            long[] sz = in.length > 1 && in[1] != null ? in[1].ints(ctx, "split") : sizesAttr;
            int d = in[0].shape[a];
            int[] s = new int[outputs];
            if (sz == null) {
                int part = (d + outputs - 1) / outputs; // ceil, the last part smaller (opset 18 num_outputs rule)
                for (int i = 0; i < outputs; i++) s[i] = Math.max(0, Math.min(part, d - i * part));
            } else {
                if (sz.length != outputs) throw ctx.error("split has " + sz.length + " sizes for " + outputs + " outputs");
                long sum = 0;
                for (int i = 0; i < outputs; i++) {
                    if (sz[i] < 0) throw ctx.error("negative split size");
                    s[i] = (int) sz[i];
                    sum += sz[i];
                }
                if (sum != d) throw ctx.error("split sizes " + Arrays.toString(sz) + " do not add up to " + d);
            }
            return s;
        }

        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] sizes = sizes(in, ctx);
            int[] shape = in[0].shape;
            int a = Shapes.axis(axis, shape.length, ctx);
            int outer = 1, inner = 1;
            for (int i = 0; i < a; i++) outer *= shape[i];
            for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
            NdArray[] r = new NdArray[outputs];
            int off = 0;
            for (int k = 0; k < outputs; k++) {
                int[] s = shape.clone();
                s[a] = sizes[k];
                int len = sizes[k] * inner;
                if (in[0].isFloat()) {
                    float[] y = new float[outer * len];
                    for (int o = 0; o < outer; o++) System.arraycopy(in[0].f, o * shape[a] * inner + off, y, o * len, len);
                    r[k] = NdArray.floats(s, y);
                } else {
                    long[] y = new long[outer * len];
                    for (int o = 0; o < outer; o++) System.arraycopy(in[0].l, o * shape[a] * inner + off, y, o * len, len);
                    r[k] = NdArray.longs(s, y);
                }
                off += len;
            }
            return r;
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            int[] shape = in[0].shape;
            int a = Shapes.axis(axis, shape.length, ctx);
            int outer = 1, inner = 1;
            for (int i = 0; i < a; i++) outer *= shape[i];
            for (int i = a + 1; i < shape.length; i++) inner *= shape[i];
            float[] d = new float[in[0].size()];
            int off = 0;
            for (int k = 0; k < outputs; k++) {
                int len = out[k].shape[a] * inner;
                if (gOut[k] != null)
                    for (int o = 0; o < outer; o++) System.arraycopy(gOut[k].f, o * len, d, o * shape[a] * inner + off, len);
                off += len;
            }
            NdArray[] r = new NdArray[in.length];
            r[0] = NdArray.floats(shape, d);
            return r;
        }
    }

    /** Kernels with no gradient: Shape, Cast to integers, Constant, ConstantOfShape. */
    interface Fn {
        NdArray[] apply(NdArray[] in, Ctx ctx);
    }

    record NoGrad(Fn fn) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            return fn.apply(in, ctx);
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            // Outputs are integers or depend on the input only through its shape: the gradient is zero.
            return new NdArray[in.length];
        }
    }
}
