package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.Shapes;
import dev.lucent.network.kernel.Softmax;

import java.util.Arrays;

/** Reductions over axes (sum, mean, max) and the stable softmax / log-softmax. */
final class Reductions {
    private Reductions() {
    }

    /** Sorted, distinct, non-negative axes. */
    static int[] axes(int[] axes, int rank) {
        boolean[] seen = new boolean[rank];
        for (int a : axes) {
            int n = Shapes.normalizeAxis(a, rank);
            if (seen[n]) throw new IllegalArgumentException("axis " + a + " given twice in " + Arrays.toString(axes));
            seen[n] = true;
        }
        int[] out = new int[axes.length];
        int k = 0;
        for (int i = 0; i < rank; i++) if (seen[i]) out[k++] = i;
        return out;
    }

    static int[] keptShape(int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int a : axes) kept[a] = 1;
        return kept;
    }

    static int[] droppedShape(int[] shape, int[] axes) {
        int[] out = new int[shape.length - axes.length];
        int k = 0;
        outer:
        for (int i = 0; i < shape.length; i++) {
            for (int a : axes) if (a == i) continue outer;
            out[k++] = shape[i];
        }
        return out;
    }

    static Tensor sum(Tensor x, int[] axesIn, boolean keepDims) {
        long t0 = Tensor.tick();
        int[] axes = axes(axesIn, x.rank());
        int[] kept = keptShape(x.shape, axes);
        int[] keptStrides = Shapes.broadcastStrides(kept, Shapes.contiguousStrides(kept), x.shape);
        float[] y = StepArena.alloc(Shapes.size(kept));
        // accumulate in row-major order of x: a fixed order, so results never depend on threads
        Shapes.addStrided(x.dense(), x.shape, y, 0, keptStrides);
        int[] outShape = keepDims ? kept : droppedShape(x.shape, axes);
        return Tensor.result("sum", x.size, t0, y, outShape, g -> {
            float[] e = StepArena.alloc(x.size);
            Shapes.copyStrided(g, 0, x.shape, keptStrides, e, 0);
            float[] dx = x.gradBuffer();
            for (int i = 0; i < e.length; i++) dx[i] += e[i];
        }, x);
    }

    static Tensor mean(Tensor x, int[] axesIn, boolean keepDims) {
        int[] axes = axes(axesIn, x.rank());
        long count = 1;
        for (int a : axes) count *= x.shape[a];
        if (count == 0) throw new IllegalArgumentException("mean over an empty axis of shape " + Arrays.toString(x.shape));
        return sum(x, axes, keepDims).mul(1f / count);
    }

    /** Max over axes, reduced one axis at a time; the gradient goes to the first maximal entry. */
    static Tensor max(Tensor x, int[] axesIn, boolean keepDims) {
        int[] axes = axes(axesIn, x.rank());
        Tensor t = x;
        for (int a : axes) t = maxAxis(t, a);
        return keepDims ? t : t.reshape(droppedShape(x.shape, axes));
    }

    private static Tensor maxAxis(Tensor x, int axis) {
        long t0 = Tensor.tick();
        int len = x.shape[axis];
        if (len == 0) throw new IllegalArgumentException("max over empty axis " + axis + " of shape " + Arrays.toString(x.shape));
        int inner = 1;
        for (int i = axis + 1; i < x.rank(); i++) inner *= x.shape[i];
        int outer = x.size / (len * inner);
        float[] xs = x.dense();
        float[] y = StepArena.alloc(outer * inner);
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                float best = xs[base];
                int bi = 0;
                for (int j = 1; j < len; j++) {
                    float v = xs[base + j * inner];
                    if (v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                        best = v;
                        bi = j;
                    }
                }
                y[o * inner + i] = best;
                arg[o * inner + i] = base + bi * inner;
            }
        }
        int[] outShape = x.shape.clone();
        outShape[axis] = 1;
        return Tensor.result("max", x.size, t0, y, outShape, g -> {
            float[] dx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) dx[arg[i]] += g[i];
        }, x);
    }

    /** Softmax (or log-softmax) along an axis, shifted by the maximum so large logits do not overflow. */
    static Tensor softmax(Tensor x, int axisIn, boolean log) {
        long t0 = Tensor.tick();
        int axis = Shapes.normalizeAxis(axisIn, x.rank());
        int len = x.shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < x.rank(); i++) inner *= x.shape[i];
        int outer = len == 0 ? 0 : x.size / (len * inner);
        float[] xs = x.dense();
        float[] y = StepArena.alloc(x.size);
        Softmax.forward(xs, y, outer, len, inner, log);
        final int in = inner, out = outer;
        return Tensor.result(log ? "log_softmax" : "softmax", 4L * x.size, t0, y, x.shape.clone(),
                g -> Softmax.backward(y, g, x.gradBuffer(), out, len, in, log), x);
    }
}
