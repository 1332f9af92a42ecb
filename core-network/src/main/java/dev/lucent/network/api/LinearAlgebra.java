package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.MatMul;
import dev.lucent.network.kernel.Shapes;

import java.util.Arrays;

/** Batched matrix product; the local derivatives are two more products (dA = G B^T, dB = A^T G). */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) throw new IllegalArgumentException("matmul needs tensors of rank >= 1");
        // numpy promotion of vectors, undone on the result
        Tensor a2 = a.rank() == 1 ? a.reshape(1, a.shape[0]) : a;
        Tensor b2 = b.rank() == 1 ? b.reshape(b.shape[0], 1) : b;
        Tensor y = matmul2(a2, b2);
        if (a.rank() == 1 && b.rank() == 1) return y.reshape();
        if (a.rank() == 1) return y.reshape(dropAxis(y.shape, y.rank() - 2));
        if (b.rank() == 1) return y.reshape(dropAxis(y.shape, y.rank() - 1));
        return y;
    }

    private static int[] dropAxis(int[] s, int axis) {
        int[] o = new int[s.length - 1];
        for (int i = 0, k = 0; i < s.length; i++) if (i != axis) o[k++] = s[i];
        return o;
    }

    private static Tensor matmul2(Tensor a, Tensor b) {
        long t0 = Tensor.tick();
        int ra = a.rank(), rb = b.rank();
        int m = a.shape[ra - 2], k = a.shape[ra - 1], k2 = b.shape[rb - 2], n = b.shape[rb - 1];
        if (k != k2) throw new IllegalArgumentException("matmul of " + Arrays.toString(a.shape) + " and " + Arrays.toString(b.shape) + ": inner dimensions " + k + " and " + k2 + " differ");
        float[] av = a.dense();
        if (rb == 2 && b.strides[0] == 1 && b.strides[1] == k && k > 1 && n > 1) {
            // b is the transposed view of a row-major [n, k] weight (ONNX Gemm with transB, as every classifier head
            // is exported): read it in place as B^T instead of copying the whole weight on every call
            int rows = Shapes.size(Arrays.copyOf(a.shape, ra - 1));
            int[] outShape = a.shape.clone();
            outShape[ra - 1] = n;
            float[] bt = b.data;
            int bo = b.offset;
            float[] y = StepArena.alloc(rows * n);
            MatMul.gemm(false, true, rows, n, k, av, 0, bt, bo, y, 0);
            return Tensor.result("matmul", 2L * rows * n * k, t0, y, outShape, g -> {
                if (a.requiresGrad) MatMul.gemm(rows, k, n, g, 0, bt, bo, a.gradBuffer(), 0);
                if (b.requiresGrad) MatMul.gemm(true, false, k, n, rows, av, 0, g, 0, b.gradBuffer(), 0);
            }, a, b);
        }
        float[] bv = b.dense();
        if (rb == 2) {
            // batch folded into rows: one large product (the common case for Linear layers)
            int rows = Shapes.size(Arrays.copyOf(a.shape, ra - 1));
            int[] outShape = a.shape.clone();
            outShape[ra - 1] = n;
            float[] y = StepArena.alloc(rows * n);
            MatMul.gemm(rows, n, k, av, 0, bv, 0, y, 0);
            final int mm = rows;
            return Tensor.result("matmul", 2L * mm * n * k, t0, y, outShape, g -> {
                if (a.requiresGrad) MatMul.gemm(false, true, mm, k, n, g, 0, bv, 0, a.gradBuffer(), 0);
                if (b.requiresGrad) MatMul.gemm(true, false, k, n, mm, av, 0, g, 0, b.gradBuffer(), 0);
            }, a, b);
        }
        int[] batchA = Arrays.copyOf(a.shape, ra - 2);
        int[] batchB = Arrays.copyOf(b.shape, rb - 2);
        int[] batch = Shapes.broadcast(batchA, batchB);
        int nb = Shapes.size(batch);
        int[] offA = batchOffsets(batchA, batch, m * k);
        int[] offB = batchOffsets(batchB, batch, k * n);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] y = StepArena.alloc(nb * m * n);
        for (int i = 0; i < nb; i++) MatMul.gemm(m, n, k, av, offA[i], bv, offB[i], y, i * m * n);
        return Tensor.result("matmul", 2L * nb * m * n * k, t0, y, outShape, g -> {
            // broadcast batches accumulate into the same operand slice, in batch order
            for (int i = 0; i < nb; i++) {
                if (a.requiresGrad) MatMul.gemm(false, true, m, k, n, g, i * m * n, bv, offB[i], a.gradBuffer(), offA[i]);
                if (b.requiresGrad) MatMul.gemm(true, false, k, n, m, av, offA[i], g, i * m * n, b.gradBuffer(), offB[i]);
            }
        }, a, b);
    }

    /** Offset of each broadcast batch's matrix inside an operand with batch shape {@code own}. */
    private static int[] batchOffsets(int[] own, int[] batch, int matrix) {
        int nb = Shapes.size(batch);
        int[] strides = Shapes.contiguousStrides(own);
        for (int i = 0; i < strides.length; i++) strides[i] *= matrix;
        int[] bs = Shapes.broadcastStrides(own, strides, batch);
        int[] offs = new int[nb];
        int[] idx = new int[batch.length];
        for (int i = 0; i < nb; i++) {
            int o = 0;
            for (int d = 0; d < batch.length; d++) o += idx[d] * bs[d];
            offs[i] = o;
            for (int d = batch.length - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) break;
                idx[d] = 0;
            }
        }
        return offs;
    }
}
