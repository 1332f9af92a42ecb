package dev.lucent.network.onnx;

import java.util.Arrays;

/** ReduceSum, ReduceMean, ReduceMax, ReduceMin over a set of axes, with or without kept dimensions. */
record ReduceOps(Kind kind, long[] axesAttr, boolean keepDims, boolean noopWithEmptyAxes) implements Kernel {

    enum Kind { SUM, MEAN, MAX, MIN }

    private record Plan(int[] outShape, int[] map, int[] count) {
    }

    private Plan plan(NdArray[] in, Ctx ctx) {
        int[] s = in[0].shape;
        long[] axes = in.length > 1 && in[1] != null ? in[1].ints(ctx, "axes") : axesAttr;
        boolean[] red = new boolean[s.length];
        if (axes == null || axes.length == 0) {
            if (!noopWithEmptyAxes) Arrays.fill(red, true);
        } else {
            for (long a : axes) red[Shapes.axis(a, s.length, ctx)] = true;
        }
        int[] kept = new int[s.length];
        for (int i = 0; i < s.length; i++) kept[i] = red[i] ? 1 : s[i];
        int[] outShape = keepDims ? kept : java.util.stream.IntStream.range(0, s.length).filter(i -> !red[i]).map(i -> s[i]).toArray();
        // Each input element's output position: the kept-dims shape broadcast back over the input.
        int n = NdArray.size(s);
        int[] map = new int[n];
        int[] ks = Shapes.strides(kept);
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

    @Override
    public NdArray[] forward(NdArray[] in, Ctx ctx) {
        Plan p = plan(in, ctx);
        double[] acc = new double[p.count.length];
        if (kind == Kind.MAX) Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        if (kind == Kind.MIN) Arrays.fill(acc, Double.POSITIVE_INFINITY);
        NdArray x = in[0];
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
        if (!x.isFloat() && kind != Kind.MEAN) {
            long[] y = new long[acc.length];
            for (int o = 0; o < y.length; o++) y[o] = (long) acc[o];
            return new NdArray[]{NdArray.longs(p.outShape, y)};
        }
        float[] y = new float[acc.length];
        for (int o = 0; o < y.length; o++) y[o] = (float) acc[o];
        return new NdArray[]{NdArray.floats(p.outShape, y)};
    }

    @Override
    public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
        Plan p = plan(in, ctx);
        float[] x = in[0].f, y = out[0].f, g = gOut[0].f, dx = new float[x.length];
        boolean[] taken = new boolean[y.length];
        for (int i = 0; i < x.length; i++) {
            int o = p.map[i];
            switch (kind) {
                case SUM -> dx[i] = g[o];
                case MEAN -> dx[i] = g[o] / p.count[o];
                default -> {
                    // The gradient goes to the first extreme element.
                    if (!taken[o] && x[i] == y[o]) {
                        dx[i] = g[o];
                        taken[o] = true;
                    }
                }
            }
        }
        NdArray[] r = new NdArray[in.length];
        r[0] = NdArray.floats(in[0].shape, dx);
        return r;
    }
}
