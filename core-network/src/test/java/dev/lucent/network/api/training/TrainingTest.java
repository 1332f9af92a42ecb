package dev.lucent.network.api.training;

import dev.lucent.network.internal.TensorStorage;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Losses, optimizers, schedules and early stopping against their formulas. */
class TrainingTest {

    @Test
    void crossEntropyWithClassWeightsMatchesFormula() {
        float[] z = {1f, 2f, 0.5f, -1f, 0f, 3f};
        int[] y = {2, 0};
        float[] w = {2f, 1f, 0.5f};
        double l0 = -Math.log(Math.exp(0.5) / (Math.exp(1) + Math.exp(2) + Math.exp(0.5)));
        double l1 = -Math.log(Math.exp(-1) / (Math.exp(-1) + Math.exp(0) + Math.exp(3)));
        double expected = (0.5 * l0 + 2 * l1) / (0.5 + 2);
        assertEquals(expected, Loss.CROSS_ENTROPY.compute(Tensor.of(z, 2, 3), y, null, w).item(), 1e-6);
        assertEquals((l0 + l1) / 2, Loss.CROSS_ENTROPY.compute(Tensor.of(z, 2, 3), y, null, null).item(), 1e-6);
    }

    @Test
    void binaryCrossEntropyIsStableAndMatchesFormula() {
        float[] z = {0.3f, -2f, 80f};
        int[] y = {1, 0, 0};
        double expected = (Math.log1p(Math.exp(-0.3)) + Math.log1p(Math.exp(-2)) + 80) / 3; // -log sigmoid etc.
        assertEquals(expected, Loss.BINARY_CROSS_ENTROPY.compute(Tensor.of(z, 3, 1), y, null, null).item(), 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.BINARY_CROSS_ENTROPY.compute(Tensor.of(z, 3, 1), new int[]{1, 2, 0}, null, null));
        assertTrue(e.getMessage().contains("label 2"));
    }

    @Test
    void mseMatchesFormula() {
        assertEquals((0.25 + 4 + 1 + 0) / 4,
                Loss.MSE.compute(Tensor.of(new float[]{1, 2, 3, 4}, 2, 2), null, new float[]{1.5f, 0, 2, 4}, null).item(), 1e-6);
    }

    private static Parameter param(float... w) {
        Parameter p = new Parameter("w", Tensor.of(w.clone(), w.length), true, true);
        p.value().mul(0f).sum().backward(); // a zero gradient, whose array the tests then set
        return p;
    }

    @Test
    void sgdMomentumAndNesterovFollowTheirRecurrences() {
        Parameter p = param(1f), q = param(1f);
        Optimizer mom = Optimizer.sgd(0.9f, false), nes = Optimizer.sgd(0.9f, true);
        double w = 1, v = 0, wn = 1, vn = 0;
        for (int t = 0; t < 3; t++) {
            float g = 0.5f + t;
            TensorStorage.gradient(p.value())[0] = g;
            TensorStorage.gradient(q.value())[0] = g;
            mom.step(List.of(p), 0.1f);
            nes.step(List.of(q), 0.1f);
            v = 0.9 * v + g;
            w -= 0.1 * v;
            vn = 0.9 * vn + g;
            wn -= 0.1 * (g + 0.9 * vn);
        }
        assertEquals(w, p.values()[0], 1e-6);
        assertEquals(wn, q.values()[0], 1e-6);
    }

    @Test
    void adamWMatchesTheBiasCorrectedUpdateWithDecoupledDecay() {
        Parameter p = param(2f);
        Optimizer o = Optimizer.adamW(0.1f);
        double w = 2, m = 0, v = 0;
        for (int t = 1; t <= 3; t++) {
            float g = t * 0.3f;
            TensorStorage.gradient(p.value())[0] = g;
            o.step(List.of(p), 0.01f);
            w *= 1 - 0.01 * 0.1;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            w -= 0.01 * (m / (1 - Math.pow(0.9, t))) / (Math.sqrt(v / (1 - Math.pow(0.999, t))) + 1e-8);
        }
        assertEquals(w, p.values()[0], 1e-5);
    }

    @Test
    void schedules() {
        assertEquals(0.1 * 0.5 * 0.5, LearningRateSchedule.step(2, 0.5).rate(0.1, 4.2), 1e-12);
        LearningRateSchedule cos = LearningRateSchedule.cosine(10, 0.001);
        assertEquals(0.1, cos.rate(0.1, 0), 1e-12);
        assertEquals(0.001 + 0.5 * 0.099, cos.rate(0.1, 5), 1e-12);
        assertEquals(0.001, cos.rate(0.1, 12), 1e-12);
        LearningRateSchedule warm = LearningRateSchedule.warmup(2, cos);
        assertEquals(0.01, warm.rate(0.1, 0), 1e-12);
        assertEquals(0.055, warm.rate(0.1, 1), 1e-12);
        assertEquals(0.1, warm.rate(0.1, 2), 1e-12);
    }

    @Test
    void earlyStoppingRestoresTheBestEpochsWeights() {
        // pure noise labels: validation loss rises once the wide model starts memorizing
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        int n = 120;
        float[] x = Tensor.randn(2, n * 10).toArray();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = r.nextInt(2);
        DataSplit train = new DataSplit("train", Tensor.of(java.util.Arrays.copyOf(x, 80 * 10), 80, 10), java.util.Arrays.copyOf(y, 80), null);
        DataSplit val = new DataSplit("validation", Tensor.of(java.util.Arrays.copyOfRange(x, 800, n * 10), 40, 10), java.util.Arrays.copyOfRange(y, 80, n), null);
        Model m = Sequential.of("noise", OutputKind.CLASS_LOGITS, 3, new int[]{10}, new Linear(10, 128), Activation.relu(), new Linear(128, 2));
        TrainingHistory h = Trainer.fit(m, train, val, TrainingConfig.builder(Loss.CROSS_ENTROPY).learningRate(0.01f).epochs(200)
                .earlyStopping("validation_loss", 5, true).build());
        assertTrue(h.epochs().size() < 200, "stopped early");
        assertEquals("validation_loss", h.monitoredMetric());
        TrainingHistory.EpochRecord best = h.epochs().get(h.bestEpoch() - 1);
        for (TrainingHistory.EpochRecord e : h.epochs()) assertTrue(e.validationLoss() >= best.validationLoss());
        assertEquals(h.bestEpoch() + 5, h.epochs().size());
        // the kept weights are the best epoch's: re-evaluating gives its validation loss
        assertEquals(best.validationLoss(), Trainer.evaluate(m, val, Loss.CROSS_ENTROPY).loss(), 1e-6);
    }

    @Test
    void l1PenaltyDrivesIrrelevantWeightsToZero() {
        // y depends on feature 0 only; L1 shrinks the 9 others far more than plain training does
        int n = 300;
        float[] x = Tensor.randn(4, n * 10).toArray();
        float[] t = new float[n];
        for (int i = 0; i < n; i++) t[i] = 2 * x[i * 10];
        DataSplit d = new DataSplit("train", Tensor.of(x, n, 10), null, t);
        double[] other = new double[2];
        for (int run = 0; run < 2; run++) {
            Model m = Sequential.of("lin", OutputKind.REGRESSION, 1, new int[]{10}, new Linear(10, 1));
            Trainer.fit(m, d, null, TrainingConfig.builder(Loss.MSE).optimizer(Optimizer.sgd()).learningRate(0.05f).epochs(30).l1(run == 0 ? 0f : 0.05f).build());
            float[] w = m.namedParameters().get("linear1.weight").values();
            for (int j = 1; j < 10; j++) other[run] += Math.abs(w[j]);
            assertEquals(2, w[0], 0.2);
        }
        assertTrue(other[1] < 0.5 * other[0] || other[1] < 0.05, "L1 " + other[1] + " vs plain " + other[0]);
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndRunningOnesInEvaluation() {
        BatchNorm bn = new BatchNorm(2, 0.5f, 0f);
        Tensor x = Tensor.of(new float[]{1, 10, 3, 20, 5, 30}, 3, 2);
        float[] y = bn.forward(Mode.train(0), x).toArray();
        double sd0 = Math.sqrt(8.0 / 3);
        assertEquals((1 - 3) / sd0, y[0], 1e-5);
        assertEquals((5 - 3) / sd0, y[4], 1e-5);
        // running: 0.5 * 0 + 0.5 * 3; var: 0.5 * 1 + 0.5 * unbiased 4
        assertArrayEquals(new float[]{1.5f, 10f}, bn.parameters().get(2).values(), 1e-6f);
        assertArrayEquals(new float[]{2.5f, 50.5f}, bn.parameters().get(3).values(), 1e-5f);
        float[] e = bn.forward(Mode.EVAL, x).toArray();
        assertEquals((1 - 1.5) / Math.sqrt(2.5), e[0], 1e-5);
    }

    @Test
    void telemetryMatchesAnalyticValuesOnAFrozenNetwork() {
        // zero weights, biases -1/+1: units 0 and 2 are dead for every input, 1 and 3 output exactly 1
        Model m = Sequential.of("frozen", OutputKind.CLASS_LOGITS, 1, new int[]{2}, new Linear(2, 4), Activation.relu(), new Linear(4, 2));
        m.namedParameters().get("linear1.weight").assign(new float[8]);
        m.namedParameters().get("linear1.bias").assign(new float[]{-1, 1, -1, 1});
        DataSplit d = new DataSplit("train", Tensor.randn(3, 50, 2), new int[50], null);
        TrainingHistory h = Trainer.fit(m, d, null, TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.sgd())
                .learningRate(1e-12f).epochs(1).batchSize(50).build());
        TrainingHistory.LayerTelemetry relu = h.epochs().get(0).layers().get(1);
        assertEquals("relu1", relu.layer());
        assertEquals(0.5, relu.deadReluFraction(), 0);
        assertEquals(0.5, relu.activationMean(), 1e-6);
        assertEquals(0.5, relu.activationStd(), 1e-6);
        TrainingHistory.LayerTelemetry l1 = h.epochs().get(0).layers().get(0);
        assertEquals(2.0, l1.weightNorm(), 1e-6); // sqrt(4 biases of magnitude 1), weights are 0
        // dead units get no gradient; the update of a 1e-12 step is tiny relative to the weights
        assertTrue(l1.updateToWeightRatio() < 1e-9);
    }
}
