package dev.lucent.explain.datachecks;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.DataSplit;
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

/** Test-only reader of the shared digits set (8x8 images, shape [1, 8, 8], scaled to [0, 1]), split by a seeded shuffle. */
final class Digits {
    private Digits() {
    }

    static final Path FILE = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), "digits.csv.gz");

    /** Consecutive slices of one seeded permutation, of the given sizes. */
    static List<DataSplit> splits(long seed, int... sizes) throws IOException {
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
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
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
            out.add(new DataSplit(s < names.length ? names[s] : "split" + s, Tensor.of(x, sizes[s], 1, 8, 8), y, null));
        }
        return out;
    }

    static dev.lucent.network.api.data.DatasetSchema schema() {
        List<String> f = new ArrayList<>();
        for (int r = 0; r < 8; r++) for (int c = 0; c < 8; c++) f.add("pixel " + r + "," + c);
        return new dev.lucent.network.api.data.DatasetSchema(f, "digit", classNames(), new int[] {1, 8, 8});
    }

    /** A small CNN: 8 3x3 filters, ReLU, 2x2 max pooling, a linear layer over the 72 pooled values. */
    static dev.lucent.network.api.Model cnn(long seed) {
        return dev.lucent.network.api.Sequential.of("digits-cnn", dev.lucent.network.api.OutputKind.CLASS_LOGITS, seed, new int[] {1, 8, 8},
                new dev.lucent.network.api.Conv2d(1, 8, 3), dev.lucent.network.api.Activation.relu(),
                dev.lucent.network.api.Pool2d.max(2, 2), new dev.lucent.network.api.Flatten(), new dev.lucent.network.api.Linear(72, 10));
    }

    static dev.lucent.network.api.TrainingHistory train(dev.lucent.network.api.Model m, DataSplit train, int epochs, long seed) {
        return dev.lucent.network.api.Trainer.fit(m, train, null, dev.lucent.network.api.TrainingConfig.builder(dev.lucent.network.api.Loss.CROSS_ENTROPY)
                .learningRate(3e-3f).epochs(epochs).batchSize(32).seed(seed).validationFraction(0.2).build());
    }

    static List<String> classNames() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < 10; i++) n.add("digit " + i);
        return n;
    }
}
