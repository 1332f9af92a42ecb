package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.Shapes;

import java.util.Arrays;

/** Shape ops: views (reshape, permute, expand, slice) where the layout allows, copies otherwise. */
final class ShapeOps {
    private ShapeOps() {
    }

    static int[] resolve(int[] newShape, int size) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("only one -1 allowed in shape " + Arrays.toString(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(newShape));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0)
                throw new IllegalArgumentException("cannot reshape " + size + " values to " + Arrays.toString(newShape));
            s[infer] = (int) (size / known);
        }
        if (Shapes.size(s) != size)
            throw new IllegalArgumentException("cannot reshape " + size + " values to " + Arrays.toString(newShape));
        return s;
    }

    static Tensor reshape(Tensor x, int[] newShape) {
        int[] s = resolve(newShape, x.size);
        Tensor.Backward bw = g -> {
            float[] dx = x.gradBuffer();
            for (int i = 0; i < g.length; i++) dx[i] += g[i];
        };
        if (x.isContiguous()) return Tensor.view("reshape", x, x.offset, s, Shapes.contiguousStrides(s), bw);
        long t0 = Tensor.tick();
        return Tensor.result("reshape", 0, t0, x.toArray(), s, bw, x);
    }

    static Tensor flatten(Tensor x, int axis) {
        int a = axis == x.rank() ? axis : Shapes.normalizeAxis(axis, Math.max(1, x.rank()));
        int[] s = new int[a + 1];
        System.arraycopy(x.shape, 0, s, 0, a);
        int rest = 1;
        for (int i = a; i < x.rank(); i++) rest *= x.shape[i];
        s[a] = rest;
        return reshape(x, s);
    }

    static Tensor permute(Tensor x, int[] order) {
        int r = x.rank();
        if (order.length != r) throw new IllegalArgumentException("permutation " + Arrays.toString(order) + " for rank " + r);
        boolean[] seen = new boolean[r];
        int[] shape = new int[r];
        int[] strides = new int[r];
        int[] gradStrides = new int[r];
        int[] contig = Shapes.contiguousStrides(x.shape);
        for (int i = 0; i < r; i++) {
            int a = Shapes.normalizeAxis(order[i], r);
            if (seen[a]) throw new IllegalArgumentException("not a permutation: " + Arrays.toString(order));
            seen[a] = true;
            shape[i] = x.shape[a];
            strides[i] = x.strides[a];
            gradStrides[i] = contig[a];
        }
        return Tensor.view("permute", x, x.offset, shape, strides,
                g -> Shapes.addStrided(g, shape, x.gradBuffer(), 0, gradStrides));
    }

    static Tensor transpose(Tensor x, int a, int b) {
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int na = Shapes.normalizeAxis(a, x.rank()), nb = Shapes.normalizeAxis(b, x.rank());
        order[na] = nb;
        order[nb] = na;
        return permute(x, order);
    }

    static Tensor expand(Tensor x, int[] newShape) {
        int[] s = newShape.clone();
        int[] strides = Shapes.broadcastStrides(x.shape, x.strides, s);
        int[] gradStrides = Shapes.broadcastStrides(x.shape, Shapes.contiguousStrides(x.shape), s);
        return Tensor.view("expand", x, x.offset, s, strides,
                g -> Shapes.addStrided(g, s, x.gradBuffer(), 0, gradStrides));
    }

    static Tensor slice(Tensor x, int axisIn, int start, int end, int step) {
        int axis = Shapes.normalizeAxis(axisIn, x.rank());
        if (step == 0) throw new IllegalArgumentException("slice step must not be 0");
        int len = x.shape[axis];
        int s, e, n;
        if (step > 0) {
            s = clamp(start < 0 ? start + len : start, 0, len);
            e = clamp(end < 0 ? end + len : end, 0, len);
            n = e > s ? (e - s + step - 1) / step : 0;
        } else {
            s = clamp(start < 0 ? start + len : start, -1, len - 1);
            e = clamp(end < 0 ? end + len : end, -1, len - 1);
            n = s > e ? (s - e + (-step) - 1) / (-step) : 0;
        }
        int[] shape = x.shape.clone();
        shape[axis] = n;
        int[] strides = x.strides.clone();
        strides[axis] *= step;
        int[] contig = Shapes.contiguousStrides(x.shape);
        int[] gradStrides = contig.clone();
        gradStrides[axis] *= step;
        int first = n == 0 ? 0 : s;
        int gradOffset = first * contig[axis];
        return Tensor.view("slice", x, x.offset + first * x.strides[axis], shape, strides,
                g -> Shapes.addStrided(g, shape, x.gradBuffer(), gradOffset, gradStrides));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static Tensor index(Tensor x, int i) {
        if (x.rank() == 0) throw new IllegalArgumentException("cannot index a scalar");
        if (i < 0 || i >= x.shape[0]) throw new IndexOutOfBoundsException("index " + i + " outside axis 0 of size " + x.shape[0]);
        Tensor s = slice(x, 0, i, i + 1, 1);
        return s.reshape(Arrays.copyOfRange(x.shape, 1, x.rank()));
    }

    static Tensor gather(Tensor x, int axisIn, int[] indices, int[] indexShape) {
        long t0 = Tensor.tick();
        int axis = Shapes.normalizeAxis(axisIn, x.rank());
        int[] idxShape = indexShape.length == 0 && indices.length != 1 ? new int[]{indices.length} : indexShape;
        if (Shapes.size(idxShape) != indices.length)
            throw new IllegalArgumentException("index shape " + Arrays.toString(idxShape) + " does not hold " + indices.length + " indices");
        int len = x.shape[axis];
        int[] idx = new int[indices.length];
        for (int i = 0; i < idx.length; i++) {
            int v = indices[i] < 0 ? indices[i] + len : indices[i];
            if (v < 0 || v >= len) throw new IndexOutOfBoundsException("gather index " + indices[i] + " outside axis " + axis + " of size " + len);
            idx[i] = v;
        }
        int inner = 1;
        for (int i = axis + 1; i < x.rank(); i++) inner *= x.shape[i];
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= x.shape[i];
        int[] outShape = new int[x.rank() - 1 + idxShape.length];
        System.arraycopy(x.shape, 0, outShape, 0, axis);
        System.arraycopy(idxShape, 0, outShape, axis, idxShape.length);
        System.arraycopy(x.shape, axis + 1, outShape, axis + idxShape.length, x.rank() - axis - 1);
        float[] xs = x.dense();
        float[] y = StepArena.alloc(outer * idx.length * inner);
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < idx.length; k++)
                System.arraycopy(xs, (o * len + idx[k]) * inner, y, (o * idx.length + k) * inner, inner);
        final int in = inner, out = outer;
        return Tensor.result("gather", 0, t0, y, outShape, g -> {
            float[] dx = x.gradBuffer();
            for (int o = 0; o < out; o++)
                for (int k = 0; k < idx.length; k++) {
                    int src = (o * idx.length + k) * in, dst = (o * len + idx[k]) * in;
                    for (int j = 0; j < in; j++) dx[dst + j] += g[src + j];
                }
        }, x);
    }

    static Tensor concat(int axisIn, Tensor[] parts) {
        long t0 = Tensor.tick();
        if (parts.length == 0) throw new IllegalArgumentException("concat needs at least one tensor");
        int r = parts[0].rank();
        int axis = Shapes.normalizeAxis(axisIn, r);
        int[] outShape = parts[0].shape.clone();
        outShape[axis] = 0;
        for (Tensor p : parts) {
            if (p.rank() != r) throw new IllegalArgumentException("concat of ranks " + r + " and " + p.rank());
            for (int i = 0; i < r; i++)
                if (i != axis && p.shape[i] != outShape[i])
                    throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + Arrays.toString(parts[0].shape) + " and " + Arrays.toString(p.shape) + " differ elsewhere");
            outShape[axis] += p.shape[axis];
        }
        int inner = 1;
        for (int i = axis + 1; i < r; i++) inner *= outShape[i];
        int outer = 1;
        for (int i = 0; i < axis; i++) outer *= outShape[i];
        int rowOut = outShape[axis] * inner;
        float[] y = StepArena.allocForOverwrite(Shapes.size(outShape)); // the parts cover it
        int at = 0;
        int[] starts = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            Tensor p = parts[k];
            float[] ps = p.dense();
            int row = p.shape[axis] * inner;
            starts[k] = at;
            for (int o = 0; o < outer; o++) System.arraycopy(ps, o * row, y, o * rowOut + at, row);
            at += row;
        }
        final int out = outer, in = inner;
        return Tensor.result("concat", 0, t0, y, outShape, g -> {
            for (int k = 0; k < parts.length; k++) {
                Tensor p = parts[k];
                if (!p.requiresGrad) continue;
                float[] dp = p.gradBuffer();
                int row = p.shape[axis] * in;
                for (int o = 0; o < out; o++)
                    for (int j = 0; j < row; j++) dp[o * row + j] += g[o * rowOut + starts[k] + j];
            }
        }, parts);
    }

    static Tensor pad(Tensor x, int[] pads, float value) {
        long t0 = Tensor.tick();
        int r = x.rank();
        if (pads.length != 2 * r) throw new IllegalArgumentException("pads needs " + (2 * r) + " entries for rank " + r + ", got " + pads.length);
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            if (pads[i] < 0 || pads[r + i] < 0) throw new IllegalArgumentException("negative pads are not supported: " + Arrays.toString(pads));
            outShape[i] = x.shape[i] + pads[i] + pads[r + i];
        }
        int[] os = Shapes.contiguousStrides(outShape);
        int off = 0;
        for (int i = 0; i < r; i++) off += pads[i] * os[i];
        float[] y = StepArena.alloc(Shapes.size(outShape));
        if (value != 0f) {
            Arrays.fill(y, value);
            float[] neg = StepArena.alloc(x.size);
            Arrays.fill(neg, -value); // inner region: value + (x - value) = x
            Shapes.addStrided(neg, x.shape, y, off, os);
        }
        Shapes.addStrided(x.dense(), x.shape, y, off, os);
        final int offset = off;
        return Tensor.result("pad", 0, t0, y, outShape, g -> {
            float[] part = StepArena.alloc(x.size);
            Shapes.copyStrided(g, offset, x.shape, os, part, 0);
            float[] dx = x.gradBuffer();
            for (int i = 0; i < part.length; i++) dx[i] += part[i];
        }, x);
    }

    static Tensor take(Tensor x, int[] map, float fill, int[] shape) {
        long t0 = Tensor.tick();
        int n = Shapes.size(shape);
        if (map.length != n)
            throw new IllegalArgumentException("take: " + map.length + " source indices for shape " + Arrays.toString(shape));
        for (int m : map)
            if (m >= x.size) throw new IndexOutOfBoundsException("take: source index " + m + " outside " + x.size + " values");
        float[] xs = x.dense();
        float[] y = StepArena.allocForOverwrite(n);
        for (int i = 0; i < n; i++) y[i] = map[i] >= 0 ? xs[map[i]] : fill;
        return Tensor.result("take", 0, t0, y, shape.clone(), g -> {
            float[] dx = x.gradBuffer();
            for (int i = 0; i < n; i++) if (map[i] >= 0) dx[map[i]] += g[i];
        }, x);
    }
}
