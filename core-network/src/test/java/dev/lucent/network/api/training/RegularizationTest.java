package dev.lucent.network.api.training;

import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a small over-parameterized setup (200 digit images, a wide MLP), dropout and L2 each measurably
 * shrink the gap between training and validation loss. A quarter of the training labels are noise.
 */
class RegularizationTest {

    private static double gap(TestData.Split s, float dropout, float l2) {
        Layer[] layers = dropout > 0
                ? new Layer[]{new Flatten(), new Linear(64, 512), Activation.relu(), new Dropout(dropout), new Linear(512, 512), Activation.relu(), new Dropout(dropout), new Linear(512, 10)}
                : new Layer[]{new Flatten(), new Linear(64, 512), Activation.relu(), new Linear(512, 512), Activation.relu(), new Linear(512, 10)};
        Model m = Sequential.of("wide", OutputKind.CLASS_LOGITS, 5, new int[]{1, 8, 8}, layers);
        Trainer.fit(m, s.train(), null, TrainingConfig.builder(Loss.CROSS_ENTROPY).learningRate(1e-3f)
                .epochs(60).batchSize(32).seed(2).l2(l2).build());
        double train = Trainer.evaluate(m, s.train(), Loss.CROSS_ENTROPY).loss();
        double val = Trainer.evaluate(m, s.test(), Loss.CROSS_ENTROPY).loss();
        System.out.printf("dropout %.2f l2 %.4f: train loss %.4f validation loss %.4f gap %.4f%n", dropout, l2, train, val, val - train);
        return val - train;
    }

    @Test
    void dropoutAndL2ShrinkTheGeneralizationGap() throws Exception {
        TestData.Split full = TestData.digits(8, 0.5);
        // 200 training rows only: the 300k-parameter MLP memorizes them
        DataSplit t = full.train();
        int[] idx = new int[200];
        for (int i = 0; i < 200; i++) idx[i] = i;
        Tensor x = t.features().reshape(t.rows(), 64).gather(0, idx).reshape(200, 1, 8, 8);
        int[] y = java.util.Arrays.copyOf(t.labels(), 200);
        // a quarter of the training labels replaced at random: memorizing them is what regularization resists
        java.util.SplittableRandom r = new java.util.SplittableRandom(12);
        for (int i = 0; i < 200; i++) if (r.nextDouble() < 0.25) y[i] = r.nextInt(10);
        TestData.Split s = new TestData.Split(new DataSplit("train", x, y, null), full.test());
        double plain = gap(s, 0f, 0f);
        double dropout = gap(s, 0.5f, 0f);
        double l2 = gap(s, 0f, 1e-2f);
        assertTrue(dropout < 0.7 * plain, "dropout gap " + dropout + " vs plain " + plain);
        assertTrue(l2 < 0.7 * plain, "L2 gap " + l2 + " vs plain " + plain);
    }
}
