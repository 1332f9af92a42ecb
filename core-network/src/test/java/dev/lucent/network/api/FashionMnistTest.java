package dev.lucent.network.api;

import dev.lucent.network.api.data.DataSplit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fashion-MNIST acceptance runs (minutes, not seconds): only with {@code -Pfashion}. Needs
 * {@code apt-get install -y dataset-fashion-mnist}. Prints the accuracies it asserts.
 */
@Tag("fashion")
class FashionMnistTest {
    static final Path DIR = Path.of(System.getProperty("lucent.fashion", "/usr/share/datasets/fashion-mnist"));

    /** A test-only IDX reader (the product's loader lives in the data package). Pixels scaled to [0, 1]. */
    static DataSplit read(String name, String images, String labels) throws IOException {
        float[] x;
        int n;
        try (DataInputStream in = new DataInputStream(gz(DIR.resolve(images)))) {
            if (in.readInt() != 0x803) throw new IOException(images + ": not an IDX image file");
            n = in.readInt();
            int rows = in.readInt(), cols = in.readInt();
            byte[] px = in.readNBytes(n * rows * cols);
            x = new float[px.length];
            for (int i = 0; i < px.length; i++) x[i] = (px[i] & 0xFF) / 255f;
        }
        int[] y = new int[n];
        try (DataInputStream in = new DataInputStream(gz(DIR.resolve(labels)))) {
            if (in.readInt() != 0x801 || in.readInt() != n) throw new IOException(labels + ": not a matching IDX label file");
            byte[] b = in.readNBytes(n);
            for (int i = 0; i < n; i++) y[i] = b[i];
        }
        return new DataSplit(name, Tensor.of(x, n, 1, 28, 28), y, null);
    }

    private static InputStream gz(Path p) throws IOException {
        return new GZIPInputStream(Files.newInputStream(p), 1 << 16);
    }

    private static double run(Model m, int epochs, float lr) throws IOException {
        DataSplit train = read("train", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
        DataSplit test = read("test", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
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
    void mlpReaches88Percent() throws IOException {
        Model m = Sequential.of("fashion-mlp", OutputKind.CLASS_LOGITS, 1, new int[]{1, 28, 28},
                new Flatten(), new Linear(784, 256), Activation.relu(), new Linear(256, 128), Activation.relu(), new Linear(128, 10));
        double acc = run(m, 8, 1e-3f);
        assertTrue(acc >= 0.88, "MLP test accuracy " + acc);
    }

    @Test
    void cnnReaches90Percent() throws IOException {
        Model m = Sequential.of("fashion-cnn", OutputKind.CLASS_LOGITS, 1, new int[]{1, 28, 28},
                new Conv2d(1, 16, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Conv2d(16, 32, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0), Activation.relu(), Pool2d.max(2, 2),
                new Flatten(), new Linear(32 * 49, 128), Activation.relu(), new Linear(128, 10));
        double acc = run(m, 5, 2e-3f);
        assertTrue(acc >= 0.90, "CNN test accuracy " + acc);
    }
}
