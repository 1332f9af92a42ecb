package dev.lucent.plugin.kit;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link AuditContext} for tests: a model, data, a seed, parameters, a time budget counted from
 * {@link #start()} (or creation), and a {@link #cancel()} switch. Records the last progress report.
 */
public final class KitContext implements AuditContext {

    private final AuditableModel model;
    private final Fixtures.Data data;
    private final long seed;
    private final Map<String, String> parameters;
    private final Duration budget;
    private final long memoryBudget;
    private volatile long startedNanos = System.nanoTime();
    private volatile boolean cancelled;
    private volatile double progress;
    private volatile String progressMessage = "";

    private KitContext(Builder b) {
        this.model = b.model;
        this.data = b.data;
        this.seed = b.seed;
        this.parameters = Map.copyOf(b.parameters);
        this.budget = b.budget;
        this.memoryBudget = b.memoryBudget;
    }

    public static Builder of(AuditableModel model, Fixtures.Data data) {
        return new Builder(model, data);
    }

    /** Restarts the time budget's clock. */
    public KitContext start() {
        startedNanos = System.nanoTime();
        return this;
    }

    /** From now on {@link #cancelled()} is true. */
    public void cancel() {
        cancelled = true;
    }

    public double lastProgress() {
        return progress;
    }

    public String lastProgressMessage() {
        return progressMessage;
    }

    @Override
    public AuditableModel model() {
        return model;
    }

    @Override
    public DatasetSchema schema() {
        return data.schema();
    }

    @Override
    public DataSplit train() {
        return data.train();
    }

    @Override
    public Optional<DataSplit> test() {
        return Optional.ofNullable(data.test());
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
        return parameters;
    }

    @Override
    public void progress(double fraction, String message) {
        if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("progress must be in [0, 1], got " + fraction);
        progress = fraction;
        progressMessage = message;
    }

    @Override
    public boolean cancelled() {
        return cancelled || System.nanoTime() - startedNanos > budget.toNanos();
    }

    @Override
    public Duration timeBudget() {
        return budget;
    }

    @Override
    public long memoryBudgetBytes() {
        return memoryBudget;
    }

    /** Builds a {@link KitContext}; seed 1, no parameters, 60 s and 256 MiB unless told. */
    public static final class Builder {
        private final AuditableModel model;
        private final Fixtures.Data data;
        private long seed = 1;
        private final Map<String, String> parameters = new HashMap<>();
        private Duration budget = Duration.ofSeconds(60);
        private long memoryBudget = 256L << 20;

        private Builder(AuditableModel model, Fixtures.Data data) {
            this.model = model;
            this.data = data;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public Builder timeBudget(Duration d) {
            budget = d;
            return this;
        }

        public Builder memoryBudget(long bytes) {
            memoryBudget = bytes;
            return this;
        }

        public KitContext build() {
            return new KitContext(this);
        }
    }
}
