package dev.lucent.network.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forward values against independent direct computations and known constants. */
class OpValuesTest {

    @Test
    void convolutionMatchesDirectLoopsWithGroupsStrideDilationPadding() {
        int n = 2, c = 4, h = 7, w = 6, o = 6, g = 2, k = 3, s = 2, pad = 2, dil = 2;
        Tensor x = Tensor.randn(1, n, c, h, w), wt = Tensor.randn(2, o, c / g, k, k), b = Tensor.randn(3, o);
        Tensor y = x.conv2d(wt, b, s, pad, dil, g);
        int oh = (h + 2 * pad - dil * (k - 1) - 1) / s + 1, ow = (w + 2 * pad - dil * (k - 1) - 1) / s + 1;
        assertArrayEquals(new int[]{n, o, oh, ow}, y.shape());
        for (int bi = 0; bi < n; bi++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double acc = b.get(oc);
                        int grp = oc / (o / g);
                        for (int ic = 0; ic < c / g; ic++)
                            for (int ki = 0; ki < k; ki++)
                                for (int kj = 0; kj < k; kj++) {
                                    int yi = i * s - pad + ki * dil, xj = j * s - pad + kj * dil;
                                    if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
                                    acc += (double) x.get(bi, grp * (c / g) + ic, yi, xj) * wt.get(oc, ic, ki, kj);
                                }
                        assertEquals(acc, y.get(bi, oc, i, j), 1e-4);
                    }
    }

    @Test
    void poolingValues() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
        assertArrayEquals(new float[]{6, 8, 14, 16}, x.maxPool2d(2, 2, 0).toArray());
        assertArrayEquals(new float[]{3.5f, 5.5f, 11.5f, 13.5f}, x.avgPool2d(2, 2, 0).toArray());
        // 3x3 window, pad 1, stride 2: corners see 4 values; count_include_pad off divides by 4, on by 9
        Tensor ex = x.avgPool(new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 1}, false, false);
        assertEquals((1 + 2 + 5 + 6) / 4f, ex.get(0, 0, 0, 0), 1e-6);
        Tensor in = x.avgPool(new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1}, new int[]{1, 1}, false, true);
        assertEquals((1 + 2 + 5 + 6) / 9f, in.get(0, 0, 0, 0), 1e-6);
        // ceil mode adds the partial last window
        assertArrayEquals(new int[]{1, 1, 2, 2}, x.maxPool(new int[]{3, 3}, new int[]{2, 2}, new int[]{0, 0}, new int[]{0, 0}, new int[]{1, 1}, true).shape());
        assertArrayEquals(new int[]{1, 1, 1, 1}, x.maxPool(new int[]{3, 3}, new int[]{2, 2}, new int[]{0, 0}, new int[]{0, 0}, new int[]{1, 1}, false).shape());
        assertArrayEquals(new float[]{8.5f}, x.globalAvgPool().toArray());
    }

    @Test
    void activationConstants() {
        Tensor x = Tensor.of(new float[]{-1f, 0f, 1f, 2f}, 4);
        assertArrayEquals(new float[]{-0.158655f, 0f, 0.841345f, 1.954500f}, x.gelu().toArray(), 2e-6f);
        assertArrayEquals(new float[]{-0.842701f, 0f, 0.842701f, 0.995322f}, x.erf().toArray(), 2e-6f);
        assertArrayEquals(new float[]{0.313262f, 0.693147f, 1.313262f, 2.126928f}, x.softplus().toArray(), 1e-6f);
        assertArrayEquals(new float[]{-0.632121f, 0f, 1f, 2f}, x.elu(1f).toArray(), 1e-6f);
        assertArrayEquals(new float[]{-0.1f, 0f, 1f, 2f}, x.leakyRelu(0.1f).toArray(), 1e-7f);
        assertArrayEquals(new float[]{0.268941f, 0.5f, 0.731059f, 0.880797f}, x.sigmoid().toArray(), 1e-6f);
        // large logits do not overflow
        float[] sm = Tensor.of(new float[]{1000f, 1000f, -1000f}, 1, 3).softmax(1).toArray();
        assertArrayEquals(new float[]{0.5f, 0.5f, 0f}, sm, 1e-7f);
        assertEquals(-Math.log(2), Tensor.of(new float[]{1000f, 1000f}, 1, 2).logSoftmax(1).get(0, 0), 1e-6);
    }

    @Test
    void shapeOpValuesAndViews() {
        Tensor x = Tensor.of(new float[]{0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor t = x.transpose(0, 1);
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, t.toArray());
        assertTrue(!t.isContiguous());
        assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, t.reshape(6).toArray());
        assertArrayEquals(new float[]{2, 0, 5, 3}, x.slice(1, 2, -4, -2).toArray());
        assertArrayEquals(new float[]{2, 0, 2, 5, 3, 5}, x.gather(1, new int[]{2, 0, -1}, 3).toArray());
        assertArrayEquals(new float[]{0, 1, 2, 9, 3, 4, 5, 9}, Tensor.concat(1, x, Tensor.full(9f, 2, 1)).toArray());
        assertArrayEquals(new float[]{7, 7, 7, 7, 0, 1, 2, 7, 3, 4, 5, 7}, x.pad(new int[]{1, 0, 0, 1}, 7f).toArray());
        assertArrayEquals(new float[]{3, 4, 5}, x.index(1).toArray());
        assertArrayEquals(new float[]{1, 2, 1, 2}, Tensor.of(new float[]{1, 2}, 1, 2).expand(2, 2).toArray());
        assertArrayEquals(new float[]{3, 5, 7}, x.sum(false, 0).toArray());
        assertArrayEquals(new float[]{2, 5}, x.max(false, 1).toArray());
        assertArrayEquals(new float[]{0, 3}, x.min(false, 1).toArray());
        assertArrayEquals(new int[]{2, 1}, x.sum(true, 1).shape());
        assertEquals(15f, x.sum().item());
        assertArrayEquals(new float[]{0, 1, 1, 1, 0, 0}, x.gt(Tensor.scalar(0)).mul(x.lt(Tensor.scalar(4))).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
        assertTrue(e.getMessage().contains("[4, 2]"));
        assertThrows(IllegalArgumentException.class, () -> x.add(Tensor.zeros(4)));
    }

    /** The bias-add path (a trailing operand repeated row after row) against element-by-element sums. */
    @Test
    void biasAddEqualsElementwiseSums() {
        int[][][] cases = {{{5, 3}, {3}}, {{6, 1}, {1}}, {{4, 1}, {1, 1}}, {{2, 3, 4}, {3, 4}}, {{7, 32}, {32}}, {{0, 3}, {3}}};
        for (int[][] c : cases) {
            Tensor a = Tensor.randn(1, c[0]), b = Tensor.randn(2, c[1]);
            float[] av = a.toArray(), bv = b.toArray(), y = a.add(b).toArray();
            assertArrayEquals(c[0], a.add(b).shape());
            assertEquals(av.length, y.length);
            for (int i = 0; i < y.length; i++) assertEquals(av[i] + bv[i % bv.length], y[i], 0f, "element " + i);
        }
    }

    @Test
    void batchedMatmulMatchesLoops() {
        Tensor a = Tensor.randn(1, 3, 4, 5), b = Tensor.randn(2, 3, 5, 2);
        Tensor y = a.matmul(b);
        for (int bi = 0; bi < 3; bi++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 2; j++) {
                    double acc = 0;
                    for (int p = 0; p < 5; p++) acc += (double) a.get(bi, i, p) * b.get(bi, p, j);
                    assertEquals(acc, y.get(bi, i, j), 1e-5);
                }
        assertArrayEquals(new int[]{3, 4}, a.matmul(Tensor.randn(3, 5)).shape());
    }

    @Test
    void noGradRecordsNothing() {
        Tensor w = Tensor.randn(1, 3).requireGrad();
        try (Tensor.Scope s = Tensor.noGrad()) {
            Tensor y = w.mul(2f).sum();
            assertTrue(!y.requiresGrad());
            assertThrows(IllegalStateException.class, y::backward);
        }
        assertTrue(w.mul(2f).sum().requiresGrad());
    }

    @Test
    void seededInitializersAreReproducibleWithTheRightSpread() {
        assertArrayEquals(Tensor.heNormal(5, 100, 100, 50).toArray(), Tensor.heNormal(5, 100, 100, 50).toArray());
        float[] v = Tensor.heNormal(5, 100, 200, 100).toArray();
        double sq = 0;
        for (float f : v) sq += f * f;
        assertEquals(2.0 / 100, sq / v.length, 0.002);
        float[] u = Tensor.xavierUniform(6, 30, 70, 1000).toArray();
        double a = Math.sqrt(6.0 / 100);
        for (float f : u) assertTrue(Math.abs(f) <= a);
    }

    @Test
    void opCountersCountCallsAndFlops() {
        Tensor a = Tensor.randn(1, 8, 16), b = Tensor.randn(2, 16, 4);
        try (OpCounters c = OpCounters.start()) {
            a.matmul(b).relu();
            OpCounters.OpStat mm = c.snapshot().stream().filter(s -> s.op().equals("matmul")).findFirst().orElseThrow();
            assertEquals(1, mm.calls());
            assertEquals(2L * 8 * 16 * 4, mm.flops());
        }
        assertTrue(OpCounters.active == null);
    }
}
