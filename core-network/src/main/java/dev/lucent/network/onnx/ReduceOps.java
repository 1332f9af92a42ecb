package dev.lucent.network.onnx;

import dev.lucent.network.kernel.Shapes;
import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/** ReduceSum, ReduceMean, ReduceMax, ReduceMin over a set of axes, with or without kept dimensions. */
record ReduceOps(Kind kind, long[] axesAttr, boolean keepDims, boolean noopWithEmptyAxes) implements Kernel.TakesInts {

    enum Kind { SUM, MEAN, MAX, MIN }

    private record Plan(int[] outShape, int[] map, int[] count) {
    }

    private boolean[] reduced(int[] s, long[] axes, Ctx ctx) {
        boolean[] red = new boolean[s.length];
        if (axes == null || axes.length == 0) {
            if (!noopWithEmptyAxes) Arrays.fill(red, true);
        } else {
            for (long a : axes) red[ctx.axis(a, s.length)] = true;
        }
        return red;
    }

    /** Floats: the native sum, mean, max and min; int64 (shape arithmetic): exact, below. */
    @Override
    public Object[] run(Object[] in, Ctx ctx) {
        long[] axes = in.length > 1 && in[1] != null ? Values.array(in[1]).ints(ctx, "axes") : axesAttr;
        if (Values.isInt(in[0])) return new Object[]{ints((NdArray) in[0], axes, ctx)};
        Tensor x = Values.tensor(in[0]);
        int[] s = x.shape();
        boolean[] red = reduced(s, axes, ctx);
        int[] ax = java.util.stream.IntStream.range(0, s.length).filter(i -> red[i]).toArray();
        if (ax.length == 0) return new Object[]{in[0]};
        for (int a : ax)
            if (s[a] == 0 && (kind == Kind.MAX || kind == Kind.MIN)) throw ctx.error("reduces the empty axis " + a);
        Tensor y = switch (kind) {
            case SUM -> x.sum(keepDims, ax);
            case MEAN -> x.mean(keepDims, ax);
            case MAX -> x.max(keepDims, ax);
            case MIN -> x.min(keepDims, ax);
        };
        return new Object[]{in[0] instanceof Values.Ints ? Values.ints(LogicOps.trunc(y), ctx) : y};
    }

    private Plan plan(int[] s, long[] axes, Ctx ctx) {
        boolean[] red = reduced(s, axes, ctx);
        int[] kept = new int[s.length];
        for (int i = 0; i < s.length; i++) kept[i] = red[i] ? 1 : s[i];
        int[] outShape = keepDims ? kept : java.util.stream.IntStream.range(0, s.length).filter(i -> !red[i]).map(i -> s[i]).toArray();
        // Each input element's output position: the kept-dims shape broadcast back over the input.
        int n = NdArray.size(s);
        int[] map = new int[n];
        int[] ks = Shapes.contiguousStrides(kept);
        int[] idx = new int[s.length];
        int[] count = new int[NdArray.size(kept)];
        for (int k = 0; k < n; k++) {
            int o = 0;
            for (int i = 0; i < s.length; i++) if (!red[i]) o += idx[i] * ks[i];
            map[k] = o;
            count[o]++;
            for (int a = s.length - 1; a >= 0; a--) {
                if (++idx[a] < s[a]) break;
                idx[a] = 0;
            }
        }
        return new Plan(outShape, map, count);
    }

    private NdArray ints(NdArray x, long[] axes, Ctx ctx) {
        Plan p = plan(x.shape, axes, ctx);
        double[] acc = new double[p.count.length];
        if (kind == Kind.MAX) Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        if (kind == Kind.MIN) Arrays.fill(acc, Double.POSITIVE_INFINITY);
        for (int i = 0; i < p.map.length; i++) {
            double v = x.get(i);
            int o = p.map[i];
            acc[o] = switch (kind) {
                case SUM, MEAN -> acc[o] + v;
                case MAX -> Math.max(acc[o], v);
                case MIN -> Math.min(acc[o], v);
            };
        }
        if (kind == Kind.MEAN) for (int o = 0; o < acc.length; o++) acc[o] /= p.count[o];
        long[] y = new long[acc.length];
        for (int o = 0; o < y.length; o++) y[o] = (long) acc[o];
        return NdArray.longs(p.outShape, y);
    }
}
