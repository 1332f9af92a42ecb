package dev.lucent.network.onnx;

import java.util.Arrays;

/** MatMul (numpy semantics, batched with broadcasting) and Gemm. */
final class LinearOps {
    private LinearOps() {
    }

    /**
     * c[cOff + i*n + j] += sum_k A(i,k) * B(k,j) where A(i,k) = a[aOff + i*ars + k*acs] and
     * B(k,j) = b[bOff + k*brs + j*bcs]. Plain or transposed row-major operands go to the engine's
     * register-tiled kernel (deterministic whatever the thread count); other strides to a loop
     * accumulating in double.
     */
    static void mm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs,
                   float[] c, int cOff, int m, int k, int n) {
        if (m == 0 || n == 0 || k == 0) return;
        boolean aPlain = acs == 1 && ars == k, aTrans = ars == 1 && acs == m;
        boolean bPlain = bcs == 1 && brs == n, bTrans = brs == 1 && bcs == k;
        if ((aPlain || aTrans) && (bPlain || bTrans)) {
            dev.lucent.network.kernel.MatMul.gemm(!aPlain, !bPlain, m, n, k, a, aOff, b, bOff, c, cOff);
            return;
        }
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            Arrays.fill(row, 0);
            for (int p = 0; p < k; p++) {
                double av = a[aOff + i * ars + p * acs];
                if (av == 0) continue;
                int bb = bOff + p * brs;
                for (int j = 0; j < n; j++) row[j] += av * b[bb + j * bcs];
            }
            int cc = cOff + i * n;
            for (int j = 0; j < n; j++) c[cc + j] += (float) row[j];
        }
    }

    /** MatMul: 1-D operands are promoted (prepend/append a 1) and the added axis removed afterwards. */
    static final class MatMul implements Kernel {
        private record Plan(int[] aS, int[] bS, int[] batch, int[] ma, int[] mb, int m, int k, int n, int[] outShape) {
        }

        private static Plan plan(int[] as, int[] bs, Ctx ctx) {
            boolean a1 = as.length == 1, b1 = bs.length == 1;
            int[] a = a1 ? new int[]{1, as[0]} : as;
            int[] b = b1 ? new int[]{bs[0], 1} : bs;
            if (as.length == 0 || bs.length == 0) throw ctx.error("MatMul of a scalar");
            int m = a[a.length - 2], k = a[a.length - 1], k2 = b[b.length - 2], n = b[b.length - 1];
            if (k != k2)
                throw ctx.error("inner dimensions differ: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
            int[] ab = Arrays.copyOf(a, a.length - 2), bb = Arrays.copyOf(b, b.length - 2);
            int[] batch = Shapes.broadcast(ab, bb);
            if (batch == null) throw ctx.error("batch dimensions do not broadcast: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
            int[] ma = Shapes.broadcastMap(batch, ab), mb = Shapes.broadcastMap(batch, bb);
            int[] out = Arrays.copyOf(batch, batch.length + 2);
            out[batch.length] = m;
            out[batch.length + 1] = n;
            int[] outShape;
            if (a1 && b1) outShape = Arrays.copyOf(batch, batch.length);
            else if (a1) { outShape = Arrays.copyOf(batch, batch.length + 1); outShape[batch.length] = n; }
            else if (b1) { outShape = Arrays.copyOf(batch, batch.length + 1); outShape[batch.length] = m; }
            else outShape = out;
            return new Plan(a, b, batch, ma, mb, m, k, n, outShape);
        }

        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            Plan p = plan(in[0].shape, in[1].shape, ctx);
            float[] a = in[0].asFloats(), b = in[1].asFloats();
            float[] c = ctx.floats(p.outShape);
            int nb = p.ma.length;
            for (int t = 0; t < nb; t++)
                mm(a, p.ma[t] * p.m * p.k, p.k, 1, b, p.mb[t] * p.k * p.n, p.n, 1, c, t * p.m * p.n, p.m, p.k, p.n);
            return new NdArray[]{NdArray.floats(p.outShape, c)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            Plan p = plan(in[0].shape, in[1].shape, ctx);
            float[] a = in[0].asFloats(), b = in[1].asFloats(), g = gOut[0].f;
            float[] ga = need[0] ? new float[a.length] : null, gb = need[1] ? new float[b.length] : null;
            int nb = p.ma.length, m = p.m, k = p.k, n = p.n;
            for (int t = 0; t < nb; t++) {
                int go = t * m * n;
                // dA = dC B^T ; dB = A^T dC, summed where a batch was broadcast.
                if (ga != null) mm(g, go, n, 1, b, p.mb[t] * k * n, 1, n, ga, p.ma[t] * m * k, m, n, k);
                if (gb != null) mm(a, p.ma[t] * m * k, 1, k, g, go, n, 1, gb, p.mb[t] * k * n, k, m, n);
            }
            return new NdArray[]{ga == null ? null : NdArray.floats(in[0].shape, ga),
                    gb == null ? null : NdArray.floats(in[1].shape, gb)};
        }
    }

    /** Y = alpha * A' B' + beta * C, A' and B' optionally transposed, C broadcast to [M, N]. */
    record Gemm(float alpha, float beta, boolean transA, boolean transB) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] as = in[0].shape, bs = in[1].shape;
            if (as.length != 2 || bs.length != 2)
                throw ctx.error("Gemm needs 2-D A and B, got " + Arrays.toString(as) + " and " + Arrays.toString(bs));
            int m = transA ? as[1] : as[0], k = transA ? as[0] : as[1];
            int kb = transB ? bs[1] : bs[0], n = transB ? bs[0] : bs[1];
            if (k != kb) throw ctx.error("inner dimensions differ: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
            int[] shape = {m, n};
            float[] y = ctx.floats(shape);
            mm(in[0].asFloats(), 0, transA ? 1 : k, transA ? m : 1, in[1].asFloats(), 0, transB ? 1 : n, transB ? k : 1, y, 0, m, k, n);
            if (alpha != 1) for (int i = 0; i < y.length; i++) y[i] *= alpha;
            if (in.length > 2 && in[2] != null) {
                int[] cs = in[2].shape;
                int[] bshape = Shapes.broadcast(shape, cs);
                if (bshape == null || !Arrays.equals(bshape, shape))
                    throw ctx.error("C of shape " + Arrays.toString(cs) + " does not broadcast to " + Arrays.toString(shape));
                int[] mc = Shapes.broadcastMap(shape, cs);
                float[] c = in[2].asFloats();
                for (int i = 0; i < y.length; i++) y[i] += beta * c[mc[i]];
            }
            return new NdArray[]{NdArray.floats(shape, y)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            int[] as = in[0].shape, bs = in[1].shape;
            int m = transA ? as[1] : as[0], k = transA ? as[0] : as[1], n = transB ? bs[0] : bs[1];
            float[] a = in[0].asFloats(), b = in[1].asFloats(), g = gOut[0].f;
            NdArray[] r = new NdArray[in.length];
            if (need[0]) {
                // dA' = alpha dY B'^T ([m,k]); stored transposed when transA.
                float[] ga = new float[a.length];
                float[] tmp = new float[m * k];
                mm(g, 0, n, 1, b, 0, transB ? k : 1, transB ? 1 : n, tmp, 0, m, n, k);
                for (int i = 0; i < m; i++)
                    for (int p = 0; p < k; p++) ga[transA ? p * m + i : i * k + p] = alpha * tmp[i * k + p];
                r[0] = NdArray.floats(as, ga);
            }
            if (need[1]) {
                float[] gb = new float[b.length];
                float[] tmp = new float[k * n];
                mm(a, 0, transA ? m : 1, transA ? 1 : k, g, 0, n, 1, tmp, 0, k, m, n);
                for (int p = 0; p < k; p++)
                    for (int j = 0; j < n; j++) gb[transB ? j * k + p : p * n + j] = alpha * tmp[p * n + j];
                r[1] = NdArray.floats(bs, gb);
            }
            if (in.length > 2 && in[2] != null && need[2]) {
                float[] gc = Shapes.reduceTo(g, out[0].shape, in[2].shape);
                float[] s = new float[gc.length];
                for (int i = 0; i < s.length; i++) s[i] = beta * gc[i];
                r[2] = NdArray.floats(in[2].shape, s);
            }
            return r;
        }
    }
}
