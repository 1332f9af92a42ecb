package dev.lucent.audit.runner;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.Standardizer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The context one explainer runs in, inside the worker: its {@link #timeBudget} is its share of the audit budget (what
 * its plan sizes its work to, {@link AuditBudget}); {@link #cancelled} turns true at its time limit, the cooperative
 * half of the host's kill.
 */
final class WorkerContext implements AuditContext {
    private final AuditInputs.Prepared inputs;
    private final long seed;
    private final Map<String, String> parameters;
    private final Duration budget;
    private final long deadlineNanos;
    private final long memoryBudget;
    private final BiConsumer<Double, String> progress;

    WorkerContext(AuditInputs.Prepared inputs, long seed, Map<String, String> parameters, Duration budget,
                  long memoryBudget, BiConsumer<Double, String> progress) {
        this(inputs, seed, parameters, budget, budget, memoryBudget, progress);
    }

    /** {@code share}: the run's share of the audit budget; {@code limit}: its time limit. */
    WorkerContext(AuditInputs.Prepared inputs, long seed, Map<String, String> parameters, Duration share, Duration limit,
                  long memoryBudget, BiConsumer<Double, String> progress) {
        this.inputs = inputs;
        this.seed = seed;
        this.parameters = Map.copyOf(parameters);
        this.budget = share;
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
        this.memoryBudget = memoryBudget;
        this.progress = progress;
    }

    @Override
    public AuditableModel model() {
        return inputs.model();
    }

    @Override
    public DatasetSchema schema() {
        return inputs.schema();
    }

    @Override
    public DataSplit train() {
        return inputs.train();
    }

    @Override
    public Optional<DataSplit> test() {
        return Optional.of(inputs.test());
    }

    /** A Lucent model's splits are standardized with its statistics; the loaded CSV rows are kept beside them. */
    @Override
    public DataSplit inCsvUnits(DataSplit split) {
        if (split == inputs.train()) return inputs.trainInCsvUnits();
        if (split == inputs.test()) return inputs.testInCsvUnits();
        if (split == inputs.current()) return inputs.currentInCsvUnits();
        throw new IllegalArgumentException("inCsvUnits takes the train, test or current split of this context, got the split '" + split.name() + "'");
    }

    @Override
    public Optional<DataSplit> current() {
        return Optional.ofNullable(inputs.current());
    }

    @Override
    public Optional<Standardizer> standardization() {
        return Optional.ofNullable(inputs.standardization());
    }

    @Override
    public Optional<TrainingHistory> history() {
        return inputs.saved() == null ? Optional.empty() : Optional.ofNullable(inputs.saved().history());
    }

    /**
     * A Lucent model can be trained again: same architecture, fresh weights, the settings it was trained with. An
     * imported ONNX model cannot: Lucent audits imported graphs, it does not train them.
     */
    @Override
    public Optional<Retrainer> retrainer() {
        if (inputs.saved() == null) return Optional.empty();
        return Optional.of(Retraining.of(inputs.saved(), schema(), this::cancelled));
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public void progress(double fraction, String message) {
        progress.accept(fraction, message);
    }

    @Override
    public boolean cancelled() {
        return System.nanoTime() - deadlineNanos > 0;
    }

    @Override
    public Duration timeBudget() {
        return budget;
    }

    @Override
    public long memoryBudgetBytes() {
        return memoryBudget;
    }
}
