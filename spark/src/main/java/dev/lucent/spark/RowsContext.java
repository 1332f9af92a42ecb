package dev.lucent.spark;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.Standardizer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What an explainer is given on Spark: the model, the schema, its parameters and the seed, the background sample as
 * the training data, and (to summarize one block) nothing else: a cluster has no whole data set in one place. On the
 * driver, the explainers that run on the sample ({@link #onSample}) also get a Lucent model file's training history
 * and retrainer.
 *
 * @param background   the sample of rows drawn by seeded row id ({@code --sample}), standardized as the model takes them
 * @param heldOut      the rows explained here (a block, or the background sample on the driver; none on the sample)
 * @param savedHistory the model file's training history, or null
 * @param retrain      how the model is trained again, or null
 */
record RowsContext(AuditableModel model, DatasetSchema schema, DataSplit background, DataSplit backgroundInCsvUnits,
                   DataSplit heldOut, DataSplit heldOutInCsvUnits, Standardizer standardizer, long seed,
                   Map<String, String> parameters, TrainingHistory savedHistory, Retrainer retrain) implements AuditContext {

    /** The same budget the single-machine runner gives an explainer by default. */
    static final long MEMORY_BUDGET = dev.lucent.explain.support.Batching.DEFAULT_BUDGET_BYTES;

    RowsContext withHeldOut(DataSplit rows, DataSplit inCsvUnits) {
        return new RowsContext(model, schema, background, backgroundInCsvUnits, rows, inCsvUnits, standardizer, seed, parameters,
                savedHistory, retrain);
    }

    RowsContext withParameters(Map<String, String> p) {
        return new RowsContext(model, schema, background, backgroundInCsvUnits, heldOut, heldOutInCsvUnits, standardizer, seed, p,
                savedHistory, retrain);
    }

    /** The sample as the only (training) split, with the model file's history and retrainer when it has them. */
    RowsContext onSample(DataSplit sample, DataSplit sampleInCsvUnits, TrainingHistory history, Retrainer retrainer) {
        return new RowsContext(model, schema, sample, sampleInCsvUnits, null, null, standardizer, seed, parameters, history, retrainer);
    }

    @Override
    public DataSplit train() {
        return background;
    }

    @Override
    public Optional<DataSplit> test() {
        return Optional.ofNullable(heldOut);
    }

    @Override
    public DataSplit inCsvUnits(DataSplit split) {
        if (split == background) return backgroundInCsvUnits;
        if (split == heldOut) return heldOutInCsvUnits;
        return split;
    }

    @Override
    public Optional<Standardizer> standardization() {
        return Optional.ofNullable(standardizer);
    }

    @Override
    public Optional<TrainingHistory> history() {
        return Optional.ofNullable(savedHistory);
    }

    @Override
    public Optional<Retrainer> retrainer() {
        return Optional.ofNullable(retrain);
    }

    @Override
    public void progress(double fraction, String message) {
    }

    @Override
    public boolean cancelled() {
        return false;
    }

    @Override
    public Duration timeBudget() {
        return Duration.ofDays(1);
    }

    @Override
    public long memoryBudgetBytes() {
        return MEMORY_BUDGET;
    }
}
