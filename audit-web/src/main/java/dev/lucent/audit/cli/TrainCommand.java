package dev.lucent.audit.cli;

import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.network.api.Activation;
import dev.lucent.network.api.Dropout;
import dev.lucent.network.api.Layer;
import dev.lucent.network.api.Linear;
import dev.lucent.network.api.Loss;
import dev.lucent.network.api.Model;
import dev.lucent.network.api.ModelFile;
import dev.lucent.network.api.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Preprocessing;
import dev.lucent.network.api.Sequential;
import dev.lucent.network.api.Trainer;
import dev.lucent.network.api.TrainingConfig;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code lucent train --data FILE --label COLUMN --out DIR [--hidden 64,32] [--epochs N] [--l2 X] [--dropout P]
 * [--seed S]}: a multilayer perceptron trained on the training part of a stratified 70/15/15 split (the split
 * {@code audit} draws again from the recorded seed), written as {@code DIR/model.lucent}.
 */
@Component(service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=train")
public final class TrainCommand implements HeadlessCommand {

    static final String USAGE = "usage: train --data FILE --label COLUMN --out DIR [--hidden 64,32] [--epochs N] [--l2 X]"
            + " [--dropout P] [--seed S] [--learning-rate X]";
    private static final Set<String> OPTIONS = Set.of("--data", "--label", "--out", "--hidden", "--epochs", "--l2",
            "--dropout", "--seed", "--learning-rate");

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("lucent train: " + USAGE);
            return 0;
        }
        Path data, dir;
        String label;
        int[] hidden;
        int epochs;
        float l2, dropout, lr;
        long seed;
        try {
            CliArgs a = CliArgs.parse(args, OPTIONS);
            data = Path.of(a.required("--data"));
            label = a.required("--label");
            dir = Path.of(a.required("--out"));
            hidden = hidden(a.get("--hidden") == null ? "64,32" : a.get("--hidden"));
            epochs = (int) a.doubleValue("--epochs", 40, 1, 10_000);
            if (epochs != a.doubleValue("--epochs", 40, 1, 10_000)) throw new CliArgs.UsageException("--epochs needs a whole number");
            l2 = (float) a.doubleValue("--l2", 0, 0, 10);
            dropout = (float) a.doubleValue("--dropout", 0, 0, 0.95);
            lr = (float) a.doubleValue("--learning-rate", 1e-3, 1e-7, 10);
            seed = a.longValue("--seed", 42);
        } catch (CliArgs.UsageException e) {
            err.println("lucent train: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        try {
            err.println("reading " + data);
            Dataset ds = Datasets.readCsv(data, CsvOptions.label(label).withMissing(CsvOptions.Missing.MEAN));
            if (!ds.schema().isClassification()) {
                err.println("lucent train: " + data + ": the label column " + DataFormatException.quote(label) + " must hold classes");
                return 2;
            }
            Splits s = ds.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, seed)
                    .withStratify(true).withStandardize(true));
            int classes = ds.schema().classNames().size();
            List<Layer> layers = new ArrayList<>();
            int in = ds.schema().featureNames().size();
            for (int h : hidden) {
                layers.add(new Linear(in, h));
                layers.add(Activation.relu());
                if (dropout > 0) layers.add(new Dropout(dropout));
                in = h;
            }
            layers.add(new Linear(in, classes));
            String name = stem(data) + "-mlp";
            Model model = Sequential.of(name, OutputKind.CLASS_LOGITS, seed, ds.schema().sampleShape(), layers.toArray(Layer[]::new));
            err.printf(Locale.ROOT, "training %s on %d rows (validation %d, test %d held out), %d epochs%n", name,
                    s.train().rows(), s.validation().rows(), s.test().rows(), epochs);
            TrainingConfig cfg = TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam()).learningRate(lr)
                    .epochs(epochs).batchSize(32).seed(seed).l2(l2)
                    .onEpoch(e -> {
                        if (e.epoch() == 1 || e.epoch() % 5 == 0 || e.epoch() == epochs)
                            err.printf(Locale.ROOT, "  epoch %d/%d: loss %.4f, validation loss %.4f, validation accuracy %.3f%n",
                                    e.epoch(), epochs, e.trainLoss(), e.validationLoss(), e.validationAccuracy());
                    }).build();
            TrainingHistory history = Trainer.fit(model, s.train(), s.validation(), cfg);
            Trainer.Evaluation test = Trainer.evaluate(model, s.test(), Loss.CROSS_ENTROPY);
            Preprocessing pre = new Preprocessing(ds.schema().featureNames(), ds.schema().labelName(), ds.schema().classNames(),
                    s.standardizer().mean(), s.standardizer().std());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("trainedFrom", data.getFileName().toString());
            meta.put("trainedFromSha256", ds.sha256());
            meta.put(AuditInputs.SPLIT_SEED_KEY, Long.toString(seed));
            meta.put("seed", Long.toString(seed));
            meta.put("hidden", join(hidden));
            meta.put("epochs", Integer.toString(epochs));
            meta.put("l2", Float.toString(l2));
            meta.put("dropout", Float.toString(dropout));
            meta.put("learningRate", Float.toString(lr));
            meta.put("testAccuracy", Double.toString(test.accuracy()));
            Files.createDirectories(dir);
            Path file = dir.resolve("model.lucent");
            ModelFile.save(file, model, pre, history, meta);
            out.printf(Locale.ROOT, "model written to %s (test accuracy %.3f, test loss %.4f on %d held-out rows)%n",
                    file, test.accuracy(), test.loss(), s.test().rows());
            return 0;
        } catch (DataFormatException e) {
            err.println("lucent train: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("lucent train: " + data + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("lucent train: cannot write the model to " + dir + ": " + e.getMessage());
            return 2;
        }
    }

    static int[] hidden(String text) throws CliArgs.UsageException {
        String t = text.strip();
        if (t.isEmpty()) return new int[0];
        String[] parts = t.split("\\s*,\\s*");
        int[] h = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                h[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new CliArgs.UsageException("--hidden takes layer sizes separated by commas, e.g. 64,32; got '" + CliArgs.printable(text) + "'");
            }
            if (h[i] < 1 || h[i] > 4096) throw new CliArgs.UsageException("a hidden layer has 1 to 4096 units, got " + h[i]);
        }
        return h;
    }

    private static String join(int[] h) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < h.length; i++) b.append(i == 0 ? "" : ",").append(h[i]);
        return b.toString();
    }

    static String stem(Path p) {
        String n = p.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
