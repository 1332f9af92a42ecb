package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/** Comparisons and boolean logic (booleans are int64 0/1), Where, Range and ArgMax/ArgMin. */
final class LogicOps {
    private LogicOps() {
    }

    enum Cmp { EQUAL, LESS, GREATER, LESS_OR_EQUAL, GREATER_OR_EQUAL, AND, OR, XOR }

    /** Broadcasting comparison or logic: no gradient (its output is boolean). */
    record Compare(Cmp cmp) implements Kernel.TakesInts {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] shape = ctx.broadcast(Values.shape(in[0]), Values.shape(in[1]));
            if (shape == null)
                throw ctx.error("shapes " + Arrays.toString(Values.shape(in[0])) + " and " + Arrays.toString(Values.shape(in[1])) + " do not broadcast");
            if (!(in[0] instanceof NdArray && in[1] instanceof NdArray)) { // run time
                ctx.check(shape);
                boolean ints = Values.isInteger(in[0]) && Values.isInteger(in[1]);
                Tensor a = ints ? Values.exact(in[0], ctx) : Values.tensor(in[0]), b = ints ? Values.exact(in[1], ctx) : Values.tensor(in[1]);
                return new Object[]{Values.ints(masks(a, b), ctx)};
            }
            NdArray a = (NdArray) in[0], b = (NdArray) in[1];
            int[] ma = NdArray.broadcastMap(shape, a.shape), mb = NdArray.broadcastMap(shape, b.shape);
            long[] r = ctx.longs(shape);
            boolean ints = !a.isFloat() && !b.isFloat();
            for (int i = 0; i < r.length; i++) {
                boolean v;
                if (ints) {
                    long x = a.l[ma[i]], y = b.l[mb[i]];
                    v = test(Long.compare(x, y), x != 0, y != 0);
                } else {
                    double x = a.get(ma[i]), y = b.get(mb[i]);
                    v = !Double.isNaN(x) && !Double.isNaN(y) ? test(Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y), x != 0, y != 0)
                            : cmp == Cmp.AND || cmp == Cmp.OR || cmp == Cmp.XOR ? test(0, x != 0, y != 0) : false;
                }
                r[i] = v ? 1 : 0;
            }
            return new Object[]{NdArray.longs(shape, r)};
        }

        /** Run time: the native 0/1 masks; the logic ops on truth values (nonzero, NaN included) as products and maxima. */
        private Tensor masks(Tensor a, Tensor b) {
            return switch (cmp) {
                case EQUAL -> a.eq(b);
                case LESS -> a.lt(b);
                case GREATER -> a.gt(b);
                case LESS_OR_EQUAL -> a.le(b);
                case GREATER_OR_EQUAL -> a.ge(b);
                case AND -> truth(a).mul(truth(b));
                case OR -> truth(a).maximum(truth(b));
                case XOR -> not(truth(a).eq(truth(b)));
            };
        }

        private boolean test(int c, boolean p, boolean q) {
            return switch (cmp) {
                case EQUAL -> c == 0;
                case LESS -> c < 0;
                case GREATER -> c > 0;
                case LESS_OR_EQUAL -> c <= 0;
                case GREATER_OR_EQUAL -> c >= 0;
                case AND -> p && q;
                case OR -> p || q;
                case XOR -> p ^ q;
            };
        }
    }

    /** Where(cond, a, b) with three-way broadcasting: the native where, so the gradient flows to the chosen side. */
    record Where() implements Kernel.TakesInts {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            if (!Values.isInteger(in[0])) throw ctx.error("condition must be boolean");
            int[] cs = Values.shape(in[0]);
            int[] shape = ctx.broadcast(cs, Values.shape(in[1]));
            shape = shape == null ? null : ctx.broadcast(shape, Values.shape(in[2]));
            if (shape == null) throw ctx.error("shapes " + Arrays.toString(cs) + ", " + Arrays.toString(Values.shape(in[1])) + ", "
                    + Arrays.toString(Values.shape(in[2])) + " do not broadcast");
            ctx.check(shape);
            boolean ints = Values.isInteger(in[1]) && Values.isInteger(in[2]);
            if (ints && in[0] instanceof NdArray c && in[1] instanceof NdArray a && in[2] instanceof NdArray b) { // folding: exact int64
                int[] mc = NdArray.broadcastMap(shape, c.shape), ma = NdArray.broadcastMap(shape, a.shape), mb = NdArray.broadcastMap(shape, b.shape);
                long[] r = ctx.longs(shape);
                for (int i = 0; i < r.length; i++) r[i] = c.l[mc[i]] != 0 ? a.l[ma[i]] : b.l[mb[i]];
                return new Object[]{NdArray.longs(shape, r)};
            }
            if (!ints) return new Object[]{Tensor.where(Values.tensor(in[0]), Values.tensor(in[1]), Values.tensor(in[2]))};
            return new Object[]{Values.ints(Tensor.where(Values.tensor(in[0]), Values.exact(in[1], ctx), Values.exact(in[2], ctx)), ctx)};
        }
    }

    /** 1 where x is true (nonzero or NaN), else 0. */
    static Tensor truth(Tensor x) {
        return not(not(x));
    }

    /** 1 where x is zero, else 0: Not on truth values. */
    static Tensor not(Tensor x) {
        return x.eq(Tensor.scalar(0));
    }

    /** Toward zero, as a float-to-integer Cast: sign(x) floor(|x|), exact for every float. */
    static Tensor trunc(Tensor x) {
        return x.sign().mul(x.abs().floor());
    }

    /** Not: booleans of either kind. */
    record Not() implements Kernel.TakesInts {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            if (in[0] instanceof NdArray x) {
                long[] r = new long[x.size()];
                for (int i = 0; i < r.length; i++) r[i] = x.get(i) == 0 ? 1 : 0;
                return new Object[]{NdArray.longs(x.shape, r)};
            }
            return new Object[]{Values.ints(not(Values.tensor(in[0])), ctx)};
        }
    }

    /** Cast to an integer type: truncation toward zero, BOOL as nonzero; folded values keep exact int64. */
    record ToInt(boolean bool) implements Kernel.TakesInts {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            if (in[0] instanceof NdArray x) {
                long[] r = new long[x.size()];
                for (int i = 0; i < r.length; i++) r[i] = bool ? (x.get(i) != 0 ? 1 : 0) : x.getLong(i);
                return new Object[]{NdArray.longs(x.shape, r)};
            }
            Tensor x = Values.tensor(in[0]);
            return new Object[]{Values.ints(bool ? truth(x) : trunc(x), ctx)};
        }
    }

    /** ArgMax / ArgMin: folded values by the loop below; at run time composed from native ops. */
    record Arg(long axis, boolean keepDims, boolean last, boolean max) implements Kernel.TakesInts {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            if (in[0] instanceof NdArray x) return arg(x, axis, keepDims, last, max, ctx);
            Tensor x = Values.tensor(in[0]).detach();
            int[] s = x.shape();
            if (s.length == 0) throw ctx.error("input must have at least one axis");
            int a = ctx.axis(axis, s.length), n = s[a];
            if (n == 0) throw ctx.error("axis " + axis + " is empty");
            if (x.size() == 0) return new Object[]{new Values.Ints(Tensor.of(new float[0], argShape(s, a, keepDims)))};
            // positions along the axis where the extreme sits, then the first (or last) of them
            Tensor hit = x.eq(max ? x.max(true, a) : x.min(true, a));
            float[] pos = new float[n];
            for (int i = 0; i < n; i++) pos[i] = i;
            int[] ps = new int[s.length];
            Arrays.fill(ps, 1);
            ps[a] = n;
            Tensor at = Tensor.of(pos, ps), r;
            if (last) r = Tensor.where(hit, at, Tensor.scalar(-1)).max(keepDims, a).maximum(Tensor.scalar(0));
            else {
                r = Tensor.where(hit, at, Tensor.scalar(n)).min(keepDims, a);
                r = r.mul(r.lt(Tensor.scalar(n))); // no hit (a NaN extreme): index 0
            }
            return new Object[]{Values.ints(r, ctx)};
        }
    }

    /** Range(start, limit, delta): the element count is checked against the budget first. */
    static NdArray[] range(NdArray[] in, Ctx ctx) {
        for (int k = 0; k < 3; k++)
            if (in[k].size() != 1) throw ctx.error("start, limit and delta must be scalars");
        double start = in[0].get(0), limit = in[1].get(0), delta = in[2].get(0);
        if (delta == 0 || Double.isNaN(start + limit + delta)) throw ctx.error("invalid range " + start + ", " + limit + ", " + delta);
        double count = Math.max(0, Math.ceil((limit - start) / delta));
        long n = NdArray.checkedSize(new long[]{(long) Math.min(count, Long.MAX_VALUE / 16)}, 8, ctx.maxBytes(), "output of Range node '" + ctx.node() + "'");
        if (in[0].isFloat() || in[1].isFloat() || in[2].isFloat()) {
            float[] r = new float[(int) n];
            for (int i = 0; i < n; i++) r[i] = (float) (start + i * delta);
            return new NdArray[]{NdArray.floats(new int[]{(int) n}, r)};
        }
        long[] r = new long[(int) n];
        for (int i = 0; i < n; i++) r[i] = in[0].l[0] + i * in[2].l[0];
        return new NdArray[]{NdArray.longs(new int[]{(int) n}, r)};
    }

    /** ArgMax / ArgMin along an axis (first or last extreme index). */
    static Object[] arg(NdArray x, long axis, boolean keepDims, boolean last, boolean max, Ctx ctx) {
        int[] s = x.shape;
        int a = ctx.axis(axis, Math.max(1, s.length));
        if (s.length == 0) throw ctx.error("input must have at least one axis");
        int outer = 1, inner = 1, n = s[a];
        if (n == 0) throw ctx.error("axis " + axis + " is empty");
        for (int i = 0; i < a; i++) outer *= s[i];
        for (int i = a + 1; i < s.length; i++) inner *= s[i];
        long[] r = new long[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) {
                int best = 0;
                double bv = x.get(o * n * inner + j);
                for (int i = 1; i < n; i++) {
                    double v = x.get((o * n + i) * inner + j);
                    boolean better = max ? (last ? v >= bv : v > bv) : (last ? v <= bv : v < bv);
                    if (better) {
                        best = i;
                        bv = v;
                    }
                }
                r[o * inner + j] = best;
            }
        return new Object[]{NdArray.longs(argShape(s, a, keepDims), r)};
    }

    private static int[] argShape(int[] s, int a, boolean keepDims) {
        if (keepDims) {
            int[] shape = s.clone();
            shape[a] = 1;
            return shape;
        }
        int[] shape = new int[s.length - 1];
        for (int i = 0, k = 0; i < s.length; i++) if (i != a) shape[k++] = s[i];
        return shape;
    }
}
