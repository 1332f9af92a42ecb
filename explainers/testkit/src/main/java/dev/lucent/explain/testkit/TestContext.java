package dev.lucent.explain.testkit;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.Standardizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An audit context over fixtures; records progress and can be cancelled from another thread or after a number of
 * cancellation checks. History and retrainer are absent unless set.
 */
public final class TestContext implements AuditContext {
    private final AuditableModel model;
    private final DatasetSchema schema;
    private final DataSplit train;
    private final DataSplit test;
    private final Map<String, String> parameters = new HashMap<>();
    private final Set<String> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long seed = 42;
    private long memoryBudget = 64L << 20;
    private Duration timeBudget = Duration.ofMinutes(5);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Double> progress = new ArrayList<>();
    private volatile int cancelChecksAfterCancel;
    /** Cancel after this many checks (negative: never); checks are counted only once this is set. */
    private volatile int cancelAfterChecks = -1;
    private final AtomicInteger checks = new AtomicInteger();
    private volatile TrainingHistory history;
    private volatile Retrainer retrainer;
    private volatile DataSplit trainInCsvUnits;
    private volatile DataSplit testInCsvUnits;
    private volatile DataSplit current;
    private volatile Standardizer standardization;

    public TestContext(AuditableModel model, DatasetSchema schema, DataSplit train, DataSplit test) {
        this.model = model;
        this.schema = schema;
        this.train = train;
        this.test = test;
    }

    /** Tabular data: features f0..f(m-1), regression or classes c0..c(k-1). */
    public static TestContext tabular(AuditableModel model, float[] x, int[] labels, int classes) {
        int m = model.inputShape()[0];
        int n = x.length / m;
        List<String> names = new ArrayList<>();
        for (int j = 0; j < m; j++) names.add("f" + j);
        List<String> classNames = new ArrayList<>();
        for (int k = 0; k < classes; k++) classNames.add("c" + k);
        DatasetSchema schema = new DatasetSchema(names, "label", classNames, new int[]{m});
        DataSplit split = new DataSplit("test", Tensor.of(x.clone(), n, m), labels, null);
        return new TestContext(model, schema, split, split);
    }

    /** The first {@code rows} held-out digits as 8 x 8 images, 10 classes, under a share of the audit budget. */
    public static TestContext heldOutDigits(AuditableModel model, int rows, Duration share) {
        return images(model, EngineModels.heldOut(rows, true).toArray(), EngineModels.heldOutLabels(rows), 10).timeBudget(share);
    }

    /** Images of shape [1, h, w]. */
    public static TestContext images(AuditableModel model, float[] x, int[] labels, int classes) {
        int[] s = model.inputShape();
        int m = s[0] * s[1] * s[2];
        int n = x.length / m;
        List<String> names = new ArrayList<>();
        for (int j = 0; j < m; j++) names.add("pixel " + j);
        List<String> classNames = new ArrayList<>();
        for (int k = 0; k < classes; k++) classNames.add("c" + k);
        DatasetSchema schema = new DatasetSchema(names, "label", classNames, s);
        DataSplit split = new DataSplit("test", Tensor.of(x.clone(), n, s[0], s[1], s[2]), labels, null);
        return new TestContext(model, schema, split, split);
    }

    public TestContext with(String name, String value) {
        parameters.put(name, value);
        return this;
    }

    public TestContext seed(long seed) {
        this.seed = seed;
        return this;
    }

    public TestContext memoryBudget(long bytes) {
        this.memoryBudget = bytes;
        return this;
    }

    public TestContext timeBudget(Duration budget) {
        this.timeBudget = budget;
        return this;
    }

    public void cancel() {
        cancelled.set(true);
    }

    /** Report cancellation once more than {@code checks} checks were made since this was set (0: at the first). */
    public TestContext cancelAfterChecks(int checks) {
        this.cancelAfterChecks = checks;
        return this;
    }

    public TestContext history(TrainingHistory history) {
        this.history = history;
        return this;
    }

    public TestContext retrainer(Retrainer retrainer) {
        this.retrainer = retrainer;
        return this;
    }

    /** The current data to compare with the reference (drift). */
    public TestContext current(DataSplit current) {
        this.current = current;
        return this;
    }

    /** How the CSV's values became the inputs (the fixture's own standardization). */
    public TestContext standardization(Standardizer standardization) {
        this.standardization = standardization;
        return this;
    }

    /** How many times the explainer asked after it was cancelled (it should stop at the first). */
    public int checksAfterCancel() {
        return cancelChecksAfterCancel;
    }

    public synchronized List<Double> progressReports() {
        return List.copyOf(progress);
    }

    /** The last progress reported, or -1 before any. */
    public synchronized double lastProgress() {
        return progress.isEmpty() ? -1 : progress.get(progress.size() - 1);
    }

    /** Whether progress ever decreased. */
    public synchronized boolean progressWentBack() {
        for (int i = 1; i < progress.size(); i++) if (progress.get(i) < progress.get(i - 1) - 1e-9) return true;
        return false;
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

    /** The splits' rows in the CSV's units, for contexts whose splits are standardized as a Lucent model's are. */
    public TestContext csvUnits(DataSplit train, DataSplit test) {
        this.trainInCsvUnits = train;
        this.testInCsvUnits = test;
        return this;
    }

    @Override
    public DataSplit inCsvUnits(DataSplit split) {
        if (split == test && testInCsvUnits != null) return testInCsvUnits;
        if (split == train && trainInCsvUnits != null) return trainInCsvUnits;
        return split;
    }

    @Override
    public Optional<DataSplit> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public Optional<Standardizer> standardization() {
        return Optional.ofNullable(standardization);
    }

    @Override
    public Optional<TrainingHistory> history() {
        return Optional.ofNullable(history);
    }

    @Override
    public Optional<Retrainer> retrainer() {
        return Optional.ofNullable(retrainer);
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Map<String, String> parameters() {
        return new HashMap<>(parameters) {
            @Override
            public String get(Object key) {
                read.add(String.valueOf(key));
                return super.get(key);
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                read.add(String.valueOf(key));
                return super.getOrDefault(key, fallback);
            }

            @Override
            public boolean containsKey(Object key) {
                read.add(String.valueOf(key));
                return super.containsKey(key);
            }
        };
    }

    /**
     * Every parameter name looked up so far, given or not: a check that an explainer declares what it reads (the runner
     * refuses an undeclared name) must see what it actually reads.
     */
    public Set<String> parametersRead() {
        return new TreeSet<>(read);
    }

    @Override
    public synchronized void progress(double fraction, String message) {
        if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("progress " + fraction);
        progress.add(fraction);
    }

    @Override
    public boolean cancelled() {
        boolean c = cancelled.get() || (cancelAfterChecks >= 0 && checks.incrementAndGet() > cancelAfterChecks);
        if (c) cancelChecksAfterCancel++;
        return c;
    }

    @Override
    public Duration timeBudget() {
        return timeBudget;
    }

    @Override
    public long memoryBudgetBytes() {
        return memoryBudget;
    }
}
