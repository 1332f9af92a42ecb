package dev.lucent.network.api.training;

import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.KnownDatasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fashion-MNIST acceptance runs (about two minutes): part of the test command ({@code -Pquick} skips them). Needs
 * {@code apt-get install -y dataset-fashion-mnist}. Prints the accuracies it asserts.
 */
@Tag("fashion")
class FashionMnistTest {
    static final Path DIR = Path.of(System.getProperty("lucent.fashion", "/usr/share/datasets/fashion-mnist"));

    /** Through the product's own IDX loader; pixels scaled to [0, 1]. */
    static DataSplit read(String name, boolean train) throws DataFormatException {
        Dataset d = KnownDatasets.fashionMnist(DIR, train);
        return new DataSplit(name, d.features(), d.labels(), null);
    }

    private static double run(Model m, int epochs, float lr) throws DataFormatException {
        DataSplit train = read("train", true);
        DataSplit test = read("test", false);
        long t0 = System.nanoTime();
        Trainer.fit(m, train, null, TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam()).learningRate(lr)
                .schedule(LearningRateSchedule.cosine(epochs, lr / 20)).epochs(epochs).batchSize(64).seed(1).threads(2)
                .onEpoch(e -> System.out.printf("  %s epoch %d: train loss %.4f acc %.4f%n", m.name(), e.epoch(), e.trainLoss(), e.trainAccuracy()))
                .build());
        double acc = Trainer.evaluate(m, test, Loss.CROSS_ENTROPY).accuracy();
        System.out.printf("Fashion-MNIST %s test accuracy: %.4f (%d epochs, %.0f s)%n", m.name(), acc, epochs, (System.nanoTime() - t0) / 1e9);
        return acc;
    }

    @Test
    void mlpReaches88Percent() throws DataFormatException {
        Model m = Sequential.of("fashion-mlp", OutputKind.CLASS_LOGITS, 1, new int[]{1, 28, 28},
                new Flatten(), new Linear(784, 256), Activation.relu(), new Linear(256, 128), Activation.relu(), new Linear(128, 10));
        double acc = run(m, 8, 1e-3f);
        assertTrue(acc >= 0.88, "MLP test accuracy " + acc);
    }

    @Test
    void cnnReaches90Percent() throws DataFormatException {
        Model m = Sequential.of("fashion-cnn", OutputKind.CLASS_LOGITS, 1, new int[]{1, 28, 28},
                new Conv2d(1, 16, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Conv2d(16, 32, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Flatten(), new Linear(32 * 49, 128), Activation.relu(), new Linear(128, 10));
        double acc = run(m, 5, 2e-3f);
        assertTrue(acc >= 0.90, "CNN test accuracy " + acc);
    }
}
