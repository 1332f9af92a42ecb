package dev.lucent.audit.training;

import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Dropout;
import dev.lucent.network.api.training.Layer;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How Lucent trains a multilayer perceptron from a CSV, the one recipe the CLI's {@code train} and the console's
 * training form share: a stratified 70/15/15 split from the seed (the split an audit draws again from the seed the
 * model file records, so the test rows stay unseen), features standardized on the training rows, hidden ReLU
 * layers (each followed by dropout when asked), softmax logits, Adam with L2, batches of 32, then the test split
 * evaluated and everything needed to audit the model kept with it.
 *
 * @param label        the label column; null or blank for the last column
 * @param hidden       hidden layer sizes, e.g. {64, 32}; empty for a linear model
 * @param epochs       passes over the training rows, at least 1
 * @param l2           L2 penalty, 0 for none
 * @param dropout      dropout probability after each hidden layer, in [0, 1)
 * @param learningRate Adam's step size
 * @param seed         the split, the initial weights and the batches all follow it
 */
public record TrainingRecipe(String label, int[] hidden, int epochs, float l2, float dropout, float learningRate, long seed) {

    public static final String DEFAULT_HIDDEN = "64,32";
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;
    static final int BATCH = 32;

    public TrainingRecipe {
        hidden = hidden.clone();
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("a hidden layer needs at least 1 unit, got " + h);
        if (epochs < 1) throw new IllegalArgumentException("train for at least 1 epoch, got " + epochs);
        if (!(l2 >= 0)) throw new IllegalArgumentException("the L2 penalty cannot be negative, got " + l2);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout is a probability below 1, got " + dropout);
        if (!(learningRate > 0)) throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** Sizes separated by commas ("64,32"; blank for none), each 1 to {@code maxUnits}, at most {@code maxLayers}. */
    public static int[] parseHidden(String text, int maxLayers, int maxUnits) {
        String t = text.strip();
        if (t.isEmpty()) return new int[0];
        String[] parts = t.split("\\s*,\\s*");
        if (parts.length > maxLayers) throw new IllegalArgumentException("at most " + maxLayers + " hidden layers");
        int[] h = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                h[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hidden layers are sizes separated by commas, e.g. 64,32; got '"
                        + text.replaceAll("\\p{Cntrl}", "?") + "'");
            }
            if (h[i] < 1 || h[i] > maxUnits) throw new IllegalArgumentException("a hidden layer has 1 to " + maxUnits + " units, got " + h[i]);
        }
        return h;
    }

    /** "64,32". */
    public String hiddenText() {
        return IntStream.of(hidden).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** In words, e.g. "64 relu dropout 0.1, 32 relu dropout 0.1, softmax output". */
    public String architecture() {
        StringBuilder b = new StringBuilder();
        for (int h : hidden) b.append(h).append(" relu").append(dropout > 0 ? " dropout " + dropout : "").append(", ");
        return b.append("softmax output").toString();
    }

    /** Hears how training goes; both calls come on the training thread. */
    public interface Listener {
        /** The data is read and split; training starts. */
        default void started(String modelName, int trainRows, int validationRows, int testRows) {
        }

        /** One epoch is done (the learning curve's next point). */
        default void epoch(TrainingHistory.EpochRecord e) {
        }
    }

    /** A trained model with what auditing it needs, not yet saved. */
    public record Trained(Model model, Preprocessing preprocessing, TrainingHistory history, Map<String, String> metadata,
                          Trainer.Evaluation test, int trainRows, int validationRows, int testRows) {
        public Trained {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** Writes the Lucent model file (weights, preprocessing, history, metadata). */
        public void save(Path file) throws IOException {
            ModelFile.save(file, model, preprocessing, history, metadata);
        }
    }

    /**
     * Reads {@code csv}, splits, trains and evaluates.
     *
     * @param modelName  the model's own name, kept in the file
     * @param sourceName the data's name as the user knows it, kept as {@code trainedFrom}
     * @param extra      more metadata to keep (e.g. who trained it)
     * @param cancelled  checked every batch; true ends training with a {@link java.util.concurrent.CancellationException}
     * @throws DataFormatException      the CSV is malformed (the message names the line)
     * @throws IllegalArgumentException the data cannot train this recipe (e.g. a label that is not classes)
     */
    public Trained train(Path csv, String modelName, String sourceName, Map<String, String> extra, Listener listener,
                         BooleanSupplier cancelled) throws DataFormatException {
        CsvOptions options = (label == null || label.isBlank() ? CsvOptions.labelLast() : CsvOptions.label(label))
                .withMissing(CsvOptions.Missing.MEAN);
        Dataset dataset = Datasets.readCsv(csv, options);
        if (!dataset.schema().isClassification())
            throw new IllegalArgumentException("the label column " + DataFormatException.quote(dataset.schema().labelName())
                    + " must hold classes");
        Splits splits = dataset.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, seed)
                .withStratify(true).withStandardize(true));
        List<Layer> layers = new ArrayList<>();
        int in = dataset.schema().featureNames().size();
        for (int h : hidden) {
            layers.add(new Linear(in, h));
            layers.add(Activation.relu());
            if (dropout > 0) layers.add(new Dropout(dropout));
            in = h;
        }
        layers.add(new Linear(in, dataset.schema().classNames().size()));
        Model model = Sequential.of(modelName, OutputKind.CLASS_LOGITS, seed, dataset.schema().sampleShape(), layers.toArray(Layer[]::new));
        listener.started(modelName, splits.train().rows(), splits.validation().rows(), splits.test().rows());
        TrainingConfig cfg = TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam()).learningRate(learningRate)
                .epochs(epochs).batchSize(BATCH).seed(seed).l2(l2).onEpoch(listener::epoch).cancelled(cancelled).build();
        TrainingHistory history = Trainer.fit(model, splits.train(), splits.validation(), cfg);
        Trainer.Evaluation test = Trainer.evaluate(model, splits.test(), Loss.CROSS_ENTROPY);
        Preprocessing pre = new Preprocessing(dataset.schema().featureNames(), dataset.schema().labelName(),
                dataset.schema().classNames(), splits.standardizer().mean(), splits.standardizer().std());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("trainedFrom", sourceName);
        meta.put("trainedFromSha256", dataset.sha256());
        meta.put(AuditInputs.SPLIT_SEED_KEY, Long.toString(seed));
        meta.put("seed", Long.toString(seed));
        meta.put("hidden", hiddenText());
        meta.put("epochs", Integer.toString(epochs));
        meta.put("l2", Float.toString(l2));
        meta.put("dropout", Float.toString(dropout));
        meta.put("learningRate", Float.toString(learningRate));
        meta.put("architecture", architecture());
        meta.put("testAccuracy", Double.toString(test.accuracy()));
        meta.putAll(extra);
        return new Trained(model, pre, history, meta, test, splits.train().rows(), splits.validation().rows(), splits.test().rows());
    }
}
