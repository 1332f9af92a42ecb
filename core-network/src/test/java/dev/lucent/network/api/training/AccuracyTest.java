package dev.lucent.network.api.training;

import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.TrainingHistory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models trained by the engine on the shared real data sets reach the accuracy the issue asks for. */
class AccuracyTest {

    @Test
    void breastCancerMlpReaches95Percent() throws Exception {
        TestData.Split s = TestData.breastCancer(42, 0.25);
        Model m = Sequential.of("breast-cancer-mlp", OutputKind.BINARY_LOGIT, 7, new int[]{30},
                new Linear(30, 32), Activation.relu(), new Linear(32, 1));
        TrainingConfig cfg = TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY).optimizer(Optimizer.adam())
                .learningRate(1e-3f).epochs(50).batchSize(16).seed(1).build();
        Trainer.fit(m, s.train(), null, cfg);
        double acc = Trainer.evaluate(m, s.test(), Loss.BINARY_CROSS_ENTROPY).accuracy();
        System.out.println("breast cancer MLP test accuracy: " + acc);
        assertTrue(acc >= 0.95, "test accuracy " + acc);
    }

    @Test
    void digitsReaches97Percent() throws Exception {
        TestData.Split s = TestData.digits(42, 0.25);
        Model m = Sequential.of("digits-cnn", OutputKind.CLASS_LOGITS, 3, new int[]{1, 8, 8},
                new Conv2d(1, 16, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(),
                new Conv2d(16, 32, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Flatten(), new Linear(32 * 16, 64), Activation.relu(), new Linear(64, 10));
        TrainingConfig cfg = TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam())
                .learningRate(2e-3f).epochs(15).batchSize(32).seed(1)
                .schedule(LearningRateSchedule.cosine(15, 1e-4)).build();
        long t0 = System.nanoTime();
        TrainingHistory h = Trainer.fit(m, s.train(), null, cfg);
        double acc = Trainer.evaluate(m, s.test(), Loss.CROSS_ENTROPY).accuracy();
        System.out.printf("digits CNN test accuracy: %.4f (%d epochs, %.1f s)%n", acc, h.epochs().size(), (System.nanoTime() - t0) / 1e9);
        assertTrue(acc >= 0.97, "test accuracy " + acc);
    }
}
