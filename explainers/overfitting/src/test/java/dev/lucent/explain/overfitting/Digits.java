package dev.lucent.explain.overfitting;

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

/** Test-only reader of the shared digits set (8x8 images as 64 features scaled to [0, 1]), split by a seeded shuffle. */
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
            out.add(new DataSplit(s < names.length ? names[s] : "split" + s, Tensor.of(x, sizes[s], 64), y, null));
        }
        return out;
    }

    static List<String> classNames() {
        List<String> n = new ArrayList<>();
        for (int i = 0; i < 10; i++) n.add("digit " + i);
        return n;
    }
}
