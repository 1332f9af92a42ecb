package dev.lucent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The breast cancer data set (/work/shared/datasets/breast_cancer.csv: a header of counts, then 30 features and
 * the label per line), each feature standardised to mean 0 and variance 1 so a seeded MLP is not saturated by
 * features in the thousands.
 */
record BreastCancer(float[] features, int[] labels, int rows, int columns) {

    static final String DEFAULT_PATH = "/work/shared/datasets/breast_cancer.csv";

    /** The path from the system property {@code lucent.breastCancer}, else the shared data set. */
    static BreastCancer load() {
        return load(Path.of(System.getProperty("lucent.breastCancer", DEFAULT_PATH)));
    }

    static BreastCancer load(Path file) {
        BreastCancer raw = raw(file);
        float[] x = raw.features();
        int n = raw.rows(), m = raw.columns();
        for (int j = 0; j < m; j++) {
            double mean = 0, var = 0;
            for (int i = 0; i < n; i++) mean += x[i * m + j];
            mean /= n;
            for (int i = 0; i < n; i++) var += (x[i * m + j] - mean) * (x[i * m + j] - mean);
            double std = Math.sqrt(var / n);
            for (int i = 0; i < n; i++) x[i * m + j] = (float) ((x[i * m + j] - mean) / (std > 0 ? std : 1));
        }
        return raw;
    }

    /** The file's values as they are (the CSV's own units). */
    static BreastCancer raw(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the breast cancer data set " + file
                    + " (set -Dlucent.breastCancer=<path> to point elsewhere)", e);
        }
        String[] header = lines.get(0).split(",");
        int n = Integer.parseInt(header[0].trim()), m = Integer.parseInt(header[1].trim());
        if (lines.size() - 1 < n) throw new IllegalArgumentException(file + " announces " + n + " rows but has " + (lines.size() - 1));
        float[] x = new float[n * m];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",");
            if (cells.length != m + 1)
                throw new IllegalArgumentException(file + " line " + (i + 2) + " has " + cells.length + " cells, expected " + (m + 1));
            for (int j = 0; j < m; j++) x[i * m + j] = Float.parseFloat(cells[j].trim());
            y[i] = Integer.parseInt(cells[m].trim());
        }
        return new BreastCancer(x, y, n, m);
    }
}
