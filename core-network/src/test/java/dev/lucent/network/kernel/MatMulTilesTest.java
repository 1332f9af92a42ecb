package dev.lucent.network.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every register tile of the matrix product (8 x 3, 4 x 4, the 2- and 1-vector edge tiles) gives each element of C
 * the same FMA chain, c = a[i,p] b[p,j] + c for p = 0 to k - 1 in order, so C is bit for bit what that scalar chain
 * gives, on 1 and 2 threads, whatever tile the element falls in. The last n mod L columns (fewer than a vector) are
 * dot products over k in vectors, a different order of the same sum: within float32 rounding of the exact sum, and
 * the same bits on 1 and 2 threads.
 */
class MatMulTilesTest {

    /** {m, n, k}: rows around the 8- and 4-row blocks, columns around 3- and 4-vector stripes and a scalar tail. */
    private static final int[][] SHAPES = {
            {64, 256, 784}, {8, 48, 5}, {13, 100, 33}, {9, 64, 17}, {17, 200, 64}, {7, 96, 12}, {3, 50, 9}, {24, 16, 40}, {1, 256, 30},
            // odd sizes: rows split unevenly across threads, past 8- and 4-row blocks, long k, columns past several
            // 3-vector stripes with a narrow tail, and a narrow product (n < 16) that takes the dot-product path
            {29, 333, 257}, {72, 784, 300}, {1, 17, 1000}, {40, 15, 100}, {11, 49, 576},
            // the transposed copies (gathers of L rows and the rows past the last L): k = 1, m = 1, n = 1, rows and
            // columns not a multiple of the vector, B^T copied (m >= 48, n >= 64), narrow outputs with A^T
            {50, 70, 1}, {1, 1, 300}, {49, 65, 17}, {64, 784, 256}, {130, 10, 64}, {17, 1, 40}, {5, 3, 2},
            // two vectors past the 3-vector stripes (the 8 x 2 tile), alone, with a narrow tail, with rows past 8
            {8, 32, 7}, {16, 128, 33}, {19, 130, 20}, {256, 128, 64}};

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    /** The definition: one scalar FMA chain per element over k, in order, starting from C. */
    private static float[] reference(int m, int n, int k, float[] a, float[] b, float[] c0) {
        float[] c = c0.clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float acc = c[i * n + j];
                for (int p = 0; p < k; p++) acc = Math.fma(a[i * k + p], b[p * n + j], acc);
                c[i * n + j] = acc;
            }
        return c;
    }

    @Test
    void everyTileIsTheScalarFmaChainBitForBit() {
        assertTrue(MatMul.VECTORIZED, "run with --add-modules jdk.incubator.vector: this checks the vector tiles");
        SplittableRandom r = new SplittableRandom(13);
        for (int[] s : SHAPES) {
            int m = s[0], n = s[1], k = s[2];
            float[] a = values(r, m * k), b = values(r, k * n), c0 = values(r, m * n);
            float[] want = reference(m, n, k, a, b, c0);
            float[] one = null;
            for (int threads : new int[]{1, 2}) {
                float[] c = c0.clone();
                Parallel.withThreads(threads, () -> {
                    MatMul.gemm(m, n, k, a, 0, b, 0, c, 0);
                    return null;
                });
                int vectorColumns = n - n % VectorMatMul.LANES;
                for (int i = 0; i < c.length; i++) {
                    String where = m + "x" + k + " by " + k + "x" + n + " on " + threads + " threads: element (" + i / n + ", " + i % n + ")";
                    if (i % n < vectorColumns) {
                        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(c[i]), where);
                    } else {
                        double exact = c0[i], scale = Math.abs(c0[i]);
                        for (int p = 0; p < k; p++) {
                            exact += (double) a[i / n * k + p] * b[p * n + i % n];
                            scale += Math.abs((double) a[i / n * k + p] * b[p * n + i % n]);
                        }
                        assertEquals(exact, c[i], 1e-6 * scale * Math.sqrt(k + 1), where);
                    }
                }
                if (threads == 1) one = c;
                else for (int i = 0; i < c.length; i++)
                    assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(c[i]), m + "x" + k + " by " + k + "x" + n + ": 1 and 2 threads differ at " + i);
            }
        }
    }

    /** The gathered transpose against its definition, dst[j, i] = src[i, j], at offsets, on rows and columns around the vector length. */
    @Test
    void transposeMovesEveryElementToItsMirror() {
        assertTrue(MatMul.VECTORIZED, "run with --add-modules jdk.incubator.vector: this checks the gathers");
        int l = VectorMatMul.LANES;
        int[][] shapes = {{1, 1}, {l, 1}, {1, l}, {l - 1, 3}, {l + 1, 7}, {2 * l + 5, 33}, {64, 784}, {784, 10}, {3, 2 * l}};
        for (int[] s : shapes) {
            int rows = s[0], cols = s[1], srcOff = 5, dstOff = 3;
            float[] src = new float[srcOff + rows * cols];
            for (int i = 0; i < src.length; i++) src[i] = i + 0.5f;
            float[] dst = new float[dstOff + rows * cols + 2];
            java.util.Arrays.fill(dst, Float.NaN);
            // in two parts, as two threads copy it: source rows up to a multiple of L, then the rest
            int half = rows / 2 / l * l;
            VectorMatMul.transpose(src, srcOff, rows, cols, dst, dstOff, 0, half);
            VectorMatMul.transpose(src, srcOff, rows, cols, dst, dstOff, half, rows);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    assertEquals(src[srcOff + i * cols + j], dst[dstOff + j * rows + i], rows + "x" + cols + ": element (" + i + ", " + j + ")");
            for (int q : new int[]{0, 1, 2, dst.length - 2, dst.length - 1})
                assertTrue(Float.isNaN(dst[q]), rows + "x" + cols + ": wrote outside the destination at " + q);
        }
    }

    /**
     * Every product path (A and B as stored, A transposed, B transposed: the register tiles, the tile on a transposed
     * copy, the dot products) against a double-precision reference: each element within the worst-case float32
     * rounding of its k + 1 terms, (k + 2) 2^-24 times the sum of their magnitudes, and the same bits on 1 and 2 threads.
     */
    @Test
    void everyPathIsWithinFloat32RoundingOfTheDoubleSum() {
        SplittableRandom r = new SplittableRandom(29);
        for (int[] s : SHAPES)
            for (int form = 0; form < 3; form++) {
                int m = s[0], n = s[1], k = s[2];
                boolean transA = form == 1, transB = form == 2;
                float[] a = values(r, m * k), b = values(r, k * n), c0 = values(r, m * n);
                float[] one = null;
                for (int threads : new int[]{1, 2}) {
                    float[] c = c0.clone();
                    Parallel.withThreads(threads, () -> {
                        MatMul.gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0);
                        return null;
                    });
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) {
                            double exact = c0[i * n + j], scale = Math.abs(c0[i * n + j]);
                            for (int p = 0; p < k; p++) {
                                double t = (double) (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                                exact += t;
                                scale += Math.abs(t);
                            }
                            assertEquals(exact, c[i * n + j], (k + 2) * 0x1p-24 * scale,
                                    (transA ? "A^T " : "") + (transB ? "B^T " : "") + m + "x" + k + " by " + k + "x" + n + " on " + threads + " threads: (" + i + ", " + j + ")");
                        }
                    if (threads == 1) one = c;
                    else for (int i = 0; i < c.length; i++)
                        assertEquals(Float.floatToRawIntBits(one[i]), Float.floatToRawIntBits(c[i]), "form " + form + ", " + m + "x" + k + " by " + k + "x" + n + ": 1 and 2 threads differ at " + i);
                }
            }
    }
}
