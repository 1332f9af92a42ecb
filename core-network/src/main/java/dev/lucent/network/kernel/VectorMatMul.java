package dev.lucent.network.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile: 4 rows of A, each broadcast against 4 vectors of B, feed 16 accumulators that stay
 * in registers over the whole k loop; C is read and written once per tile. Edge columns use 1-vector
 * tiles and then scalars, edge rows a 1-row tile. Only loaded when jdk.incubator.vector is present.
 */
final class VectorMatMul {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorMatMul() {
    }

    static void rows(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        int w4 = 4 * L;
        int n4 = n - n % w4;
        int n1 = n - n % L;
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            int a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            for (int j = 0; j < n4; j += w4) tile4x4(k, n, a, a0, a1, a2, a3, b, bOff + j, c, cOff + i * n + j);
            for (int j = n4; j < n1; j += L) tile4x1(k, n, a, a0, a1, a2, a3, b, bOff + j, c, cOff + i * n + j);
            for (int r = 0; r < 4; r++) scalarTail(n1, n, k, a, aOff + (i + r) * k, b, bOff, c, cOff + (i + r) * n);
        }
        for (; i < r1; i++) {
            int ai = aOff + i * k;
            for (int j = 0; j < n1; j += L) tile1x1(k, n, a, ai, b, bOff + j, c, cOff + i * n + j);
            scalarTail(n1, n, k, a, ai, b, bOff, c, cOff + i * n);
        }
    }

    private static void tile4x4(int k, int n, float[] a, int a0, int a1, int a2, int a3, float[] b, int bj, float[] c, int cij) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < k; p++) {
            int bp = bj + p * n;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(av, c00);
            c01 = b1.fma(av, c01);
            c02 = b2.fma(av, c02);
            c03 = b3.fma(av, c03);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(av, c10);
            c11 = b1.fma(av, c11);
            c12 = b2.fma(av, c12);
            c13 = b3.fma(av, c13);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(av, c20);
            c21 = b1.fma(av, c21);
            c22 = b2.fma(av, c22);
            c23 = b3.fma(av, c23);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(av, c30);
            c31 = b1.fma(av, c31);
            c32 = b2.fma(av, c32);
            c33 = b3.fma(av, c33);
        }
        add(c, cij, c00, c01, c02, c03);
        add(c, cij + n, c10, c11, c12, c13);
        add(c, cij + 2 * n, c20, c21, c22, c23);
        add(c, cij + 3 * n, c30, c31, c32, c33);
    }

    private static void add(float[] c, int at, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        FloatVector.fromArray(S, c, at).add(v0).intoArray(c, at);
        FloatVector.fromArray(S, c, at + L).add(v1).intoArray(c, at + L);
        FloatVector.fromArray(S, c, at + 2 * L).add(v2).intoArray(c, at + 2 * L);
        FloatVector.fromArray(S, c, at + 3 * L).add(v3).intoArray(c, at + 3 * L);
    }

    private static void tile4x1(int k, int n, float[] a, int a0, int a1, int a2, int a3, float[] b, int bj, float[] c, int cij) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bj + p * n);
            c0 = bv.fma(FloatVector.broadcast(S, a[a0 + p]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[a1 + p]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[a2 + p]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[a3 + p]), c3);
        }
        FloatVector.fromArray(S, c, cij).add(c0).intoArray(c, cij);
        FloatVector.fromArray(S, c, cij + n).add(c1).intoArray(c, cij + n);
        FloatVector.fromArray(S, c, cij + 2 * n).add(c2).intoArray(c, cij + 2 * n);
        FloatVector.fromArray(S, c, cij + 3 * n).add(c3).intoArray(c, cij + 3 * n);
    }

    private static void tile1x1(int k, int n, float[] a, int ai, float[] b, int bj, float[] c, int cij) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < k; p++) acc = FloatVector.fromArray(S, b, bj + p * n).fma(FloatVector.broadcast(S, a[ai + p]), acc);
        FloatVector.fromArray(S, c, cij).add(acc).intoArray(c, cij);
    }

    /**
     * C[i,j] += dot(A row i, B row j), B stored [n,k]: one A row against 4 B rows at a time, lane-wise
     * partial sums reduced in a fixed order, so the result does not depend on how rows are split.
     */
    static void rowsNT(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        int kv = k - k % L;
        for (int i = r0; i < r1; i++) {
            int ai = aOff + i * k;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = bOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0; p < kv; p += L) {
                    FloatVector av = FloatVector.fromArray(S, a, ai + p);
                    s0 = av.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                    s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
                    s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
                    s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
                }
                float t0 = s0.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), t1 = s1.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                float t2 = s2.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), t3 = s3.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                for (int p = kv; p < k; p++) {
                    float av = a[ai + p];
                    t0 = Math.fma(av, b[b0 + p], t0);
                    t1 = Math.fma(av, b[b1 + p], t1);
                    t2 = Math.fma(av, b[b2 + p], t2);
                    t3 = Math.fma(av, b[b3 + p], t3);
                }
                int ci = cOff + i * n + j;
                c[ci] += t0;
                c[ci + 1] += t1;
                c[ci + 2] += t2;
                c[ci + 3] += t3;
            }
            for (; j < n; j++) {
                int bj = bOff + j * k;
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0; p < kv; p += L) s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
                float t0 = s0.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                for (int p = kv; p < k; p++) t0 = Math.fma(a[ai + p], b[bj + p], t0);
                c[cOff + i * n + j] += t0;
            }
        }
    }

    private static void scalarTail(int j0, int n, int k, float[] a, int ai, float[] b, int bOff, float[] c, int ci) {
        for (int j = j0; j < n; j++) {
            float acc = 0f;
            for (int p = 0; p < k; p++) acc = Math.fma(a[ai + p], b[bOff + p * n + j], acc);
            c[ci + j] += acc;
        }
    }
}
