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
