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
import java.util.zip.GZIPInputStream;

/**
 * Test-only: the shared diabetes regression set (10 features, sex coded 1/2, left unscaled so subgroups read
 * naturally; the others standardized with training statistics), target in hundreds, every 4th row held out.
 */
public final class Diabetes {
    private Diabetes() {
    }

    public static final Path DIR = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));

    public record Data(DataSplit train, DataSplit test, DatasetSchema schema) {
    }

    private static List<String> lines(String file) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(DIR.resolve(file))),
                StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    public static Data load() throws IOException {
        List<String> x = lines("diabetes_data_raw.csv.gz");
        List<String> y = lines("diabetes_target.csv.gz");
        int n = x.size();
        float[][] rows = new float[n][10];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            String[] f = x.get(i).trim().split("\\s+");
            for (int j = 0; j < 10; j++) rows[i][j] = Float.parseFloat(f[j]);
            t[i] = Float.parseFloat(y.get(i).trim()) / 100f;
        }
        List<Integer> tr = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        for (int i = 0; i < n; i++) (i % 4 == 0 ? te : tr).add(i);
        double[] mean = new double[10];
        double[] sd = new double[10];
        for (int i : tr) for (int j = 0; j < 10; j++) mean[j] += rows[i][j] / tr.size();
        for (int i : tr) for (int j = 0; j < 10; j++) sd[j] += Math.pow(rows[i][j] - mean[j], 2) / tr.size();
        for (int j = 0; j < 10; j++) sd[j] = Math.sqrt(sd[j]);
        List<String> names = List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
        return new Data(split("train", rows, t, tr, mean, sd), split("test", rows, t, te, mean, sd),
                new DatasetSchema(names, "progression", List.of(), new int[] {10}));
    }

    private static DataSplit split(String name, float[][] rows, float[] t, List<Integer> idx, double[] mean, double[] sd) {
        float[] x = new float[idx.size() * 10];
        float[] y = new float[idx.size()];
        for (int k = 0; k < idx.size(); k++) {
            int i = idx.get(k);
            for (int j = 0; j < 10; j++) x[k * 10 + j] = j == 1 ? rows[i][j] : (float) ((rows[i][j] - mean[j]) / sd[j]);
            y[k] = t[i];
        }
        return new DataSplit(name, Tensor.of(x, idx.size(), 10), null, y);
    }

    /** A small MLP (seed 7) trained 100 epochs with Adam on the training split. */
    public static Model trainedMlp(Data d) {
        Model m = Sequential.of("diabetes-mlp", OutputKind.REGRESSION, 7, new int[] {10}, new Linear(10, 16), Activation.relu(), new Linear(16, 1));
        Trainer.fit(m, d.train(), null, TrainingConfig.builder(Loss.MSE).learningRate(3e-3f).epochs(100).batchSize(32).seed(1).build());
        return m;
    }
}
