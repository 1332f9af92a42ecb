package dev.lucent.audit.training;

import dev.lucent.audit.data.DataFiles;
import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Flatten;
import dev.lucent.network.api.training.Init;
import dev.lucent.network.api.training.LearningRateSchedule;
import dev.lucent.network.api.training.Parameter;
import dev.lucent.network.api.training.Pool2d;
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
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How Lucent trains a network from a data set, the one recipe the CLI's {@code train} and the console's training
 * form share. The data is read by {@link DataFiles} (a CSV, IDX images with their labels, or a folder of images per
 * class); its task is declared or inferred there. Then a 70/15/15 split from the seed (stratified by class for
 * classification; a continuous label is not stratified), the split an audit draws again from the seed the model file
 * records, so the test rows stay unseen. Tabular rows are standardized on the training rows; images (samples of
 * channels x height x width) are used as they are (pixels in [0, 1]).
 *
 * <p>Architectures: {@link Arch#MLP}, hidden ReLU layers (each followed by dropout when asked); {@link Arch#CNN}, for
 * images: two blocks of 3x3 convolution (16 then 32 channels, padding 1), ReLU and 2x2 max pooling, then the hidden
 * ReLU layers and the output. Classification ends in one logit per class (cross-entropy), regression in one output
 * (mean squared error, trained on the standardized target and rescaled afterwards, so the saved model predicts in the
 * target's own units). Adam with L2, batches of 32 (MLP; 64 and a cosine schedule for the CNN), then the test split
 * evaluated and everything needed to audit the model kept with it.
 *
 * @param label        the label: a CSV column (null or blank for the last column), or the IDX label file's path
 * @param hidden       hidden (dense) layer sizes, e.g. {64, 32}; empty for none
 * @param epochs       passes over the training rows, at least 1
 * @param l2           L2 penalty, 0 for none
 * @param dropout      dropout probability after each hidden layer, in [0, 1)
 * @param learningRate Adam's step size
 * @param seed         the split, the initial weights and the batches all follow it
 * @param task         classification or regression; null to infer it from the label ({@link DataFiles#read})
 * @param arch         MLP or CNN
 * @param shape        one CSV row's sample shape (e.g. {1, 28, 28} for pixels); null for a flat row or image files
 */
public record TrainingRecipe(String label, int[] hidden, int epochs, float l2, float dropout, float learningRate, long seed,
                             CsvOptions.Task task, Arch arch, int[] shape) {

    public static final String DEFAULT_HIDDEN = "64,32";
    /** The CNN's dense layer after its convolutions when none is given. */
    public static final String DEFAULT_CNN_HIDDEN = "128";
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;
    /** The CNN's step size, with its cosine schedule: the engine's Fashion-MNIST CNN reaches 90% with it in 5 epochs. */
    public static final float DEFAULT_CNN_LEARNING_RATE = 2e-3f;
    static final int BATCH = 32, CNN_BATCH = 64;

    /** The network's shape. */
    public enum Arch {
        MLP, CNN;

        /** "mlp" or "cnn" as typed, any case. */
        public static Arch parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("mlp")) return MLP;
            if (t.equals("cnn")) return CNN;
            throw new IllegalArgumentException("the architecture is mlp or cnn, got '" + text.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    /** "classification" or "regression" as typed, any case. */
    public static CsvOptions.Task parseTask(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("classification")) return CsvOptions.Task.CLASSIFICATION;
        if (t.equals("regression")) return CsvOptions.Task.REGRESSION;
        throw new IllegalArgumentException("the task is classification or regression, got '" + text.replaceAll("\\p{Cntrl}", "?") + "'");
    }

    public TrainingRecipe {
        hidden = hidden.clone();
        shape = shape == null ? null : shape.clone();
        java.util.Objects.requireNonNull(arch, "arch");
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("a hidden layer needs at least 1 unit, got " + h);
        if (epochs < 1) throw new IllegalArgumentException("train for at least 1 epoch, got " + epochs);
        if (!(l2 >= 0)) throw new IllegalArgumentException("the L2 penalty cannot be negative, got " + l2);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout is a probability below 1, got " + dropout);
        if (!(learningRate > 0)) throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
    }

    /** A multilayer perceptron, its task inferred, rows read flat. */
    public TrainingRecipe(String label, int[] hidden, int epochs, float l2, float dropout, float learningRate, long seed) {
        this(label, hidden, epochs, l2, dropout, learningRate, seed, null, Arch.MLP, null);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public int[] shape() {
        return shape == null ? null : shape.clone();
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
    public String architecture(boolean regression) {
        StringBuilder b = new StringBuilder();
        if (arch == Arch.CNN) b.append("conv 3x3 16 relu, max pool 2, conv 3x3 32 relu, max pool 2, ");
        for (int h : hidden) b.append(h).append(" relu").append(dropout > 0 ? " dropout " + dropout : "").append(", ");
        return b.append(regression ? "one linear output (regression)" : "softmax output").toString();
    }

    /** Hears how training goes; both calls come on the training thread. */
    public interface Listener {
        /** The data is read and split; training starts. */
        default void started(String modelName, int trainRows, int validationRows, int testRows) {
        }

        /** The task was not declared and was inferred; {@code how} says which and why, in words. */
        default void inferred(String how) {
        }

        /** One epoch is done (the learning curve's next point). */
        default void epoch(TrainingHistory.EpochRecord e) {
        }
    }

    /**
     * A trained model with what auditing it needs, not yet saved. {@code test} holds the test loss (for regression
     * the mean squared error in the target's units) and accuracy (NaN for regression).
     */
    public record Trained(Model model, Preprocessing preprocessing, TrainingHistory history, Map<String, String> metadata,
                          Trainer.Evaluation test, int trainRows, int validationRows, int testRows) {
        public Trained {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** Writes the Lucent model file (weights, preprocessing, history, metadata). */
        public void save(Path file) throws IOException {
            ModelFile.save(file, model, preprocessing, history, metadata);
        }

        public boolean regression() {
            return model.outputKind() == OutputKind.REGRESSION;
        }
    }

    /**
     * Reads {@code data}, splits, trains and evaluates.
     *
     * @param modelName  the model's own name, kept in the file
     * @param sourceName the data's name as the user knows it, kept as {@code trainedFrom}
     * @param extra      more metadata to keep (e.g. who trained it)
     * @param cancelled  checked every batch; true ends training with a {@link java.util.concurrent.CancellationException}
     * @throws DataFormatException      the data is malformed (the message names the file and place)
     * @throws IllegalArgumentException the data cannot train this recipe (e.g. a CNN on rows that are not images)
     */
    public Trained train(Path data, String modelName, String sourceName, Map<String, String> extra, Listener listener,
                         BooleanSupplier cancelled) throws DataFormatException {
        CsvOptions options = (label == null || label.isBlank() ? CsvOptions.labelLast() : CsvOptions.label(label))
                .withMissing(CsvOptions.Missing.MEAN);
        DataFiles.Read read = DataFiles.read(data, label, task, shape, null, options);
        if (read.inferred() != null) listener.inferred(read.inferred());
        Dataset dataset = read.dataset();
        boolean regression = !dataset.schema().isClassification();
        int[] sample = dataset.schema().sampleShape();
        boolean image = sample.length == 3;
        if (arch == Arch.CNN && !image)
            throw new IllegalArgumentException("a CNN needs images (channels x height x width); these rows have "
                    + sample[0] + " values: give their shape (--shape 1x28x28) or choose --arch mlp");
        if (arch == Arch.CNN && (sample[1] < 4 || sample[2] < 4))
            throw new IllegalArgumentException("the CNN pools twice by 2, so it needs images of at least 4x4, got "
                    + sample[1] + "x" + sample[2]);
        Splits splits = dataset.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, seed)
                .withStratify(!regression).withStandardize(!image));
        int outputs = regression ? 1 : dataset.schema().classNames().size();
        List<Layer> layers = layers(sample, outputs);
        Model model = Sequential.of(modelName, regression ? OutputKind.REGRESSION : OutputKind.CLASS_LOGITS, seed, sample,
                layers.toArray(Layer[]::new));
        listener.started(modelName, splits.train().rows(), splits.validation().rows(), splits.test().rows());
        Loss loss = regression ? Loss.MSE : Loss.CROSS_ENTROPY;
        TrainingConfig.Builder cfg = TrainingConfig.builder(loss).optimizer(Optimizer.adam()).learningRate(learningRate)
                .epochs(epochs).batchSize(arch == Arch.CNN ? CNN_BATCH : BATCH).seed(seed).l2(l2).onEpoch(listener::epoch)
                .cancelled(cancelled);
        if (arch == Arch.CNN) cfg.schedule(LearningRateSchedule.cosine(epochs, learningRate / 20)).threads(Runtime.getRuntime().availableProcessors());
        DataSplit train = splits.train(), validation = splits.validation();
        double targetMean = 0, targetStd = 1;
        if (regression) {
            // Trained on the standardized target (Adam's steps suit unit scale), then the output layer is rescaled.
            float[] t = train.targets();
            for (float v : t) targetMean += v;
            targetMean /= Math.max(1, t.length);
            double ss = 0;
            for (float v : t) ss += (v - targetMean) * (v - targetMean);
            targetStd = t.length > 1 ? Math.sqrt(ss / (t.length - 1)) : 1;
            if (!(targetStd > 0)) targetStd = 1;
            train = scaled(train, targetMean, targetStd);
            validation = scaled(validation, targetMean, targetStd);
        }
        TrainingHistory history = Trainer.fit(model, train, validation, cfg.build());
        if (regression) rescaleOutput(model, targetMean, targetStd);
        Trainer.Evaluation test = Trainer.evaluate(model, splits.test(), loss);
        Preprocessing pre = new Preprocessing(dataset.schema().featureNames(), dataset.schema().labelName(),
                dataset.schema().classNames(), splits.standardizer().mean(), splits.standardizer().std());
        if (image) pre = new Preprocessing(pre.featureNames(), pre.labelName(), pre.classNames(), new float[0], new float[0]);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("trainedFrom", sourceName);
        meta.put("trainedFromSha256", dataset.sha256());
        meta.put("dataFormat", read.kind().words());
        meta.put(AuditInputs.SPLIT_SEED_KEY, Long.toString(seed));
        meta.put("seed", Long.toString(seed));
        meta.put("task", regression ? "regression" : "classification");
        meta.put("arch", arch.name().toLowerCase(Locale.ROOT));
        meta.put("inputShape", DataFiles.shapeText(sample));
        meta.put("hidden", hiddenText());
        meta.put("epochs", Integer.toString(epochs));
        meta.put("l2", Float.toString(l2));
        meta.put("dropout", Float.toString(dropout));
        meta.put("learningRate", Float.toString(learningRate));
        meta.put("architecture", architecture(regression));
        if (regression) {
            meta.put("targetMean", Double.toString(targetMean));
            meta.put("targetStd", Double.toString(targetStd));
            meta.put("testRmse", Double.toString(Math.sqrt(test.loss())));
        } else {
            meta.put("testAccuracy", Double.toString(test.accuracy()));
        }
        meta.putAll(extra);
        return new Trained(model, pre, history, meta, test, splits.train().rows(), splits.validation().rows(), splits.test().rows());
    }

    private List<Layer> layers(int[] sample, int outputs) {
        List<Layer> layers = new ArrayList<>();
        int in;
        if (arch == Arch.CNN) {
            layers.add(new Conv2d(sample[0], 16, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0));
            layers.add(Activation.relu());
            layers.add(Pool2d.max(2, 2));
            layers.add(new Conv2d(16, 32, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0));
            layers.add(Activation.relu());
            layers.add(Pool2d.max(2, 2));
            layers.add(new Flatten());
            in = 32 * (sample[1] / 2 / 2) * (sample[2] / 2 / 2);
        } else {
            in = 1;
            for (int d : sample) in *= d;
            if (sample.length > 1) layers.add(new Flatten());
        }
        for (int h : hidden) {
            layers.add(new Linear(in, h));
            layers.add(Activation.relu());
            if (dropout > 0) layers.add(new Dropout(dropout));
            in = h;
        }
        layers.add(new Linear(in, outputs));
        return layers;
    }

    private static DataSplit scaled(DataSplit s, double mean, double std) {
        float[] t = s.targets();
        for (int i = 0; i < t.length; i++) t[i] = (float) ((t[i] - mean) / std);
        return new DataSplit(s.name(), s.features(), null, t);
    }

    /** out = std * out' + mean, folded into the last linear layer's weights and bias. */
    private static void rescaleOutput(Model model, double mean, double std) {
        List<Map.Entry<String, Parameter>> params = new ArrayList<>(model.namedParameters().entrySet());
        Parameter weight = null, bias = null;
        for (int i = params.size() - 1; i >= 0 && (weight == null || bias == null); i--) {
            String name = params.get(i).getKey();
            if (bias == null && name.endsWith(".bias")) bias = params.get(i).getValue();
            else if (weight == null && name.endsWith(".weight")) weight = params.get(i).getValue();
        }
        if (weight == null || bias == null) throw new IllegalStateException("the output layer has no weight and bias to rescale");
        float[] w = weight.values();
        for (int i = 0; i < w.length; i++) w[i] = (float) (w[i] * std);
        weight.assign(w);
        float[] b = bias.values();
        for (int i = 0; i < b.length; i++) b[i] = (float) (b[i] * std + mean);
        bias.assign(b);
    }
}
