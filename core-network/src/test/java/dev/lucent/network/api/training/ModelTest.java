package dev.lucent.network.api.training;

import dev.lucent.network.api.GradCheck;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTest {

    static Model mlp(long seed) {
        return Sequential.of("mlp", OutputKind.CLASS_LOGITS, seed, new int[]{4},
                new Linear(4, 8), Activation.tanh(), new Linear(8, 3));
    }

    @Test
    void sequentialNamesParametersAndSummary() {
        Model m = mlp(1);
        assertEquals(List.of("linear1", "tanh1", "linear2"), m.layerNames());
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, m.parameterCount());
        assertEquals(3, m.outputCount());
        String s = m.summary();
        assertTrue(s.contains("linear2") && s.contains("[n, 3]") && s.contains("trainable parameters: 67"), s);
    }

    @Test
    void predictMatchesHandComputedForward() {
        Model m = mlp(2);
        Tensor x = Tensor.randn(3, 5, 4);
        float[] w1 = m.namedParameters().get("linear1.weight").values(), w2 = m.namedParameters().get("linear2.weight").values();
        float[] xs = x.toArray(), out = m.predict(x).toArray();
        for (int r = 0; r < 5; r++) {
            double[] h = new double[8];
            for (int j = 0; j < 8; j++) {
                double a = 0;
                for (int i = 0; i < 4; i++) a += xs[r * 4 + i] * w1[i * 8 + j];
                h[j] = Math.tanh(a);
            }
            for (int c = 0; c < 3; c++) {
                double a = 0;
                for (int j = 0; j < 8; j++) a += h[j] * w2[j * 3 + c];
                assertEquals(a, out[r * 3 + c], 1e-5);
            }
        }
    }

    @Test
    void inputGradientMatchesFiniteDifferencesPerRow() {
        Model m = mlp(3);
        Tensor x = Tensor.randn(4, 3, 4);
        int[] targets = {0, 2, 1};
        float[] g = m.inputGradient(x, targets).toArray();
        float[] xs = x.toArray();
        double h = 1e-2;
        for (int r = 0; r < 3; r++)
            for (int i = 0; i < 4; i++) {
                float[] up = xs.clone(), down = xs.clone();
                up[r * 4 + i] += h;
                down[r * 4 + i] -= h;
                double num = (m.predict(Tensor.of(up, 3, 4)).get(r, targets[r]) - m.predict(Tensor.of(down, 3, 4)).get(r, targets[r])) / (2 * h);
                assertEquals(num, g[r * 4 + i], 2e-3);
            }
        // parameters received no gradient: explainers do not disturb training state
        assertTrue(m.namedParameters().get("linear1.weight").value().grad() == null);
    }

    @Test
    void inputGradientReadsTheBatchInPlaceAndHandsOutAnArrayOfItsOwn() {
        // 2,560 rows of 4 features: past the batch arena's threshold, so the reused-arrays path runs
        int rows = 2560;
        int[] targets = new int[rows];
        for (int i = 0; i < rows; i++) targets[i] = i % 3;
        for (int feature = 0; feature < 4; feature++)
            GradCheck.inputGradientReadsTheBatchInPlace(mlp(5), Tensor.randn(6, rows, 4), targets, 7, feature);
    }

    @Test
    void traceLayerGivesActivationsAndTheirGradients() {
        Model m = mlp(4);
        Tensor x = Tensor.randn(5, 2, 4);
        LayerTrace t = m.traceLayer("tanh1", x, new int[]{1, 1});
        assertArrayEquals(new int[]{2, 8}, t.activations().shape());
        float[] w2 = m.namedParameters().get("linear2.weight").values();
        // d out[:,1] / d h_j = W2[j, 1]
        for (int r = 0; r < 2; r++) for (int j = 0; j < 8; j++) assertEquals(w2[j * 3 + 1], t.gradients().get(r, j), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.traceLayer("conv9", x, new int[]{0, 0}));
        assertTrue(e.getMessage().contains("conv9"));
    }

    @Test
    void randomizedLayersChangeOnlyThoseLayersAndAreSeeded() {
        Model m = mlp(5);
        Model r1 = m.withRandomizedLayers(List.of("linear2"), 9), r2 = m.withRandomizedLayers(List.of("linear2"), 9);
        assertArrayEquals(m.namedParameters().get("linear1.weight").values(), r1.namedParameters().get("linear1.weight").values());
        assertFalse(java.util.Arrays.equals(m.namedParameters().get("linear2.weight").values(), r1.namedParameters().get("linear2.weight").values()));
        assertArrayEquals(r1.namedParameters().get("linear2.weight").values(), r2.namedParameters().get("linear2.weight").values());
        // the original is untouched by changes to the copy
        r1.namedParameters().get("linear1.weight").assign(new float[32]);
        assertFalse(java.util.Arrays.equals(new float[32], m.namedParameters().get("linear1.weight").values()));
    }

    @Test
    void graphModelWithSkipConnection() {
        Model g = Model.builder("res", OutputKind.REGRESSION, 3).seed(11)
                .add("a", new Linear(3, 3))
                .add("act", Activation.relu())
                .add("sum", Merge.add(2), "act", Model.INPUT)
                .add("cat", Merge.concat(1, 2), "sum", "a")
                .add("out", new Linear(6, 1))
                .build();
        assertEquals(List.of("a", "act", "sum", "cat", "out"), g.layerNames());
        Tensor x = Tensor.randn(1, 4, 3);
        GradCheck.check("graph model", t -> g.forward(t[0], Mode.EVAL), x);
        assertThrows(IllegalArgumentException.class, () -> Model.builder("bad", OutputKind.REGRESSION, 3).add("a", new Linear(3, 1), "nope"));
    }

    @Test
    void badBatchShapeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mlp(1).predict(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("[n, 4]") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void probesRecordAnyNodeAndCostNothingWhenClosed() {
        Tensor x = Tensor.randn(1, 3).requireGrad();
        try (ProbeSession s = ProbeSession.open("mid")) {
            Tensor mid = x.exp().probe("mid");
            mid.mul(mid).sum().backward();
            float[] a = s.activation("mid").toArray(), g = s.gradient("mid").toArray();
            for (int i = 0; i < 3; i++) assertEquals(2 * a[i], g[i], 1e-6);
        }
        assertFalse(ProbeSession.anyOpen());
    }

    @Test
    void trainingFillsHistoryAndTelemetry() {
        Model m = Sequential.of("t", OutputKind.CLASS_LOGITS, 1, new int[]{2}, new Linear(2, 16), Activation.relu(), new Linear(16, 2));
        float[] x = new float[200 * 2];
        int[] y = new int[200];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            x[2 * i] = (float) r.nextGaussian();
            x[2 * i + 1] = (float) r.nextGaussian();
            y[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0;
        }
        int[] epochs = {0};
        TrainingHistory h = Trainer.fit(m, new DataSplit("train", Tensor.of(x, 200, 2), y, null), null,
                TrainingConfig.builder(Loss.CROSS_ENTROPY).learningRate(0.01f).epochs(30).validationFraction(0.2).onEpoch(e -> epochs[0]++).build());
        assertEquals(30, h.epochs().size());
        assertEquals(30, epochs[0]);
        TrainingHistory.EpochRecord last = h.epochs().get(29);
        assertTrue(last.trainAccuracy() > 0.85, "xor-like task learned: " + last.trainAccuracy());
        assertTrue(last.trainLoss() < h.epochs().get(0).trainLoss());
        TrainingHistory.LayerTelemetry l1 = last.layers().get(0), relu = last.layers().get(1);
        assertEquals("linear1", l1.layer());
        assertTrue(l1.weightNorm() > 0 && l1.gradientNorm() > 0 && l1.updateToWeightRatio() > 0 && l1.updateToWeightRatio() < 0.5);
        assertTrue(relu.deadReluFraction() >= 0 && relu.deadReluFraction() <= 1);
        assertTrue(Double.isNaN(relu.weightNorm()));
        assertNotNull(m.summary());
    }

    @Test
    void cancellationStopsTraining() {
        Model m = mlp(1);
        DataSplit d = new DataSplit("train", Tensor.randn(1, 10, 4), new int[10], null);
        int[] calls = {0};
        assertThrows(java.util.concurrent.CancellationException.class, () -> Trainer.fit(m, d, null,
                TrainingConfig.builder(Loss.CROSS_ENTROPY).epochs(5).batchSize(2).cancelled(() -> ++calls[0] > 3).build()));
        assertEquals(4, calls[0]);
    }
}
