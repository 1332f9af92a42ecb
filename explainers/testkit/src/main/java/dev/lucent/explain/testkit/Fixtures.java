package dev.lucent.explain.testkit;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Tabular fixtures the model-level families share (performance, overfitting, baselines, data checks): a model
 * defined by a function of its input row, splits and schemas from arrays, a seeded audit context, and a canonical
 * rendering of findings to compare runs bit for bit; and seeded random inputs for every family's analytic tests.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** {@code count} seeded values uniform in [-2, 2): inputs, weights and baselines for the analytic tests. */
    public static float[] random(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float) (r.nextDouble() * 4 - 2);
        return v;
    }

    /** A model whose raw outputs are {@code f(row)}; gradients and layers are not needed by these explainers. */
    public record FnModel(OutputKind kind, int inputs, int outputs, Function<float[], float[]> f) implements AuditableModel {
        @Override
        public String name() {
            return "fixture";
        }

        @Override
        public int[] inputShape() {
            return new int[] {inputs};
        }

        @Override
        public int outputCount() {
            return outputs;
        }

        @Override
        public OutputKind outputKind() {
            return kind;
        }

        @Override
        public Tensor predict(Tensor batch) {
            float[] x = batch.toArray();
            int n = batch.shape()[0];
            float[] out = new float[n * outputs];
            for (int i = 0; i < n; i++)
                System.arraycopy(f.apply(Arrays.copyOfRange(x, i * inputs, (i + 1) * inputs)), 0, out, i * outputs, outputs);
            return Tensor.of(out, n, outputs);
        }

        @Override
        public Tensor inputGradient(Tensor batch, int[] targets) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> layerNames() {
            return List.of();
        }

        @Override
        public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
            throw new IllegalArgumentException("no layer " + layer);
        }

        @Override
        public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
            return this;
        }
    }

    /** Binary model whose positive-class probability is the first feature (its logit is the log-odds). */
    public static FnModel probabilityIsFirstFeature(int inputs) {
        return new FnModel(OutputKind.BINARY_LOGIT, inputs, 1, row -> {
            double p = row[0];
            return new float[] {(float) Math.log(p / (1 - p))};
        });
    }

    public static DataSplit split(String name, float[][] rows, int[] labels, float[] targets) {
        return new DataSplit(name, tensor(rows), labels, targets);
    }

    /** The rows as one [rows, features] tensor. */
    public static Tensor tensor(float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * d, d);
        return Tensor.of(flat, rows.length, d);
    }

    /**
     * An audit context over the given splits with the families' fixture seed (7); set history, retrainer,
     * parameters, seed or a cancellation on the returned context.
     */
    public static TestContext context(AuditableModel model, DatasetSchema schema, DataSplit train, DataSplit test) {
        return new TestContext(model, schema, train, test).seed(7);
    }

    public static DatasetSchema schema(int features, List<String> classes) {
        String[] names = new String[features];
        for (int i = 0; i < features; i++) names[i] = "f" + i;
        return new DatasetSchema(List.of(names), "y", classes, new int[] {features});
    }

    /** A canonical text of findings, arrays included, to compare runs bit for bit. */
    public static String render(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            if (f instanceof FeatureAttribution a)
                sb.append(a.title()).append(a.subject()).append(a.features()).append(Arrays.toString(a.values()))
                        .append(Arrays.toString(a.uncertainty())).append(a.note()).append('\n');
            else if (!(f instanceof Curve)) sb.append(f).append('\n');
            if (f instanceof Curve c)
                for (Curve.Series s : c.series()) {
                    sb.append(c.title()).append(c.note()).append(s.name()).append(':');
                    for (int i = 0; i < s.x().length; i++)
                        sb.append(Double.doubleToRawLongBits(s.x()[i])).append(',').append(Double.doubleToRawLongBits(s.y()[i])).append(';');
                }
        }
        return sb.toString();
    }
}
