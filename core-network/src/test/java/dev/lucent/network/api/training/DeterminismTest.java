package dev.lucent.network.api.training;

import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.kernel.MatMul;
import dev.lucent.network.kernel.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Same seed, same weights bit for bit: across runs and across 1 and 2 kernel threads. */
class DeterminismTest {

    private static List<float[]> train(int threads) {
        // large enough that matmul and conv really split across threads
        Model m = Sequential.of("det", OutputKind.CLASS_LOGITS, 17, new int[]{1, 12, 12},
                new Conv2d(1, 8, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Flatten(), new Linear(8 * 36, 300), Activation.relu(), new Dropout(0.3f), new Linear(300, 10));
        DataSplit d = new DataSplit("train", Tensor.randn(5, 256, 1, 12, 12), randomLabels(256), null);
        Trainer.fit(m, d, null, TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.adamW(0.01f))
                .epochs(2).batchSize(64).seed(99).threads(threads).build());
        List<float[]> w = new ArrayList<>();
        for (Parameter p : m.namedParameters().values()) w.add(p.values());
        return w;
    }

    private static int[] randomLabels(int n) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(10);
        return y;
    }

    @Test
    void sameSeedSameWeightsAcrossRunsAndThreadCounts() {
        List<float[]> a = train(1), b = train(1), c = train(2);
        assertEquals(a.size(), c.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "run to run, parameter " + i);
            assertArrayEquals(a.get(i), c.get(i), "1 vs 2 threads, parameter " + i);
        }
    }

    @Test
    void recyclingStepArraysChangesNoBit() {
        List<float[]> recycled = train(1);
        Trainer.useArena = false;
        try {
            List<float[]> fresh = train(1);
            for (int i = 0; i < fresh.size(); i++) assertArrayEquals(fresh.get(i), recycled.get(i), "parameter " + i);
        } finally {
            Trainer.useArena = true;
        }
    }

    /**
     * Large predict batches reuse their arrays from call to call: the answers equal row-by-row predictions
     * (small batches, no reuse) bit for bit, and an earlier answer is not overwritten by a later call.
     */
    @Test
    void predictReusingItsArraysChangesNoBitAndKeepsEarlierAnswers() {
        Model m = Sequential.of("tab", OutputKind.BINARY_LOGIT, 3, new int[]{30},
                new Linear(30, 32), Activation.relu(), new Linear(32, 1));
        int rows = 600; // 18,000 input values: the reusing path
        Tensor a = Tensor.randn(6, rows, 30), b = Tensor.randn(7, rows, 30);
        float[] first = m.predict(a).toArray();
        Tensor kept = m.predict(b);
        float[] keptBefore = kept.toArray();
        float[] again = m.predict(a).toArray();
        assertArrayEquals(first, again, "same batch, reused arrays");
        assertArrayEquals(keptBefore, kept.toArray(), "an earlier answer changed under a later call");
        float[] av = a.toArray();
        for (int i = 0; i < rows; i++) {
            float[] one = m.predict(Tensor.of(java.util.Arrays.copyOfRange(av, i * 30, (i + 1) * 30), 1, 30)).toArray();
            assertEquals(one[0], first[i], 0f, "row " + i);
        }
    }

    /**
     * Large input-gradient batches reuse their arrays from call to call too: the gradients equal those of a
     * call that reuses nothing (inside a probe session) bit for bit, on 1 and 2 threads, and an earlier answer
     * is not overwritten by a later call.
     */
    @Test
    void inputGradientReusingItsArraysChangesNoBit() {
        Model m = Model.builder("cnn", OutputKind.CLASS_LOGITS, 1, 14, 14).seed(3)
                .add("conv1", new Conv2d(1, 8, 3)).add("relu1", Activation.relu()).add("pool1", Pool2d.max(2, 2))
                .add("conv2", new Conv2d(8, 8, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0)).add("relu2", Activation.relu())
                .add("pool2", Pool2d.max(2, 2)).add("flat", new Flatten()).add("fc", new Linear(8 * 3 * 3, 10)).build();
        Tensor a = Tensor.randn(8, 64, 1, 14, 14), b = Tensor.randn(9, 64, 1, 14, 14); // 12,544 values: the reusing path
        int[] t = randomLabels(64);
        float[] first = m.inputGradient(a, t).toArray();
        Tensor kept = m.inputGradient(b, t);
        float[] keptBefore = kept.toArray();
        float[] again = m.inputGradient(a, t).toArray();
        float[] twoThreads = Parallel.withThreads(2, () -> m.inputGradient(a, t).toArray());
        float[] fresh;
        try (ProbeSession s = ProbeSession.open("conv1")) {
            fresh = m.inputGradient(a, t).toArray();
        }
        assertArrayEquals(fresh, first, "reused arrays against fresh ones");
        assertArrayEquals(first, again, "same batch, reused arrays");
        assertArrayEquals(first, twoThreads, "1 vs 2 threads");
        assertArrayEquals(keptBefore, kept.toArray(), "an earlier answer changed under a later call");
    }

    @Test
    void vectorKernelIsUsedExactlyWhenTheModuleIsPresent() {
        assertEquals(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), MatMul.VECTORIZED);
    }

    @Test
    void transposedProductsMatchDoubleReference() {
        int m = 9, k = 70, n = 13;
        float[] a = Tensor.randn(1, k * m).toArray(), b = Tensor.randn(2, n * k).toArray();
        float[] c = new float[m * n];
        MatMul.gemm(true, true, m, n, k, a, 0, b, 0, c, 0);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double ref = 0;
                for (int p = 0; p < k; p++) ref += (double) a[p * m + i] * b[j * k + p];
                assertEquals(ref, c[i * n + j], 1e-4 * Math.max(1, Math.abs(ref)));
            }
    }

    @Test
    void matmulIsBitIdenticalAcrossThreadsAndMatchesDoubleReference() {
        // wide (register tile + edges), narrow (dot products), and both transposed paths
        // plus a tabular layer (k 30, n 32: the two-vector stripe), a wider edge stripe, and 1 to 3 outputs
        // over short rows (dot products rather than scalar chains)
        int[][] shapes = {{67, 131, 90}, {67, 131, 10}, {130, 70, 200}, {5, 300, 3}, {67, 30, 32}, {67, 30, 96},
                {67, 32, 1}, {66, 20, 3}, {7, 16, 2},
                // the narrow and two-vector paths again with enough work (2^19 multiply-adds) to be split
                {420, 131, 10}, {200, 30, 96}};
        for (int[] s : shapes)
            for (int mode = 0; mode < 3; mode++) {
                int m = s[0], k = s[1], n = s[2];
                boolean ta = mode == 1, tb = mode == 2;
                float[] a = Tensor.randn(1, m * k).toArray(), b = Tensor.randn(2, k * n).toArray();
                float[] c1 = new float[m * n], c2 = new float[m * n];
                Parallel.withThreads(1, () -> { MatMul.gemm(ta, tb, m, n, k, a, 0, b, 0, c1, 0); return null; });
                Parallel.withThreads(2, () -> { MatMul.gemm(ta, tb, m, n, k, a, 0, b, 0, c2, 0); return null; });
                assertArrayEquals(c1, c2, java.util.Arrays.toString(s) + " mode " + mode);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double ref = 0;
                        for (int p = 0; p < k; p++)
                            ref += (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                        assertEquals(ref, c1[i * n + j], 1e-4 * Math.max(1, Math.abs(ref)));
                    }
            }
    }
}
