package dev.lucent.network.api.training;


import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A tiny test-only reader for the two shared data sets (the product's CSV loader lives elsewhere):
 * seeded train/test split, features standardized with training statistics only.
 */
final class TestData {
    static final Path DIR = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));

    record Split(DataSplit train, DataSplit test) {
    }

    static Split breastCancer(long seed, double testFraction) throws IOException {
        return read(DIR.resolve("breast_cancer.csv"), true, seed, testFraction, false);
    }

    static Split digits(long seed, double testFraction) throws IOException {
        return read(DIR.resolve("digits.csv.gz"), false, seed, testFraction, true);
    }

    private static Split read(Path file, boolean header, long seed, double testFraction, boolean image) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            if (header) r.readLine();
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                float[] v = new float[f.length - 1];
                for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(f[i]);
                rows.add(v);
                labels.add((int) Float.parseFloat(f[f.length - 1]));
            }
        }
        int n = rows.size(), d = rows.get(0).length;
        int[] perm = Trainer.permutation(n, seed);
        int nTest = (int) Math.round(n * testFraction), nTrain = n - nTest;
        float[] mean = new float[d], std = new float[d];
        for (int i = 0; i < nTrain; i++) for (int j = 0; j < d; j++) mean[j] += rows.get(perm[i])[j] / nTrain;
        for (int i = 0; i < nTrain; i++) for (int j = 0; j < d; j++) {
            float c = rows.get(perm[i])[j] - mean[j];
            std[j] += c * c / nTrain;
        }
        for (int j = 0; j < d; j++) std[j] = std[j] > 1e-12f ? (float) Math.sqrt(std[j]) : 1f;
        return new Split(part("train", rows, labels, perm, 0, nTrain, mean, std, image),
                part("test", rows, labels, perm, nTrain, n, mean, std, image));
    }

    private static DataSplit part(String name, List<float[]> rows, List<Integer> labels, int[] perm, int from, int to, float[] mean, float[] std, boolean image) {
        int d = mean.length, n = to - from;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float[] row = rows.get(perm[from + i]);
            for (int j = 0; j < d; j++) x[i * d + j] = image ? row[j] / 16f : (row[j] - mean[j]) / std[j];
            y[i] = labels.get(perm[from + i]);
        }
        Tensor t = image ? Tensor.of(x, n, 1, 8, 8) : Tensor.of(x, n, d);
        return new DataSplit(name, t, y, null);
    }
}
