package dev.lucent.explain.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The shared real data sets (see /work/shared/datasets/README.md). */
public final class Datasets {
    public static final Path ROOT = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));

    private Datasets() {
    }

    /** Features as a flat row-major array and labels. */
    public record Labelled(float[] x, int[] y, int features) {
        public int rows() {
            return y.length;
        }
    }

    /**
     * Breast cancer (569 rows, 30 features, label 0 = malignant, 1 = benign), in file order, each feature
     * standardised with the mean and standard deviation of the first {@code trainRows} rows.
     */
    public static Labelled breastCancer(int trainRows) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("breast_cancer.csv"), StandardCharsets.US_ASCII);
        int n = 0;
        float[] x = new float[(lines.size() - 1) * 30];
        int[] y = new int[lines.size() - 1];
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] p = line.split(",");
            for (int j = 0; j < 30; j++) x[n * 30 + j] = Float.parseFloat(p[j]);
            y[n++] = (int) Float.parseFloat(p[30]);
        }
        for (int j = 0; j < 30; j++) {
            double mean = 0, sq = 0;
            for (int i = 0; i < trainRows; i++) mean += x[i * 30 + j] / (double) trainRows;
            for (int i = 0; i < trainRows; i++) sq += (x[i * 30 + j] - mean) * (x[i * 30 + j] - mean);
            double sd = Math.sqrt(sq / (trainRows - 1));
            for (int i = 0; i < n; i++) x[i * 30 + j] = (float) ((x[i * 30 + j] - mean) / (sd > 0 ? sd : 1));
        }
        return new Labelled(java.util.Arrays.copyOf(x, n * 30), java.util.Arrays.copyOf(y, n), 30);
    }

    /** The 8x8 digits (1797 rows), pixel values scaled from 0..16 to 0..1. */
    public static Labelled digits() throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(ROOT.resolve("digits.csv.gz"))), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] p = line.split(",");
                float[] v = new float[64];
                for (int j = 0; j < 64; j++) v[j] = Float.parseFloat(p[j]) / 16f;
                rows.add(v);
                labels.add((int) Float.parseFloat(p[64]));
            }
        }
        float[] x = new float[rows.size() * 64];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, x, i * 64, 64);
            y[i] = labels.get(i);
        }
        return new Labelled(x, y, 64);
    }
}
