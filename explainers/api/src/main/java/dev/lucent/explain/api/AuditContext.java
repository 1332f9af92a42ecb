package dev.lucent.explain.api;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.Standardization;
import dev.lucent.network.api.data.Standardizer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Everything an explainer is given for one run. */
@ProviderType
public interface AuditContext {

    AuditableModel model();

    DatasetSchema schema();

    /** The data the model was trained on. */
    DataSplit train();

    /** Held-out data (the test split), if there is one. */
    Optional<DataSplit> test();

    /**
     * The same rows as {@code split} (the {@link #train()}, {@link #test()} or {@link #current()} split given here), with the features in
     * the CSV's own units. A Lucent model standardizes its inputs with its training statistics, so the splits above
     * hold standardized features; groups, bins and values a user names (a sex column coded 1/2, ages in years) are
     * in the CSV's units and must be read here. Since 1.2; the default is for contexts whose features are the
     * CSV's as they are.
     */
    default DataSplit inCsvUnits(DataSplit split) {
        return split;
    }

    Optional<TrainingHistory> history();

    /**
     * The current data (what the model sees today, {@code --current}), read and prepared as {@link #train()} and
     * {@link #test()} are, to compare with them; empty when the audit was given none. Since 1.2.
     */
    default Optional<DataSplit> current() {
        return Optional.empty();
    }

    /**
     * How the CSV's values became the model's inputs: input = (value - mean) / std per feature (a Lucent model's
     * own training statistics); empty when they go in as they are (an ONNX model). Numbers an auditor reads in the
     * CSV's units (a mean shift, a Wasserstein distance) are turned back with it. Since 1.2.
     *
     * @deprecated its type is in the 0.x {@code dev.lucent.network.api.data}, which a minor version may break; use
     * {@link #inputStandardization()}, the same statistics as the 1.x face's type.
     */
    @Deprecated
    default Optional<Standardizer> standardization() {
        return Optional.empty();
    }

    /**
     * How the CSV's values became the model's inputs: input = (value - mean) / std per feature (a Lucent model's own
     * training statistics); empty when they go in as they are (an ONNX model). Numbers an auditor reads in the CSV's
     * units are turned back with it (value = input * std + mean). Since 2.1.
     */
    default Optional<Standardization> inputStandardization() {
        return standardization().map(s -> s);
    }

    /** Trains the same architecture again, if the model's origin allows it (Lucent-trained models do). */
    Optional<Retrainer> retrainer();

    /** The seed every random choice derives from: same seed, same findings, bit for bit. */
    long seed();

    /** This explainer's parameters, by name, as the user gave them. */
    Map<String, String> parameters();

    default String parameter(String name, String fallback) {
        return parameters().getOrDefault(name, fallback);
    }

    default int intParameter(String name, int fallback) {
        String v = parameters().get(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be a whole number, got '" + v + "'");
        }
    }

    default double doubleParameter(String name, double fallback) {
        String v = parameters().get(name);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be a number, got '" + v + "'");
        }
    }

    /** Reports progress: {@code fraction} in [0, 1] with a short message. */
    void progress(double fraction, String message);

    /** True once the audit was cancelled or this run's time budget is spent. */
    boolean cancelled();

    default void checkCancelled() throws AuditCancelledException {
        if (cancelled()) throw new AuditCancelledException("cancelled");
    }

    /** How long this run may take. */
    Duration timeBudget();

    /** Roughly how many bytes this run may hold at once; batch sizes should respect it. */
    long memoryBudgetBytes();

    /** Trains the same architecture on other labels or data (shuffled-label probes, learning curves). */
    @ProviderType
    interface Retrainer {
        Retrained retrain(DataSplit train, DataSplit validation, int epochs, long seed);
    }

    record Retrained(AuditableModel model, TrainingHistory history) {
    }
}
