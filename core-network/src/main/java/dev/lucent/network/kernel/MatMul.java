package dev.lucent.network.kernel;

/**
 * C[m,n] += op(A) · op(B) over row-major float arrays. The register-tiled Vector API kernel is used when
 * the incubator module {@code jdk.incubator.vector} is in the boot layer; otherwise plain loops. The
 * vector class is only referenced behind that check, so it is never loaded when the module is absent.
 * Rows of C are split across threads in blocks of 4; each element's k-sum runs in the same order
 * whatever the split, so results do not depend on the thread count.
 */
public final class MatMul {
    /** True when the Vector API kernel is in use. */
    public static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("lucent.noVector");

    /** Transposed B is copied for the register tile (faster); -Dlucent.dotNT=true uses the dot-product kernel. */
    private static final boolean TRANSPOSE_B = !Boolean.getBoolean("lucent.dotNT");

    /**
     * Products of fewer multiply-adds run on the caller: 2^19 is about 12 us of work at 45 G multiply-adds a second,
     * so a split saves about 6 us against a hand-off of 1.3 us at best (`ThreadSplit --handoff`); at the previous
     * 2^17 the saving (1.5 us) was no more than the hand-off.
     */
    private static final long MIN_SPLIT_WORK = 1L << 19;

    private MatMul() {
    }

    /** C += A · B with A [m,k], B [k,n], C [m,n], all contiguous at the given offsets. */
    public static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (m == 0 || n == 0 || k == 0) return;
        if (VECTORIZED && n < 16 && (k >= 64 || n < 4 && k >= 16)) {
            // too narrow for a vector of C (a 10-class output layer): dot products over k on B transposed;
            // for 1 to 3 outputs (a logit, a regression) even short dot products beat one scalar FMA chain per
            // output, whose latency bounds it
            float[] t = Scratch.get(4, k * n);
            transpose(b, bOff, k, n, t, 0);
            Parallel.forRange(m, 4, (long) m * n * k, MIN_SPLIT_WORK, (r0, r1) -> VectorMatMul.rowsNT(r0, r1, n, k, a, aOff, t, 0, c, cOff));
            return;
        }
        long work = (long) m * n * k;
        Parallel.forRange(m, 4, work, MIN_SPLIT_WORK, (r0, r1) -> rows(r0, r1, n, k, a, aOff, b, bOff, c, cOff));
    }

    /**
     * C += op(A) · op(B) where op transposes when asked: A is stored [k,m] when transA, B is stored
     * [n,k] when transB. A transposed A is copied into a per-thread scratch buffer (reused across calls);
     * a transposed B is read in place by a dot-product kernel.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (m == 0 || n == 0 || k == 0) return;
        if (transA) {
            float[] t = Scratch.get(0, m * k);
            transpose(a, aOff, k, m, t, 0);
            a = t;
            aOff = 0;
        }
        if (transB && VECTORIZED && TRANSPOSE_B && n >= 64 && m >= 48) {
            // the register tile on a transposed copy beats dot products when C has enough rows to amortize
            // the copy and is wide enough for full tiles; otherwise (convolution weight gradients) dot products
            float[] t = Scratch.get(4, k * n);
            transpose(b, bOff, n, k, t, 0);
            b = t;
            bOff = 0;
            transB = false;
        }
        if (transB) {
            float[] fa = a, fb = b;
            int fao = aOff, fbo = bOff;
            Parallel.forRange(m, 4, (long) m * n * k, MIN_SPLIT_WORK,
                    (r0, r1) -> {
                        if (VECTORIZED) VectorMatMul.rowsNT(r0, r1, n, k, fa, fao, fb, fbo, c, cOff);
                        else plainRowsNT(r0, r1, n, k, fa, fao, fb, fbo, c, cOff);
                    });
            return;
        }
        gemm(m, n, k, a, aOff, b, bOff, c, cOff);
    }

    /**
     * Row-major transpose of [rows, cols] into dst [cols, rows]: gathers where the Vector API runs 256-bit vectors or
     * wider, source rows split across the threads in blocks of 16 (a multiple of every vector length), so the copy is
     * not the serial part of a product on 2 threads.
     */
    private static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        if (VECTORIZED && VectorMatMul.GATHERS) Parallel.forRange(rows, 16, (long) rows * cols, 1L << 17,
                (r0, r1) -> VectorMatMul.transpose(src, srcOff, rows, cols, dst, dstOff, r0, r1));
        else Shapes.transpose(src, srcOff, rows, cols, dst, dstOff);
    }

    /** C[i,j] += dot(A row i, B row j) with B stored [n,k]. */
    static void plainRowsNT(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        for (int i = r0; i < r1; i++) {
            int ai = aOff + i * k;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * k;
                float acc = 0f;
                for (int p = 0; p < k; p++) acc += a[ai + p] * b[bj + p];
                c[cOff + i * n + j] += acc;
            }
        }
    }

    private static void rows(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (VECTORIZED) VectorMatMul.rows(r0, r1, n, k, a, aOff, b, bOff, c, cOff);
        else plainRows(r0, r1, n, k, a, aOff, b, bOff, c, cOff);
    }

    /** i-p-j loops: the inner loop streams a row of B into a row of C, which C2 auto-vectorizes. */
    static void plainRows(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        for (int i = r0; i < r1; i++) {
            int ci = cOff + i * n;
            int ai = aOff + i * k;
            for (int p = 0; p < k; p++) {
                float av = a[ai + p];
                if (av == 0f) continue;
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }
}
