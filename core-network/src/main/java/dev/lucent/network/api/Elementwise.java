package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.Binary;
import dev.lucent.network.kernel.Shapes;
import dev.lucent.network.kernel.Unary;

import java.util.Arrays;

/** Element-wise ops: unary, broadcasting binary, comparisons, where. */
final class Elementwise {
    private Elementwise() {
    }

    static Tensor unary(Tensor x, Unary f, float p, float q) {
        long t0 = Tensor.tick();
        float[] xs = x.dense();
        int n = x.size;
        float[] y = StepArena.allocForOverwrite(n); // forward writes every value
        f.forward(xs, y, n, p, q);
        return Tensor.result(f.name().toLowerCase(), n, t0, y, x.shape.clone(),
                g -> f.backward(xs, y, g, x.gradBuffer(), n, p, q), x);
    }

    /** The operand's values laid out over the broadcast shape (the array itself when shapes match). */
    static float[] expanded(Tensor t, int[] outShape) {
        if (Arrays.equals(t.shape, outShape)) return t.dense();
        float[] out = StepArena.alloc(Shapes.size(outShape));
        Shapes.copyStrided(t.data, t.offset, outShape, Shapes.broadcastStrides(t.shape, t.strides, outShape), out, 0);
        return out;
    }

    /** Adds a gradient over the broadcast shape into t's gradient, summing the broadcast axes. */
    static void reduceInto(Tensor t, float[] g, int[] outShape) {
        float[] dst = t.gradBuffer();
        if (Arrays.equals(t.shape, outShape)) {
            for (int i = 0; i < dst.length; i++) dst[i] += g[i];
        } else {
            Shapes.addStrided(g, outShape, dst, 0, Shapes.broadcastStrides(t.shape, Shapes.contiguousStrides(t.shape), outShape));
        }
    }

    /** True when b's shape is a trailing part of out's, so b repeats row after row (a bias). */
    private static boolean trailing(int[] b, int[] out) {
        if (b.length > out.length) return false;
        for (int i = 0; i < b.length; i++) if (b[b.length - 1 - i] != out[out.length - 1 - i]) return false;
        return true;
    }

    static Tensor binary(Tensor a, Tensor b, Binary f) {
        long t0 = Tensor.tick();
        int[] outShape = Shapes.broadcast(a.shape, b.shape);
        int n = Shapes.size(outShape);
        if (f == Binary.ADD && Arrays.equals(a.shape, outShape) && b.size > 0 && trailing(b.shape, outShape)) {
            // bias add without materializing the repeated operand
            float[] av = a.dense(), bv = b.dense();
            int len = bv.length;
            float[] y = StepArena.alloc(n);
            // the bias repeated row after row, then one long sum loop: a per-row inner loop as short as a
            // layer's width runs in C2's scalar post-loop instead of vectors (b + a equals a + b exactly)
            if (n > 0) System.arraycopy(bv, 0, y, 0, len);
            for (int filled = len; filled < n; filled *= 2) System.arraycopy(y, 0, y, filled, Math.min(filled, n - filled));
            for (int i = 0; i < n; i++) y[i] += av[i];
            return Tensor.result("add", n, t0, y, outShape, g -> {
                if (a.requiresGrad) {
                    float[] da = a.gradBuffer();
                    for (int i = 0; i < n; i++) da[i] += g[i];
                }
                if (b.requiresGrad) {
                    float[] db = b.gradBuffer();
                    for (int r = 0; r < n; r += len)
                        for (int j = 0; j < len; j++) db[j] += g[r + j];
                }
            }, a, b);
        }
        float[] av = expanded(a, outShape);
        float[] bv = expanded(b, outShape);
        float[] y = StepArena.alloc(n);
        f.forward(av, bv, y, n);
        return Tensor.result(f.name().toLowerCase(), n, t0, y, outShape, g -> {
            boolean aDirect = a.requiresGrad && Arrays.equals(a.shape, outShape);
            boolean bDirect = b.requiresGrad && Arrays.equals(b.shape, outShape) && a != b;
            float[] da = !a.requiresGrad ? null : aDirect ? a.gradBuffer() : StepArena.alloc(n);
            float[] db = !b.requiresGrad ? null : bDirect ? b.gradBuffer() : StepArena.alloc(n);
            f.backward(av, bv, y, g, da, db, n);
            if (da != null && !aDirect) reduceInto(a, da, outShape);
            if (db != null && !bDirect) reduceInto(b, db, outShape);
        }, a, b);
    }

    /** kind: 0 &gt;, 1 &gt;=, 2 &lt;, 3 &lt;=, 4 ==. */
    static Tensor compare(Tensor a, Tensor b, int kind) {
        long t0 = Tensor.tick();
        int[] outShape = Shapes.broadcast(a.shape, b.shape);
        int n = Shapes.size(outShape);
        float[] av = expanded(a, outShape);
        float[] bv = expanded(b, outShape);
        float[] y = StepArena.alloc(n);
        for (int i = 0; i < n; i++) {
            boolean r = switch (kind) {
                case 0 -> av[i] > bv[i];
                case 1 -> av[i] >= bv[i];
                case 2 -> av[i] < bv[i];
                case 3 -> av[i] <= bv[i];
                default -> av[i] == bv[i];
            };
            y[i] = r ? 1f : 0f;
        }
        return Tensor.result("compare", n, t0, y, outShape, null);
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        long t0 = Tensor.tick();
        int[] outShape = Shapes.broadcast(cond.shape, Shapes.broadcast(a.shape, b.shape));
        int n = Shapes.size(outShape);
        float[] cv = expanded(cond, outShape);
        float[] av = expanded(a, outShape);
        float[] bv = expanded(b, outShape);
        float[] y = StepArena.alloc(n);
        for (int i = 0; i < n; i++) y[i] = cv[i] != 0f ? av[i] : bv[i];
        return Tensor.result("where", n, t0, y, outShape, g -> {
            if (a.requiresGrad) {
                float[] da = StepArena.alloc(n);
                for (int i = 0; i < n; i++) if (cv[i] != 0f) da[i] = g[i];
                reduceInto(a, da, outShape);
            }
            if (b.requiresGrad) {
                float[] db = StepArena.alloc(n);
                for (int i = 0; i < n; i++) if (cv[i] == 0f) db[i] = g[i];
                reduceInto(b, db, outShape);
            }
        }, a, b);
    }
}
