package dev.lucent.explain.testkit;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-only: the shared breast cancer set (0 = malignant, 1 = benign), split 455/114 by a seeded shuffle,
 * standardized with training statistics, and an MLP trained on it by the engine.
 * ({@link Datasets#breastCancer} is the unshuffled reading the attribution families use.)
 */
public final class BreastCancer {
    private BreastCancer() {
    }

    public static final Path FILE = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), "breast_cancer.csv");

    public record Data(DataSplit train, DataSplit test, DatasetSchema schema) {
    }

    /** The file's rows as read: 30 unscaled features each, and the labels, in file order. */
    public record Raw(List<float[]> rows, List<Integer> labels) {
    }

    public static Raw raw() throws IOException {
        List<String> lines = Files.readAllLines(FILE);
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            float[] v = new float[30];
            for (int i = 0; i < 30; i++) v[i] = Float.parseFloat(f[i]);
            rows.add(v);
            labels.add((int) Float.parseFloat(f[30]));
        }
        return new Raw(rows, labels);
    }

    public static Data load(long seed) throws IOException {
        Raw raw = raw();
        List<float[]> rows = raw.rows();
        List<Integer> labels = raw.labels();
        int n = rows.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        Permutation.shuffle(perm, rng);
        int nTrain = n - 114;
        double[] mean = new double[30];
        double[] sd = new double[30];
        for (int i = 0; i < nTrain; i++) for (int j = 0; j < 30; j++) mean[j] += rows.get(perm[i])[j] / (double) nTrain;
        for (int i = 0; i < nTrain; i++) for (int j = 0; j < 30; j++) sd[j] += Math.pow(rows.get(perm[i])[j] - mean[j], 2) / nTrain;
        for (int j = 0; j < 30; j++) sd[j] = Math.sqrt(sd[j]);
        DataSplit train = split("train", rows, labels, perm, 0, nTrain, mean, sd);
        DataSplit test = split("test", rows, labels, perm, nTrain, n, mean, sd);
        String[] stat = {"mean", "error", "worst"};
        String[] what = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points",
                "symmetry", "fractal dimension"};
        List<String> names = new ArrayList<>();
        for (String s : stat) for (String w : what) names.add(s + " " + w);
        return new Data(train, test, new DatasetSchema(names, "diagnosis", List.of("malignant", "benign"), new int[] {30}));
    }

    private static DataSplit split(String name, List<float[]> rows, List<Integer> labels, int[] perm, int from, int to,
                                   double[] mean, double[] sd) {
        float[] x = new float[(to - from) * 30];
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            for (int j = 0; j < 30; j++) x[(i - from) * 30 + j] = (float) ((rows.get(perm[i])[j] - mean[j]) / sd[j]);
            y[i - from] = labels.get(perm[i]);
        }
        return new DataSplit(name, Tensor.of(x, to - from, 30), y, null);
    }

    /** A small MLP with one logit for "benign". */
    public static Model mlp(long seed) {
        return Sequential.of("breast-cancer-mlp", OutputKind.BINARY_LOGIT, seed, new int[] {30},
                new Linear(30, 32), Activation.relu(), new Linear(32, 1));
    }

    /** Trains with Adam, a fifth of the training rows held out for validation; returns the history. */
    public static TrainingHistory train(Model m, DataSplit train, int epochs, long seed) {
        return Trainer.fit(m, train, null, TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY).learningRate(1e-3f).epochs(epochs)
                .batchSize(32).seed(seed).validationFraction(0.2).build());
    }

    /** The MLP (seed 11) trained 30 epochs with Adam on the whole training split. */
    public static Model trainedMlp(Data d) {
        Model m = mlp(11);
        Trainer.fit(m, d.train(), null, TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY).learningRate(1e-3f).epochs(30)
                .batchSize(32).seed(3).build());
        return m;
    }
}
