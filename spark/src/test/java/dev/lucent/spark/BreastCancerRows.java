package dev.lucent.spark;

import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The equivalence data set, documented in docs/scale-out.md: {@code n} rows made from the shared breast cancer data
 * (569 rows). Row i copies source row {@code i mod 569}, its label included, and moves each feature by a uniform
 * jitter within a tenth of that feature's standard deviation, drawn from {@code SplittableRandom(seed)} in row order;
 * values are written as the float they are, so every reader gets the same bits. And the model: the breast cancer MLP
 * trained on the 569 original rows, saved as a Lucent model file with its standardization.
 */
public final class BreastCancerRows {
    static final String LABEL = "diagnosis";

    private BreastCancerRows() {
    }

    /** {@code BreastCancerRows DIR ROWS [SEED]}: writes DIR/bc.lucent and DIR/bc-ROWS.csv (docs/scale-out.md). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int rows = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        model(dir.resolve("bc.lucent"));
        write(dir.resolve("bc-" + rows + ".csv"), rows, args.length > 2 ? Long.parseLong(args[2]) : 2);
    }

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String s : new String[] {"mean", "error", "worst"})
            for (String w : new String[] {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                    "concave points", "symmetry", "fractal dimension"}) names.add(s + " " + w);
        return names;
    }

    static void write(Path csv, int n, long seed) throws IOException {
        BreastCancer.Raw raw = BreastCancer.raw();
        int rows = raw.rows().size(), m = 30;
        double[] mean = new double[m], sd = new double[m];
        for (float[] r : raw.rows()) for (int j = 0; j < m; j++) mean[j] += r[j] / (double) rows;
        for (float[] r : raw.rows()) for (int j = 0; j < m; j++) sd[j] += Math.pow(r[j] - mean[j], 2) / rows;
        for (int j = 0; j < m; j++) sd[j] = Math.sqrt(sd[j]);
        SplittableRandom random = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write(String.join(",", names()) + "," + LABEL + "\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                float[] src = raw.rows().get(i % rows);
                line.setLength(0);
                for (int j = 0; j < m; j++) {
                    float v = (float) (src[j] + (random.nextDouble() * 2 - 1) * 0.1 * sd[j]);
                    line.append(v).append(',');
                }
                line.append(raw.labels().get(i % rows)).append('\n');
                w.write(line.toString());
            }
        }
    }

    /** The rows of a file {@link #write} made, read with Java's own parser (features as the model takes them: raw). */
    static DataSplit read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int n = lines.size() - 1, m = 30;
        float[] x = new float[n * m];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int j = 0; j < m; j++) x[i * m + j] = (float) Double.parseDouble(f[j]);
            y[i] = Integer.parseInt(f[m]);
        }
        return new DataSplit("data", Tensor.of(x, n, m), y, null);
    }

    /** The MLP trained on the 569 original rows, standardized with their statistics, saved with them. */
    static Path model(Path file) throws IOException {
        BreastCancer.Raw raw = BreastCancer.raw();
        int n = raw.rows().size();
        float[] x = new float[n * 30];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(raw.rows().get(i), 0, x, i * 30, 30);
            y[i] = raw.labels().get(i);
        }
        DataSplit all = new DataSplit("train", Tensor.of(x, n, 30), y, null);
        Standardizer std = Standardizer.fit(all.features());
        Model m = BreastCancer.mlp(11);
        TrainingHistory h = Trainer.fit(m, std.apply(all), null, TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY).learningRate(1e-3f)
                .epochs(30).batchSize(32).seed(3).build());
        ModelFile.save(file, m, new Preprocessing(names(), LABEL, List.of("malignant", "benign"), std.mean(), std.std()), h, Map.of());
        return file;
    }
}
