package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/** Comparisons and boolean logic (booleans are int64 0/1), Where, Range and ArgMax/ArgMin. */
final class LogicOps {
    private LogicOps() {
    }

    enum Cmp { EQUAL, LESS, GREATER, LESS_OR_EQUAL, GREATER_OR_EQUAL, AND, OR, XOR }

    /** Broadcasting comparison or logic: no gradient (its output is boolean). */
    record Compare(Cmp cmp) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            NdArray a = Values.array(in[0]), b = Values.array(in[1]);
            int[] shape = ctx.broadcast(a.shape, b.shape);
            if (shape == null) throw ctx.error("shapes " + Arrays.toString(a.shape) + " and " + Arrays.toString(b.shape) + " do not broadcast");
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
    record Where() implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            if (!Values.isInt(in[0])) throw ctx.error("condition must be boolean");
            NdArray c = (NdArray) in[0];
            int[] shape = ctx.broadcast(c.shape, Values.shape(in[1]));
            shape = shape == null ? null : ctx.broadcast(shape, Values.shape(in[2]));
            if (shape == null) throw ctx.error("shapes " + Arrays.toString(c.shape) + ", " + Arrays.toString(Values.shape(in[1])) + ", "
                    + Arrays.toString(Values.shape(in[2])) + " do not broadcast");
            ctx.check(shape);
            if (Values.isInt(in[1]) && Values.isInt(in[2])) {
                NdArray a = (NdArray) in[1], b = (NdArray) in[2];
                int[] mc = NdArray.broadcastMap(shape, c.shape), ma = NdArray.broadcastMap(shape, a.shape), mb = NdArray.broadcastMap(shape, b.shape);
                long[] r = ctx.longs(shape);
                for (int i = 0; i < r.length; i++) r[i] = c.l[mc[i]] != 0 ? a.l[ma[i]] : b.l[mb[i]];
                return new Object[]{NdArray.longs(shape, r)};
            }
            return new Object[]{Tensor.where(Values.tensor(c), Values.tensor(in[1]), Values.tensor(in[2]))};
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
    static NdArray[] arg(NdArray x, long axis, boolean keepDims, boolean last, boolean max, Ctx ctx) {
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
        int[] shape;
        if (keepDims) {
            shape = s.clone();
            shape[a] = 1;
        } else {
            shape = new int[s.length - 1];
            for (int i = 0, k = 0; i < s.length; i++) if (i != a) shape[k++] = s[i];
        }
        return new NdArray[]{NdArray.longs(shape, r)};
    }
}
