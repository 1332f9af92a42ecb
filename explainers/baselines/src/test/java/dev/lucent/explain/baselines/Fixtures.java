package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.DataSplit;
import dev.lucent.network.api.data.DatasetSchema;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Test fixtures: a model defined by a function of its input row, and an audit context over given splits. */
final class Fixtures {
    private Fixtures() {
    }

    /** A model whose raw outputs are {@code f(row)}; gradients and layers are not needed by these explainers. */
    record FnModel(OutputKind kind, int inputs, int outputs, Function<float[], float[]> f) implements AuditableModel {
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
    static FnModel probabilityIsFirstFeature(int inputs) {
        return new FnModel(OutputKind.BINARY_LOGIT, inputs, 1, row -> {
            double p = row[0];
            return new float[] {(float) Math.log(p / (1 - p))};
        });
    }

    static DataSplit split(String name, float[][] rows, int[] labels, float[] targets) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * d, d);
        return new DataSplit(name, Tensor.of(flat, rows.length, d), labels, targets);
    }

    static final class Ctx implements AuditContext {
        final AuditableModel model;
        final DatasetSchema schema;
        final DataSplit train;
        final DataSplit test;
        final Map<String, String> params = new HashMap<>();
        long seed = 7;
        /** Cancel after this many checks (negative: never). */
        int cancelAfter = -1;
        final AtomicInteger checks = new AtomicInteger();
        double lastProgress = -1;

        Ctx(AuditableModel model, DatasetSchema schema, DataSplit train, DataSplit test) {
            this.model = model;
            this.schema = schema;
            this.train = train;
            this.test = test;
        }

        Ctx with(String key, String value) {
            params.put(key, value);
            return this;
        }

        @Override
        public AuditableModel model() {
            return model;
        }

        @Override
        public DatasetSchema schema() {
            return schema;
        }

        @Override
        public DataSplit train() {
            return train;
        }

        @Override
        public Optional<DataSplit> test() {
            return Optional.ofNullable(test);
        }

        @Override
        public Optional<TrainingHistory> history() {
            return Optional.empty();
        }

        @Override
        public Optional<Retrainer> retrainer() {
            return Optional.empty();
        }

        @Override
        public long seed() {
            return seed;
        }

        @Override
        public Map<String, String> parameters() {
            return params;
        }

        @Override
        public void progress(double fraction, String message) {
            if (fraction < 0 || fraction > 1) throw new AssertionError("progress " + fraction);
            lastProgress = fraction;
        }

        @Override
        public boolean cancelled() {
            return cancelAfter >= 0 && checks.incrementAndGet() > cancelAfter;
        }

        @Override
        public Duration timeBudget() {
            return Duration.ofMinutes(1);
        }

        @Override
        public long memoryBudgetBytes() {
            return 64L << 20;
        }
    }

    static DatasetSchema schema(int features, List<String> classes) {
        String[] names = new String[features];
        for (int i = 0; i < features; i++) names[i] = "f" + i;
        return new DatasetSchema(List.of(names), "y", classes, new int[] {features});
    }

    /** A canonical text of findings, arrays included, to compare runs bit for bit. */
    static String render(List<Finding> findings) {
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
