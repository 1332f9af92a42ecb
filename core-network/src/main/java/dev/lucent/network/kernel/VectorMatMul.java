package dev.lucent.network.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile: 4 rows of A, each broadcast against 4 vectors of B, feed 16 accumulators that stay
 * in registers over the whole k loop; C is read and written once per tile. Accumulators start from C and
 * are written back directly: passing them to a helper (or starting from zero and adding later) made C2
 * box them, a 4.5x slowdown on JDK 17. Blocks of 8 rows use an 8 x 3 tile (24 accumulators) on 3-vector
 * stripes first. Edge columns use 2-vector, then 1-vector tiles and then dot products over k on the packed
 * last columns, edge rows a 1-row tile. Only loaded when jdk.incubator.vector is present.
 */
final class VectorMatMul {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Floats per vector: the narrow tail is the last n mod LANES columns. */
    static final int LANES = L;
    /**
     * Gathers are single instructions from AVX2 on (8 floats and up); on 128-bit vectors (NEON, SSE) C2 has no
     * gather to emit and the Vector API falls back to a loop per lane (not measured), so transposes stay scalar there.
     */
    static final boolean GATHERS = L >= 8;

    private VectorMatMul() {
    }

    static void rows(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        // 8 rows x 3 vectors where C has 8 rows and a 3-vector stripe: 24 accumulators, 11 loads for 24 FMAs
        // (the 4 x 4 tile: 8 loads for 16), about 1.4x the 4 x 4 tile's speed on AVX-512
        int w3 = 3 * L;
        int r8 = r0 + (r1 - r0) / 8 * 8;
        int n3 = n - n % w3;
        // two vectors left by the 3-vector stripes (128 = 2 x 48 + 32) get an 8 x 2 tile (10 loads for 16 FMAs; the
        // 4 x 2 tile's 6 for 8): 256x256 by 256x128 went from 108-113 to 126-128 GFLOP/s (fastest of 61, thread CPU
        // time, GemmShapes). One vector left (256 = 5 x 48 + 16) stays on 4 x 1 tiles: giving a stripe back to the
        // 4 x 4 tile (64 columns) measured no faster
        int n2 = (n - n3) / L == 2 ? n3 + 2 * L : n3;
        if (r8 > r0 && n2 > 0) {
            for (int j = 0; j < n3; j += w3)
                for (int i = r0; i < r8; i += 8) tile8x3(k, n, a, aOff + i * k, b, bOff + j, c, cOff + i * n + j);
            if (n2 > n3)
                for (int i = r0; i < r8; i += 8) tile8x2(k, n, a, aOff + i * k, b, bOff + n3, c, cOff + i * n + n3);
            rows4(r0, r8, n2, n, k, a, aOff, b, bOff, c, cOff);
            r0 = r8;
        }
        rows4(r0, r1, 0, n, k, a, aOff, b, bOff, c, cOff);
    }

    /** Rows r0 to r1 of C, columns j0 (a multiple of L) to n, in 4 x 4 tiles and the edge tiles. */
    private static void rows4(int r0, int r1, int j0, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (r0 >= r1 || j0 >= n) return;
        int w4 = 4 * L;
        int n4 = j0 + (n - j0) / w4 * w4;
        int n1 = n - n % L;
        int r4 = r0 + (r1 - r0) / 4 * 4;
        // column stripes outside, row blocks inside: one stripe of B (k x 4L) stays in L2 for every row block
        for (int j = j0; j < n4; j += w4) {
            for (int i = r0; i < r4; i += 4) {
                int a0 = aOff + i * k;
                tile4x4(k, n, a, a0, a0 + k, a0 + 2 * k, a0 + 3 * k, b, bOff + j, c, cOff + i * n + j);
            }
            for (int i = r4; i < r1; i++) tile1x4(k, n, a, aOff + i * k, b, bOff + j, c, cOff + i * n + j);
        }
        // a stripe of two vectors (a 32-wide layer on AVX-512): each broadcast of A feeds two FMAs
        int n2 = n4 + (n1 - n4) / (2 * L) * (2 * L);
        for (int j = n4; j < n2; j += 2 * L) {
            for (int i = r0; i < r4; i += 4) {
                int a0 = aOff + i * k;
                tile4x2(k, n, a, a0, a0 + k, a0 + 2 * k, a0 + 3 * k, b, bOff + j, c, cOff + i * n + j);
            }
            for (int i = r4; i < r1; i++) {
                tile1x1(k, n, a, aOff + i * k, b, bOff + j, c, cOff + i * n + j);
                tile1x1(k, n, a, aOff + i * k, b, bOff + j + L, c, cOff + i * n + j + L);
            }
        }
        for (int j = n2; j < n1; j += L) {
            for (int i = r0; i < r4; i += 4) {
                int a0 = aOff + i * k;
                tile4x1(k, n, a, a0, a0 + k, a0 + 2 * k, a0 + 3 * k, b, bOff + j, c, cOff + i * n + j);
            }
            for (int i = r4; i < r1; i++) tile1x1(k, n, a, aOff + i * k, b, bOff + j, c, cOff + i * n + j);
        }
        if (n1 < n) narrowTail(r0, r1, n1, n, k, a, aOff, b, bOff, c, cOff);
    }

    /**
     * The last n - n1 (fewer than L) columns, a 14x14 or 7x7 feature map's leftover: one scalar FMA chain per
     * element was latency bound and took as long as the vector part. Instead those columns of B are packed as
     * rows (a [t, k] copy per thread) and each element is a dot product over k in vectors, as {@link #rowsNT} does.
     */
    private static void narrowTail(int r0, int r1, int n1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        int t = n - n1;
        float[] packed = Scratch.get(5, t * k);
        for (int p = 0; p < k; p++)
            for (int j = 0; j < t; j++) packed[j * k + p] = b[bOff + p * n + n1 + j];
        rowsNT(r0, r1, t, k, a, aOff, packed, 0, c, cOff + n1, n);
    }

    /** Same per-element FMA sequence as the other tiles (c = b[p] a[p] + c for p = 0 to k - 1), 8 rows by 3 vectors. */
    private static void tile8x3(int k, int n, float[] a, int a0, float[] b, int bj, float[] c, int cij) {
        int a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k, a6 = a5 + k, a7 = a6 + k;
        int r0 = cij, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n, r4 = r3 + n, r5 = r4 + n, r6 = r5 + n, r7 = r6 + n;
        FloatVector c00 = FloatVector.fromArray(S, c, r0), c01 = FloatVector.fromArray(S, c, r0 + L), c02 = FloatVector.fromArray(S, c, r0 + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, r1), c11 = FloatVector.fromArray(S, c, r1 + L), c12 = FloatVector.fromArray(S, c, r1 + 2 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, r2), c21 = FloatVector.fromArray(S, c, r2 + L), c22 = FloatVector.fromArray(S, c, r2 + 2 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, r3), c31 = FloatVector.fromArray(S, c, r3 + L), c32 = FloatVector.fromArray(S, c, r3 + 2 * L);
        FloatVector c40 = FloatVector.fromArray(S, c, r4), c41 = FloatVector.fromArray(S, c, r4 + L), c42 = FloatVector.fromArray(S, c, r4 + 2 * L);
        FloatVector c50 = FloatVector.fromArray(S, c, r5), c51 = FloatVector.fromArray(S, c, r5 + L), c52 = FloatVector.fromArray(S, c, r5 + 2 * L);
        FloatVector c60 = FloatVector.fromArray(S, c, r6), c61 = FloatVector.fromArray(S, c, r6 + L), c62 = FloatVector.fromArray(S, c, r6 + 2 * L);
        FloatVector c70 = FloatVector.fromArray(S, c, r7), c71 = FloatVector.fromArray(S, c, r7 + L), c72 = FloatVector.fromArray(S, c, r7 + 2 * L);
        for (int p = 0; p < k; p++) {
            int bp = bj + p * n;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + L), b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(av, c00); c01 = b1.fma(av, c01); c02 = b2.fma(av, c02);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(av, c10); c11 = b1.fma(av, c11); c12 = b2.fma(av, c12);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(av, c20); c21 = b1.fma(av, c21); c22 = b2.fma(av, c22);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(av, c30); c31 = b1.fma(av, c31); c32 = b2.fma(av, c32);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(av, c40); c41 = b1.fma(av, c41); c42 = b2.fma(av, c42);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(av, c50); c51 = b1.fma(av, c51); c52 = b2.fma(av, c52);
            av = FloatVector.broadcast(S, a[a6 + p]);
            c60 = b0.fma(av, c60); c61 = b1.fma(av, c61); c62 = b2.fma(av, c62);
            av = FloatVector.broadcast(S, a[a7 + p]);
            c70 = b0.fma(av, c70); c71 = b1.fma(av, c71); c72 = b2.fma(av, c72);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L); c42.intoArray(c, r4 + 2 * L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L); c52.intoArray(c, r5 + 2 * L);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + L); c62.intoArray(c, r6 + 2 * L);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + L); c72.intoArray(c, r7 + 2 * L);
    }

    /** Same per-element FMA sequence as the other tiles, 8 rows by 2 vectors. */
    private static void tile8x2(int k, int n, float[] a, int a0, float[] b, int bj, float[] c, int cij) {
        int a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, a4 = a3 + k, a5 = a4 + k, a6 = a5 + k, a7 = a6 + k;
        int r0 = cij, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n, r4 = r3 + n, r5 = r4 + n, r6 = r5 + n, r7 = r6 + n;
        FloatVector c00 = FloatVector.fromArray(S, c, r0), c01 = FloatVector.fromArray(S, c, r0 + L);
        FloatVector c10 = FloatVector.fromArray(S, c, r1), c11 = FloatVector.fromArray(S, c, r1 + L);
        FloatVector c20 = FloatVector.fromArray(S, c, r2), c21 = FloatVector.fromArray(S, c, r2 + L);
        FloatVector c30 = FloatVector.fromArray(S, c, r3), c31 = FloatVector.fromArray(S, c, r3 + L);
        FloatVector c40 = FloatVector.fromArray(S, c, r4), c41 = FloatVector.fromArray(S, c, r4 + L);
        FloatVector c50 = FloatVector.fromArray(S, c, r5), c51 = FloatVector.fromArray(S, c, r5 + L);
        FloatVector c60 = FloatVector.fromArray(S, c, r6), c61 = FloatVector.fromArray(S, c, r6 + L);
        FloatVector c70 = FloatVector.fromArray(S, c, r7), c71 = FloatVector.fromArray(S, c, r7 + L);
        for (int p = 0; p < k; p++) {
            int bp = bj + p * n;
            FloatVector b0 = FloatVector.fromArray(S, b, bp), b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(av, c00); c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(av, c10); c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(av, c20); c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(av, c30); c31 = b1.fma(av, c31);
            av = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(av, c40); c41 = b1.fma(av, c41);
            av = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(av, c50); c51 = b1.fma(av, c51);
            av = FloatVector.broadcast(S, a[a6 + p]);
            c60 = b0.fma(av, c60); c61 = b1.fma(av, c61);
            av = FloatVector.broadcast(S, a[a7 + p]);
            c70 = b0.fma(av, c70); c71 = b1.fma(av, c71);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6); c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7); c71.intoArray(c, r7 + L);
    }

    private static void tile1x4(int k, int n, float[] a, int ai, float[] b, int bj, float[] c, int cij) {
        FloatVector c0 = FloatVector.fromArray(S, c, cij), c1 = FloatVector.fromArray(S, c, cij + L);
        FloatVector c2 = FloatVector.fromArray(S, c, cij + 2 * L), c3 = FloatVector.fromArray(S, c, cij + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = bj + p * n;
            FloatVector av = FloatVector.broadcast(S, a[ai + p]);
            c0 = FloatVector.fromArray(S, b, bp).fma(av, c0);
            c1 = FloatVector.fromArray(S, b, bp + L).fma(av, c1);
            c2 = FloatVector.fromArray(S, b, bp + 2 * L).fma(av, c2);
            c3 = FloatVector.fromArray(S, b, bp + 3 * L).fma(av, c3);
        }
        c0.intoArray(c, cij);
        c1.intoArray(c, cij + L);
        c2.intoArray(c, cij + 2 * L);
        c3.intoArray(c, cij + 3 * L);
    }

    private static void tile4x4(int k, int n, float[] a, int a0, int a1, int a2, int a3, float[] b, int bj, float[] c, int cij) {
        int c0 = cij, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector c00 = FloatVector.fromArray(S, c, c0), c01 = FloatVector.fromArray(S, c, c0 + L), c02 = FloatVector.fromArray(S, c, c0 + 2 * L), c03 = FloatVector.fromArray(S, c, c0 + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1), c11 = FloatVector.fromArray(S, c, c1 + L), c12 = FloatVector.fromArray(S, c, c1 + 2 * L), c13 = FloatVector.fromArray(S, c, c1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2), c21 = FloatVector.fromArray(S, c, c2 + L), c22 = FloatVector.fromArray(S, c, c2 + 2 * L), c23 = FloatVector.fromArray(S, c, c2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3), c31 = FloatVector.fromArray(S, c, c3 + L), c32 = FloatVector.fromArray(S, c, c3 + 2 * L), c33 = FloatVector.fromArray(S, c, c3 + 3 * L);
        for (int p = 0; p < k; p++) {
            int bp = bj + p * n;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(av, c00); c01 = b1.fma(av, c01); c02 = b2.fma(av, c02); c03 = b3.fma(av, c03);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(av, c10); c11 = b1.fma(av, c11); c12 = b2.fma(av, c12); c13 = b3.fma(av, c13);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(av, c20); c21 = b1.fma(av, c21); c22 = b2.fma(av, c22); c23 = b3.fma(av, c23);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(av, c30); c31 = b1.fma(av, c31); c32 = b2.fma(av, c32); c33 = b3.fma(av, c33);
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L); c02.intoArray(c, c0 + 2 * L); c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c1); c11.intoArray(c, c1 + L); c12.intoArray(c, c1 + 2 * L); c13.intoArray(c, c1 + 3 * L);
        c20.intoArray(c, c2); c21.intoArray(c, c2 + L); c22.intoArray(c, c2 + 2 * L); c23.intoArray(c, c2 + 3 * L);
        c30.intoArray(c, c3); c31.intoArray(c, c3 + L); c32.intoArray(c, c3 + 2 * L); c33.intoArray(c, c3 + 3 * L);
    }

    /** Same per-element FMA sequence as {@link #tile4x1}, two vectors of C per row. */
    private static void tile4x2(int k, int n, float[] a, int a0, int a1, int a2, int a3, float[] b, int bj, float[] c, int cij) {
        int c0 = cij, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector c00 = FloatVector.fromArray(S, c, c0), c01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector c10 = FloatVector.fromArray(S, c, c1), c11 = FloatVector.fromArray(S, c, c1 + L);
        FloatVector c20 = FloatVector.fromArray(S, c, c2), c21 = FloatVector.fromArray(S, c, c2 + L);
        FloatVector c30 = FloatVector.fromArray(S, c, c3), c31 = FloatVector.fromArray(S, c, c3 + L);
        for (int p = 0; p < k; p++) {
            int bp = bj + p * n;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(av, c00); c01 = b1.fma(av, c01);
            av = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(av, c10); c11 = b1.fma(av, c11);
            av = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(av, c20); c21 = b1.fma(av, c21);
            av = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(av, c30); c31 = b1.fma(av, c31);
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L);
        c10.intoArray(c, c1); c11.intoArray(c, c1 + L);
        c20.intoArray(c, c2); c21.intoArray(c, c2 + L);
        c30.intoArray(c, c3); c31.intoArray(c, c3 + L);
    }

    private static void tile4x1(int k, int n, float[] a, int a0, int a1, int a2, int a3, float[] b, int bj, float[] c, int cij) {
        FloatVector c0 = FloatVector.fromArray(S, c, cij), c1 = FloatVector.fromArray(S, c, cij + n);
        FloatVector c2 = FloatVector.fromArray(S, c, cij + 2 * n), c3 = FloatVector.fromArray(S, c, cij + 3 * n);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, b, bj + p * n);
            c0 = bv.fma(FloatVector.broadcast(S, a[a0 + p]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[a1 + p]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[a2 + p]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[a3 + p]), c3);
        }
        c0.intoArray(c, cij);
        c1.intoArray(c, cij + n);
        c2.intoArray(c, cij + 2 * n);
        c3.intoArray(c, cij + 3 * n);
    }

    private static void tile1x1(int k, int n, float[] a, int ai, float[] b, int bj, float[] c, int cij) {
        FloatVector acc = FloatVector.fromArray(S, c, cij);
        for (int p = 0; p < k; p++) acc = FloatVector.fromArray(S, b, bj + p * n).fma(FloatVector.broadcast(S, a[ai + p]), acc);
        acc.intoArray(c, cij);
    }

    /**
     * Row-major transpose of [rows, cols] at srcOff into dst [cols, rows] at dstOff: each vector of a destination
     * row gathers L source rows at one column (one gather instruction where the hardware has it), twice the speed of
     * {@link Shapes#transpose}, which moves one float per load and store; that copy was up to 40% of a product with
     * B transposed (the input gradient G W^T). Source rows r0 to r1 only, so that threads can
     * share the copy; the last rows mod L are copied one at a time.
     */
    static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff, int r0, int r1) {
        int[] columnOf = new int[L];
        for (int q = 0; q < L; q++) columnOf[q] = q * cols;
        int rL = r0 + (r1 - r0) / L * L;
        for (int i = r0; i < rL; i += L) {
            int s = srcOff + i * cols, d = dstOff + i;
            for (int j = 0; j < cols; j++) FloatVector.fromArray(S, src, s + j, columnOf, 0).intoArray(dst, d + j * rows);
        }
        for (int i = rL; i < r1; i++)
            for (int j = 0; j < cols; j++) dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
    }

    /**
     * C[i,j] += dot(A row i, B row j), B stored [n,k]: one A row against 4 B rows at a time, lane-wise
     * partial sums reduced in a fixed order, so the result does not depend on how rows are split.
     */
    static void rowsNT(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        rowsNT(r0, r1, n, k, a, aOff, b, bOff, c, cOff, n);
    }

    /** As above with C's rows {@code ldc} apart (n columns of a wider C). */
    static void rowsNT(int r0, int r1, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        int r4 = r0 + (r1 - r0) / 4 * 4;
        int n4 = n - n % 4;
        // 4 rows of A against 4 rows of B: each loaded vector feeds 4 products (a quarter of the traffic)
        for (int i = r0; i < r4; i += 4) {
            for (int j = 0; j < n4; j += 4) dot4x4(k, a, aOff + i * k, b, bOff + j * k, c, cOff + i * ldc + j, ldc);
            for (int r = i; r < i + 4; r++) dotRow(r, n4, n, k, a, aOff, b, bOff, c, cOff + r * ldc - r * n);
        }
        for (int i = r4; i < r1; i++) {
            for (int j = 0; j < n4; j += 4) dot1x4(k, a, aOff + i * k, b, bOff + j * k, c, cOff + i * ldc + j);
            dotRow(i, n4, n, k, a, aOff, b, bOff, c, cOff + i * ldc - i * n);
        }
    }

    private static float reduce(FloatVector v) {
        return v.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** Same per-element sequence as {@link #dot1x4}: lane-wise FMAs over k, lane sum, scalar FMAs on the tail. */
    private static void dot4x4(int k, float[] a, int ai, float[] b, int bj, float[] c, int cij, int n) {
        int kv = k - k % L;
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bj + p), b1 = FloatVector.fromArray(S, b, bj + k + p);
            FloatVector b2 = FloatVector.fromArray(S, b, bj + 2 * k + p), b3 = FloatVector.fromArray(S, b, bj + 3 * k + p);
            FloatVector av = FloatVector.fromArray(S, a, ai + p);
            s00 = av.fma(b0, s00); s01 = av.fma(b1, s01); s02 = av.fma(b2, s02); s03 = av.fma(b3, s03);
            av = FloatVector.fromArray(S, a, ai + k + p);
            s10 = av.fma(b0, s10); s11 = av.fma(b1, s11); s12 = av.fma(b2, s12); s13 = av.fma(b3, s13);
            av = FloatVector.fromArray(S, a, ai + 2 * k + p);
            s20 = av.fma(b0, s20); s21 = av.fma(b1, s21); s22 = av.fma(b2, s22); s23 = av.fma(b3, s23);
            av = FloatVector.fromArray(S, a, ai + 3 * k + p);
            s30 = av.fma(b0, s30); s31 = av.fma(b1, s31); s32 = av.fma(b2, s32); s33 = av.fma(b3, s33);
        }
        float[] t = {reduce(s00), reduce(s01), reduce(s02), reduce(s03), reduce(s10), reduce(s11), reduce(s12), reduce(s13),
                reduce(s20), reduce(s21), reduce(s22), reduce(s23), reduce(s30), reduce(s31), reduce(s32), reduce(s33)};
        for (int r = 0; r < 4; r++)
            for (int q = 0; q < 4; q++) {
                float v = t[r * 4 + q];
                int ar = ai + r * k, bq = bj + q * k;
                for (int p = kv; p < k; p++) v = Math.fma(a[ar + p], b[bq + p], v);
                c[cij + r * n + q] += v;
            }
    }

    private static void dot1x4(int k, float[] a, int ai, float[] b, int bj, float[] c, int cij) {
        int kv = k - k % L;
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector av = FloatVector.fromArray(S, a, ai + p);
            s0 = av.fma(FloatVector.fromArray(S, b, bj + p), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, bj + k + p), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, bj + 2 * k + p), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, bj + 3 * k + p), s3);
        }
        float[] t = {reduce(s0), reduce(s1), reduce(s2), reduce(s3)};
        for (int q = 0; q < 4; q++) {
            float v = t[q];
            int bq = bj + q * k;
            for (int p = kv; p < k; p++) v = Math.fma(a[ai + p], b[bq + p], v);
            c[cij + q] += v;
        }
    }

    /** Columns j0..n of row i one at a time (the last n % 4 columns). */
    private static void dotRow(int i, int j0, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        int kv = k - k % L;
        int ai = aOff + i * k;
        for (int j = j0; j < n; j++) {
            int bj = bOff + j * k;
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < kv; p += L) s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
            float v = reduce(s0);
            for (int p = kv; p < k; p++) v = Math.fma(a[ai + p], b[bj + p], v);
            c[cOff + i * n + j] += v;
        }
    }
}
