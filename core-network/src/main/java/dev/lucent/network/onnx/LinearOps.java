package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/** MatMul (numpy semantics, batched with broadcasting) and Gemm, on the native matmul. */
final class LinearOps {
    private LinearOps() {
    }

    /** MatMul: shapes checked here (a refusal names the node), then the native batched matmul. */
    static final class MatMul implements Kernel {
        private static int[] outShape(int[] as, int[] bs, Ctx ctx) {
            if (as.length == 0 || bs.length == 0) throw ctx.error("MatMul of a scalar");
            boolean a1 = as.length == 1, b1 = bs.length == 1;
            int[] a = a1 ? new int[]{1, as[0]} : as;
            int[] b = b1 ? new int[]{bs[0], 1} : bs;
            int m = a[a.length - 2], k = a[a.length - 1], k2 = b[b.length - 2], n = b[b.length - 1];
            if (k != k2)
                throw ctx.error("inner dimensions differ: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
            int[] batch = ctx.broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
            if (batch == null) throw ctx.error("batch dimensions do not broadcast: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
            int[] out = Arrays.copyOf(batch, batch.length + 2);
            out[batch.length] = m;
            out[batch.length + 1] = n;
            return out;
        }

        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            ctx.check(outShape(Values.shape(in[0]), Values.shape(in[1]), ctx));
            return new Object[]{Values.tensor(in[0]).matmul(Values.tensor(in[1]))};
        }
    }

    /** Y = alpha * A' B' + beta * C, A' and B' optionally transposed, C broadcast to [M, N]: composed of native ops. */
    record Gemm(float alpha, float beta, boolean transA, boolean transB) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] as = Values.shape(in[0]), bs = Values.shape(in[1]);
            if (as.length != 2 || bs.length != 2)
                throw ctx.error("Gemm needs 2-D A and B, got " + Arrays.toString(as) + " and " + Arrays.toString(bs));
            int m = transA ? as[1] : as[0], k = transA ? as[0] : as[1];
            int kb = transB ? bs[1] : bs[0], n = transB ? bs[0] : bs[1];
            if (k != kb) throw ctx.error("inner dimensions differ: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
            int[] shape = ctx.check(new int[]{m, n});
            Tensor a = Values.tensor(in[0]), b = Values.tensor(in[1]);
            Tensor y = (transA ? a.transpose(0, 1) : a).matmul(transB ? b.transpose(0, 1) : b);
            if (alpha != 1) y = y.mul(alpha);
            if (in.length > 2 && in[2] != null) {
                int[] cs = Values.shape(in[2]);
                int[] bshape = ctx.broadcast(shape, cs);
                if (bshape == null || !Arrays.equals(bshape, shape))
                    throw ctx.error("C of shape " + Arrays.toString(cs) + " does not broadcast to " + Arrays.toString(shape));
                Tensor c = Values.tensor(in[2]);
                y = y.add(beta == 1 ? c : c.mul(beta));
            }
            return new Object[]{y};
        }
    }
}
