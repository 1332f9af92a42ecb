package dev.lucent.bench;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.counterfactuals.CounterfactualsExplainer;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 17: counterfactuals on breast cancer, Lucent's {@code counterfactuals} explainer (gradient search and genetic
 * search, k = 3) against a DiCE-style random search written here as DiCE's {@code method="random"} does it, on the
 * same MLP, the same held-out rows (the misclassified and borderline ones the explainer picks) and the same ranges
 * (the training data's); the rows are the misclassified ones and then the narrowest margins, 20 in all (borderline = 1). SampleTime: JMH reports the median of many samples; divide by the rows for seconds per row.
 * Validity (the model re-run on each counterfactual) and proximity (Euclidean distance of each row's nearest one, in
 * training standard deviations) of both are printed at set-up, side by side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CounterfactualBenchmark {

    static final int K = 3, ROWS = 20;

    Context gradient, genetic;
    int[] rows;
    RandomSearch dice;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BreastCancer raw = BreastCancer.raw(Path.of(System.getProperty("lucent.breastCancer", BreastCancer.DEFAULT_PATH)));
        int n = raw.rows(), d = raw.columns(), nTrain = n - 114;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] trainX = new float[nTrain * d], testX = new float[(n - nTrain) * d];
        int[] trainY = new int[nTrain], testY = new int[n - nTrain];
        for (int i = 0; i < n; i++) {
            boolean tr = i < nTrain;
            System.arraycopy(raw.features(), perm[i] * d, tr ? trainX : testX, (tr ? i : i - nTrain) * d, d);
            if (tr) trainY[i] = raw.labels()[perm[i]];
            else testY[i - nTrain] = raw.labels()[perm[i]];
        }
        Standardizer st = Standardizer.fit(Tensor.of(trainX, nTrain, d));
        DataSplit trainCsv = new DataSplit("train", Tensor.of(trainX, nTrain, d), trainY, null);
        DataSplit testCsv = new DataSplit("test", Tensor.of(testX, n - nTrain, d), testY, null);
        DataSplit train = new DataSplit("train", standardized(trainX, st, d), trainY, null);
        DataSplit test = new DataSplit("test", standardized(testX, st, d), testY, null);
        Model mlp = Sequential.of("breast-cancer-mlp", OutputKind.BINARY_LOGIT, 11, new int[] {d},
                new Linear(d, 32), Activation.relu(), new Linear(32, 1));
        Trainer.fit(mlp, train, null, TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY).learningRate(1e-3f).epochs(30).batchSize(32).seed(3).build());
        List<String> names = new ArrayList<>();
        for (int j = 0; j < d; j++) names.add("f" + j);
        DatasetSchema schema = new DatasetSchema(names, "diagnosis", List.of("malignant", "benign"), new int[] {d});
        gradient = new Context(mlp, schema, train, test, trainCsv, testCsv, st, Map.of("method", "gradient", "k", Integer.toString(K), "borderline", "1", "rows", Integer.toString(ROWS)));
        genetic = new Context(mlp, schema, train, test, trainCsv, testCsv, st, Map.of("method", "genetic", "k", Integer.toString(K), "borderline", "1", "rows", Integer.toString(ROWS)));
        dice = new RandomSearch(mlp, st, trainCsv, 1000);

        List<Finding> g = new CounterfactualsExplainer().explain(gradient);
        rows = explainedRows(g);
        List<Finding> e = new CounterfactualsExplainer().explain(genetic);
        double[][] testRows = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) testRows[r] = row(testX, rows[r], d);
        RandomSearch.Result rs = dice.explain(testRows, K, new SplittableRandom(7));
        System.out.printf(Locale.ROOT, "%n%d rows (misclassified and borderline), k = %d%n", rows.length, K);
        System.out.println("method | rows with a valid counterfactual | mean distance of the nearest (training SDs) | median | mean features changed (nearest)");
        System.out.println(quality("Lucent gradient", g));
        System.out.println(quality("Lucent genetic", e));
        System.out.printf(Locale.ROOT, "DiCE-style random | %d of %d | %.3f | %.3f | %.1f%n", rs.valid(), rows.length, rs.meanDistance(), rs.medianDistance(),
                rs.meanChanged());
    }

    static Tensor standardized(float[] x, Standardizer st, int d) {
        float[] z = new float[x.length];
        for (int i = 0; i < x.length; i++) z[i] = (x[i] - st.mean()[i % d]) / st.std()[i % d];
        return Tensor.of(z, x.length / d, d);
    }

    static double[] row(float[] x, int i, int d) {
        double[] r = new double[d];
        for (int j = 0; j < d; j++) r[j] = x[i * d + j];
        return r;
    }

    static Table summary(List<Finding> findings) {
        return findings.stream().filter(f -> f instanceof Table t && t.title().equals("Counterfactuals per explained row")).map(Table.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("no summary table: " + findings));
    }

    static int[] explainedRows(List<Finding> findings) {
        return summary(findings).rows().stream().mapToInt(r -> Integer.parseInt(r.get(0))).toArray();
    }

    /** The explainer's own summary, read back: valid rows, distance and features changed of each row's nearest. */
    static String quality(String method, List<Finding> findings) {
        List<List<String>> rows = summary(findings).rows();
        List<Double> dist = new ArrayList<>();
        double changed = 0;
        for (List<String> r : rows)
            if (!r.get(7).equals("-")) {
                dist.add(Double.parseDouble(r.get(7)));
                changed += Double.parseDouble(r.get(6));
            }
        double[] sorted = dist.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%s | %d of %d | %.3f | %.3f | %.1f", method, sorted.length, rows.size(), Arrays.stream(sorted).average().orElse(Double.NaN),
                sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2], changed / Math.max(1, sorted.length));
    }

    @Benchmark
    public List<Finding> lucentGradient() throws Exception {
        return new CounterfactualsExplainer().explain(gradient);
    }

    @Benchmark
    public List<Finding> lucentGenetic() throws Exception {
        return new CounterfactualsExplainer().explain(genetic);
    }

    @Benchmark
    public RandomSearch.Result diceRandom() {
        double[][] testRows = new double[rows.length][];
        float[] x = gradient.testCsv.features().toArray();
        for (int r = 0; r < rows.length; r++) testRows[r] = row(x, rows[r], gradient.schema.featureNames().size());
        return dice.explain(testRows, K, new SplittableRandom(7));
    }

    /** A plain audit context over the prepared splits, as the worker gives one (no time pressure). */
    static final class Context implements AuditContext {
        final AuditableModel model;
        final DatasetSchema schema;
        final DataSplit train, test, trainCsv, testCsv;
        final Standardizer st;
        final Map<String, String> parameters;

        Context(AuditableModel model, DatasetSchema schema, DataSplit train, DataSplit test, DataSplit trainCsv, DataSplit testCsv, Standardizer st,
                Map<String, String> parameters) {
            this.model = model;
            this.schema = schema;
            this.train = train;
            this.test = test;
            this.trainCsv = trainCsv;
            this.testCsv = testCsv;
            this.st = st;
            this.parameters = new HashMap<>(parameters);
        }

        @Override public AuditableModel model() { return model; }
        @Override public DatasetSchema schema() { return schema; }
        @Override public DataSplit train() { return train; }
        @Override public Optional<DataSplit> test() { return Optional.of(test); }
        @Override public DataSplit inCsvUnits(DataSplit split) { return split == train ? trainCsv : split == test ? testCsv : split; }
        @Override public Optional<Standardizer> standardization() { return Optional.of(st); }
        @Override public Optional<TrainingHistory> history() { return Optional.empty(); }
        @Override public Optional<Retrainer> retrainer() { return Optional.empty(); }
        @Override public long seed() { return 42; }
        @Override public Map<String, String> parameters() { return parameters; }
        @Override public void progress(double fraction, String message) { }
        @Override public boolean cancelled() { return false; }
        @Override public Duration timeBudget() { return Duration.ofHours(1); }
        @Override public long memoryBudgetBytes() { return 256L << 20; }
    }
}
