package dev.lucent.explain.testkit;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Flatten;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Pool2d;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Test-only reader of the shared digits set (8x8 images scaled to [0, 1]), split by a seeded shuffle, either as
 * 64 flat features or as images of shape [1, 8, 8]; and a small CNN for the images.
 */
public final class Digits {
    private Digits() {
    }

    public static final Path FILE = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), "digits.csv.gz");

    /** Consecutive slices of one seeded permutation, of the given sizes, rows of 64 features. */
    public static List<DataSplit> splits(long seed, int... sizes) throws IOException {
        return read(seed, new int[] {64}, sizes);
    }

    /** The same slices as {@link #splits}, rows shaped as images [1, 8, 8]. */
    public static List<DataSplit> imageSplits(long seed, int... sizes) throws IOException {
        return read(seed, new int[] {1, 8, 8}, sizes);
    }

    private static List<DataSplit> read(long seed, int[] rowShape, int... sizes) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(FILE)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                float[] v = new float[64];
                for (int i = 0; i < 64; i++) v[i] = Float.parseFloat(f[i]) / 16f;
                rows.add(v);
                labels.add((int) Float.parseFloat(f[64]));
            }
        }
        int[] perm = new int[rows.size()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        Permutation.shuffle(perm, rng);
        List<DataSplit> out = new ArrayList<>();
        int at = 0;
        String[] names = {"train", "validation", "test"};
        for (int s = 0; s < sizes.length; s++) {
            float[] x = new float[sizes[s] * 64];
            int[] y = new int[sizes[s]];
            for (int i = 0; i < sizes[s]; i++, at++) {
                System.arraycopy(rows.get(perm[at]), 0, x, i * 64, 64);
                y[i] = labels.get(perm[at]);
            }
            int[] shape = new int[rowShape.length + 1];
            shape[0] = sizes[s];
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            out.add(new DataSplit(s < names.length ? names[s] : "split" + s, Tensor.of(x, shape), y, null));
        }
        return out;
    }

    public static List<String> classNames() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < 10; i++) n.add("digit " + i);
        return n;
    }

    /** The schema of {@link #imageSplits}: pixels "r,c", classes "digit 0".."digit 9". */
    public static DatasetSchema schema() {
        List<String> f = new ArrayList<>();
        for (int r = 0; r < 8; r++) for (int c = 0; c < 8; c++) f.add("pixel " + r + "," + c);
        return new DatasetSchema(f, "digit", classNames(), new int[] {1, 8, 8});
    }

    /** A small CNN: 8 3x3 filters, ReLU, 2x2 max pooling, a linear layer over the 72 pooled values. */
    public static Model cnn(long seed) {
        return Sequential.of("digits-cnn", OutputKind.CLASS_LOGITS, seed, new int[] {1, 8, 8},
                new Conv2d(1, 8, 3), Activation.relu(), Pool2d.max(2, 2), new Flatten(), new Linear(72, 10));
    }

    /** Trains with Adam, a fifth of the training rows held out for validation; returns the history. */
    public static TrainingHistory train(Model m, DataSplit train, int epochs, long seed) {
        return Trainer.fit(m, train, null, TrainingConfig.builder(Loss.CROSS_ENTROPY)
                .learningRate(3e-3f).epochs(epochs).batchSize(32).seed(seed).validationFraction(0.2).build());
    }
}
