package dev.lucent.plugin.kit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Fixture data sets for plugin tests, labelled by the model under test so the labels are consistent with it. */
public final class Fixtures {

    /** A schema with a training and a held-out split. */
    public record Data(DatasetSchema schema, DataSplit train, DataSplit test) {
    }

    private Fixtures() {
    }

    /**
     * Tabular rows whose feature {@code j} is drawn from N(0, scales[j]^2), labelled by {@code model}: the class it
     * predicts (classifiers) or its output (regression). Two thirds train, one third test.
     */
    public static Data tabular(AuditableModel model, int rows, double[] scales, long seed) {
        int d = scales.length;
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * d];
        for (int i = 0; i < rows; i++) for (int j = 0; j < d; j++) x[i * d + j] = (float) (r.nextGaussian() * scales[j]);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) names.add("f" + j);
        return split(model, x, rows, new int[] {d}, names);
    }

    /**
     * Grey images {@code [1, size, size]}: noise plus a bright 3x3 blob in one of the four quadrants, labelled by
     * {@code model}.
     */
    public static Data images(AuditableModel model, int count, int size, long seed) {
        if (size < 6) throw new IllegalArgumentException("images need at least 6x6 pixels, got " + size);
        SplittableRandom r = new SplittableRandom(seed);
        int plane = size * size;
        float[] x = new float[count * plane];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < plane; p++) x[i * plane + p] = (float) (0.1 * r.nextDouble());
            int quadrant = r.nextInt(4);
            int top = (quadrant / 2) * (size / 2) + r.nextInt(size / 2 - 2);
            int left = (quadrant % 2) * (size / 2) + r.nextInt(size / 2 - 2);
            for (int dy = 0; dy < 3; dy++) for (int dx = 0; dx < 3; dx++) x[i * plane + (top + dy) * size + left + dx] = 1f;
        }
        List<String> names = new ArrayList<>();
        for (int row = 0; row < size; row++) for (int col = 0; col < size; col++) names.add("px" + row + "_" + col);
        return split(model, x, count, new int[] {1, size, size}, names);
    }

    private static Data split(AuditableModel model, float[] x, int rows, int[] sampleShape, List<String> names) {
        int m = x.length / Math.max(1, rows);
        int[] labels = null;
        float[] targets = null;
        List<String> classes = new ArrayList<>();
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = rows;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        if (model.outputKind() == OutputKind.REGRESSION) {
            targets = model.predict(Tensor.of(x.clone(), shape)).toArray();
        } else {
            float[][] p = model.probabilities(Tensor.of(x.clone(), shape));
            labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int c = 1; c < p[i].length; c++) if (p[i][c] > p[i][best]) best = c;
                labels[i] = best;
            }
            int k = model.outputKind() == OutputKind.BINARY_LOGIT ? 2 : model.outputCount();
            for (int c = 0; c < k; c++) classes.add("class" + c);
        }
        int nTrain = rows * 2 / 3;
        DatasetSchema schema = new DatasetSchema(names, model.outputKind() == OutputKind.REGRESSION ? "target" : "label", classes, sampleShape);
        return new Data(schema, part("train", x, 0, nTrain, m, sampleShape, labels, targets),
                part("test", x, nTrain, rows, m, sampleShape, labels, targets));
    }

    private static DataSplit part(String name, float[] x, int from, int to, int m, int[] sampleShape, int[] labels, float[] targets) {
        int n = to - from;
        float[] v = new float[n * m];
        System.arraycopy(x, from * m, v, 0, n * m);
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return new DataSplit(name, Tensor.of(v, shape), labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to),
                targets == null ? null : java.util.Arrays.copyOfRange(targets, from, to));
    }
}
