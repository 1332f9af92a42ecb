package dev.lucent.network.onnx;

import dev.lucent.network.kernel.Shapes;
import dev.lucent.network.api.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/** Data movement: native views (reshape and friends, transpose, slice, expand, index), gather, pad, concat, split; index maps for take where no view exists. */
final class ShapeOps {
    private ShapeOps() {
    }

    /** Computes the new shape of a copy-free view. */
    interface ViewShape {
        int[] of(NdArray[] in, Ctx ctx);
    }

    /** Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout (inference): same data, another shape (the native reshape). */
    record View(ViewShape shape) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] s = shape.of(stubs(in), ctx);
            int[] from = Values.shape(in[0]);
            if (NdArray.size(s) != NdArray.size(from))
                throw ctx.error("cannot view " + Arrays.toString(from) + " as " + Arrays.toString(s));
            return new Object[]{in[0] instanceof NdArray a ? a.reshaped(s) : ((Tensor) in[0]).reshape(s)};
        }
    }

    /**
     * The inputs as arrays for shape computations: the first one (the data) by its shape only, so a
     * float tensor is never copied to find where its elements go; the others (shapes, axes, indices) whole.
     */
    static NdArray[] stubs(Object[] in) {
        NdArray[] r = Values.arrays(in);
        if (in[0] instanceof Tensor t) r[0] = NdArray.shapeOnly(t.shape());
        return r;
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
                int ax = ctx.axis(a, in.length);
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
            int ax = ctx.axis(a, r);
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

    /** Any op whose output elements are input elements at computed positions: the native take, whose gradient scatters back. */
    record IndexMap(MapFn fn) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            Mapped m = fn.of(stubs(in), ctx);
            if (in[0] instanceof Tensor t) return new Object[]{t.take(m.map, m.fill, m.shape)};
            return NdArray.moved(new NdArray[]{(NdArray) in[0]}, (long) m.fill, ctx, p -> new Tensor[]{p[0].take(m.map, -1, m.shape)});
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

    /** A movement the engine has natively (a view where one exists): Transpose, Slice, Gather, Expand. */
    interface MoveFn {
        Tensor of(Tensor x, NdArray[] in, Ctx ctx);
    }

    /**
     * Runs a native movement on float tensors; int64 values (shapes, indices) move by the same op on their
     * positions ({@link NdArray#moved}).
     */
    record Move(MoveFn fn) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            NdArray[] args = stubs(in);
            if (in[0] instanceof Tensor t) return new Object[]{fn.of(t, args, ctx)};
            return NdArray.moved(new NdArray[]{(NdArray) in[0]}, 0, ctx, p -> new Tensor[]{fn.of(p[0], args, ctx)});
        }
    }

    /** Transpose: the native permute (a view). */
    static Tensor transpose(Tensor x, long[] perm, Ctx ctx) {
        int r = x.rank();
        int[] p = new int[r];
        if (perm == null) for (int i = 0; i < r; i++) p[i] = r - 1 - i;
        else {
            if (perm.length != r) throw ctx.error("perm " + Arrays.toString(perm) + " for rank " + r);
            boolean[] seen = new boolean[r];
            for (int i = 0; i < r; i++) {
                int a = ctx.axis(perm[i], r);
                if (seen[a]) throw ctx.error("perm " + Arrays.toString(perm) + " repeats an axis");
                seen[a] = true;
                p[i] = a;
            }
        }
        return x.permute(p);
    }

    /** Slice, any step: one native slice (a view) per axis; int64 starts and ends are clamped here, as ONNX says. */
    static Tensor slice(Tensor x, long[] starts, long[] ends, long[] axes, long[] steps, Ctx ctx) {
        int r = x.rank();
        if (ends.length != starts.length) throw ctx.error("starts and ends differ in length");
        if (axes != null && axes.length != starts.length) throw ctx.error("axes and starts differ in length");
        if (steps != null && steps.length != starts.length) throw ctx.error("steps and starts differ in length");
        boolean[] seen = new boolean[r];
        Tensor y = x;
        for (int i = 0; i < starts.length; i++) {
            int a = axes == null ? i : ctx.axis(axes[i], r);
            if (a >= r) throw ctx.error("starts has " + starts.length + " values for rank " + r);
            if (seen[a]) throw ctx.error("axis " + a + " sliced twice");
            seen[a] = true;
            long step = steps == null ? 1 : steps[i];
            if (step == 0) throw ctx.error("slice step 0");
            long d = x.shape()[a], s = starts[i], e = ends[i];
            if (s < 0) s += d;
            if (e < 0) e += d;
            // clamped as ONNX does; -1 (before the first element, for negative steps) passed as -(d + 1), which
            // the native slice reads the same way
            s = step > 0 ? Math.max(0, Math.min(s, d)) : Math.max(-1, Math.min(s, d - 1));
            e = step > 0 ? Math.max(0, Math.min(e, d)) : Math.max(-1, Math.min(e, d - 1));
            step = Math.max(-(d + 1), Math.min(step, d + 1));
            y = y.slice(a, (int) (s < 0 ? -(d + 1) : s), (int) (e < 0 ? -(d + 1) : e), (int) step);
        }
        return y;
    }

    /** Gather: a scalar index on axis 0 is the native index (a view), anything else the native gather. */
    static Tensor gather(Tensor x, NdArray indices, long axis, Ctx ctx) {
        int a = ctx.axis(axis, x.rank());
        long[] ix = indices.asLongs();
        int dim = x.shape()[a];
        int[] idx = new int[ix.length];
        for (int i = 0; i < ix.length; i++) {
            long v = ix[i];
            if (v < -dim || v >= dim) throw ctx.error("index " + v + " out of range for axis " + a + " of size " + dim);
            idx[i] = (int) (v < 0 ? v + dim : v);
        }
        if (a == 0 && indices.rank() == 0) return x.index(idx[0]);
        int[] shape = x.shape();
        int[] out = new int[shape.length - 1 + indices.rank()];
        System.arraycopy(shape, 0, out, 0, a);
        System.arraycopy(indices.shape, 0, out, a, indices.rank());
        System.arraycopy(shape, a + 1, out, a + indices.rank(), shape.length - a - 1);
        ctx.check(out);
        return x.gather(a, idx, indices.shape.clone());
    }

    /** Expand: the native expand (a view) to the broadcast of the input and target shapes, checked against the budget. */
    static Tensor expand(Tensor x, long[] target, Ctx ctx) {
        int[] in = x.shape();
        for (long d : target)
            if (d < 0 || d > Integer.MAX_VALUE) throw ctx.error("invalid dimension " + d + " in shape " + Arrays.toString(target));
        int[] shape = ctx.broadcast(in, NdArray.toIntShape(target));
        if (shape == null) throw ctx.error("shape " + Arrays.toString(in) + " does not expand to " + Arrays.toString(target));
        ctx.check(shape); // in 64 bits: a view allocates nothing, the ops after it do
        return x.expand(shape);
    }

    /**
     * Pad, its pads and fill value from attributes (opset < 11: {@code padsAttr} set) or inputs. Constant padding of
     * float tensors by non-negative amounts is the native pad; crops, reflect and edge an index map for take.
     */
    record Pad(String mode, long[] padsAttr, float valueAttr) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            NdArray[] a = stubs(in);
            long[] pads = padsAttr != null ? padsAttr : a[1].ints(ctx, "pads");
            if (padsAttr == null && a.length > 3 && a[3] != null) pads = padsForAxes(pads, a[3].ints(ctx, "axes"), a[0].rank(), ctx);
            float value = padsAttr != null ? valueAttr : a.length > 2 && a[2] != null && a[2].size() > 0 ? (float) a[2].get(0) : 0f;
            int[] shape = padShape(a[0].shape, pads, mode, ctx);
            if (in[0] instanceof Tensor t && mode.equals("constant") && Arrays.stream(pads).allMatch(p -> p >= 0)) {
                ctx.check(shape);
                return new Object[]{t.pad(Arrays.stream(pads).mapToInt(p -> (int) p).toArray(), value)}; // each below a checked dimension
            }
            long[] p = pads;
            return new IndexMap((x, c) -> pad(x[0].shape, p, mode, value, c)).run(in, ctx);
        }
    }

    private static long[] padsForAxes(long[] pads, long[] axes, int rank, Ctx ctx) {
        if (pads.length != 2 * axes.length) throw ctx.error("pads has " + pads.length + " values for " + axes.length + " axes");
        long[] full = new long[2 * rank];
        for (int i = 0; i < axes.length; i++) {
            int a = ctx.axis(axes[i], rank);
            full[a] = pads[i];
            full[a + rank] = pads[i + axes.length];
        }
        return full;
    }

    static int[] padShape(int[] in, long[] pads, String mode, Ctx ctx) {
        int r = in.length;
        if (pads.length != 2 * r) throw ctx.error("pads has " + pads.length + " values for rank " + r);
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) {
            if (Math.max(Math.abs(pads[i]), Math.abs(pads[i + r])) > Integer.MAX_VALUE || pads[i] == Long.MIN_VALUE || pads[i + r] == Long.MIN_VALUE)
                throw ctx.error("pads " + Arrays.toString(pads) + " give too large a dimension");
            long d = in[i] + pads[i] + pads[i + r];
            if (d < 0 || d > Integer.MAX_VALUE) throw ctx.error("pads " + Arrays.toString(pads) + " give dimension " + d);
            shape[i] = (int) d;
            if (mode.equals("reflect") && in[i] < 2 && (pads[i] > 0 || pads[i + r] > 0))
                throw ctx.error("reflect padding of an axis of size " + in[i]);
            if (!mode.equals("constant") && in[i] == 0 && shape[i] > 0) throw ctx.error(mode + " padding of an empty axis");
        }
        return shape;
    }

    static Mapped pad(int[] in, long[] pads, String mode, float value, Ctx ctx) {
        int r = in.length;
        int[] shape = padShape(in, pads, mode, ctx);
        int[] str = Shapes.contiguousStrides(in);
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
        int[] str = Shapes.contiguousStrides(in);
        return new Mapped(shape, build(shape, ctx, idx -> {
            int s = 0;
            for (int i = 0; i < r; i++) s += (idx[i] % in[i]) * str[i];
            return s;
        }), 0);
    }

    /** Concatenation along an axis: the native concat for floats, exact for int64 shapes. */
    record Concat(long axis) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] s0 = Values.shape(in[0]);
            int a = ctx.axis(axis, s0.length);
            int[] shape = s0.clone();
            shape[a] = 0;
            boolean ints = true;
            for (Object x : in) {
                int[] xs = Values.shape(x);
                if (xs.length != s0.length) throw ctx.error("inputs differ in rank");
                for (int i = 0; i < s0.length; i++)
                    if (i != a && xs[i] != s0[i]) throw ctx.error("inputs differ in shape: " + Arrays.toString(s0) + " vs " + Arrays.toString(xs));
                shape[a] += xs[a];
                ints &= Values.isInt(x);
            }
            ctx.check(shape);
            if (ints) return NdArray.moved(Values.arrays(in), 0, ctx, p -> new Tensor[]{Tensor.concat(a, p)});
            Tensor[] parts = new Tensor[in.length];
            for (int k = 0; k < parts.length; k++) parts[k] = Values.tensor(in[k]);
            return new Object[]{Tensor.concat(a, parts)};
        }
    }

    /** Split along an axis into the given sizes (from the attribute, the second input, or equal parts): native slices. */
    record Split(long axis, long[] sizesAttr, int outputs) implements Kernel {
        private int[] sizes(int[] shape, NdArray split, Ctx ctx) {
            int a = ctx.axis(axis, shape.length);
            long[] sz = split != null ? split.ints(ctx, "split") : sizesAttr;
            int d = shape[a];
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
        public Object[] run(Object[] in, Ctx ctx) {
            int[] shape = Values.shape(in[0]);
            int[] sizes = sizes(shape, in.length > 1 ? Values.array(in[1]) : null, ctx);
            int a = ctx.axis(axis, shape.length);
            Function<Tensor, Tensor[]> parts = t -> {
                Tensor[] r = new Tensor[outputs];
                for (int k = 0, off = 0; k < outputs; off += sizes[k], k++) r[k] = t.slice(a, off, off + sizes[k], 1);
                return r;
            };
            if (in[0] instanceof Tensor t) return parts.apply(t);
            return NdArray.moved(new NdArray[]{(NdArray) in[0]}, 0, ctx, p -> parts.apply(p[0]));
        }
    }

    /** Nodes whose outputs are integers or depend on the input only through its shape: Shape, Cast to integers, Constant, Range, ArgMax. */
    interface Fn {
        NdArray[] apply(NdArray[] in, Ctx ctx);
    }

    record NoGrad(Fn fn) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            return Values.of(fn.apply(Values.arrays(in), ctx));
        }
    }
}
