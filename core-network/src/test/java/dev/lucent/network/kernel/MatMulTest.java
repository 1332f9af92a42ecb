package dev.lucent.network.kernel;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The GEMM against its definition in double, for widths that leave every possible narrow tail after the vector
 * tiles (a 14x14 map is 196 = 12 * 16 + 4 columns), with C accumulated onto, at offsets; and the same bits on 1
 * and 2 threads.
 */
class MatMulTest {

    @Test
    void everyNarrowTailMatchesTheDefinition() {
        for (int m : new int[]{1, 5, 8, 64}) { // 64 rows: enough work to split across threads
            for (int n = 1; n <= 70; n += n < 20 ? 1 : 7) {
                for (int k : new int[]{1, 9, 37, 150}) {
                    float[] a = WindowKernelsTest.uniform(m * 31L + k, 3 + m * k), b = WindowKernelsTest.uniform(n * 17L + k, 2 + k * n), c0 = WindowKernelsTest.uniform(5, 1 + m * n);
                    double[] want = new double[m * n];
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) {
                            double acc = c0[1 + i * n + j];
                            for (int p = 0; p < k; p++) acc += (double) a[3 + i * k + p] * b[2 + p * n + j];
                            want[i * n + j] = acc;
                        }
                    float[] one = null;
                    for (int threads : new int[]{1, 2}) {
                        float[] c = c0.clone();
                        int mm = m, nn = n, kk = k;
                        Parallel.withThreads(threads, () -> {
                            MatMul.gemm(mm, nn, kk, a, 3, b, 2, c, 1);
                            return null;
                        });
                        for (int i = 0; i < m * n; i++)
                            if (Math.abs(want[i] - c[1 + i]) > 1e-5 * (1 + Math.abs(want[i])) * Math.sqrt(k))
                                throw new AssertionError("m " + m + " n " + n + " k " + k + " at " + i + ": " + want[i] + " vs " + c[1 + i]);
                        if (one == null) one = c;
                        else assertArrayEquals(one, c, "1 and 2 threads, m " + m + " n " + n + " k " + k);
                    }
                }
            }
        }
    }
}
