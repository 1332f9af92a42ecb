package dev.lucent.audit.cli;

import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.training.TrainingRecipe;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.DataFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * {@code lucent train --data FILE --label COLUMN --out DIR [--hidden 64,32] [--epochs N] [--l2 X] [--dropout P]
 * [--seed S]}: a multilayer perceptron trained by the {@link TrainingRecipe} the console uses too (a stratified
 * 70/15/15 split that {@code audit} draws again from the recorded seed), written as {@code DIR/model.lucent}.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=train")
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
            hidden = hidden(a.get("--hidden") == null ? TrainingRecipe.DEFAULT_HIDDEN : a.get("--hidden"));
            epochs = (int) a.doubleValue("--epochs", 40, 1, 10_000);
            if (epochs != a.doubleValue("--epochs", 40, 1, 10_000)) throw new CliArgs.UsageException("--epochs needs a whole number");
            l2 = (float) a.doubleValue("--l2", 0, 0, 10);
            dropout = (float) a.doubleValue("--dropout", 0, 0, 0.95);
            lr = (float) a.doubleValue("--learning-rate", TrainingRecipe.DEFAULT_LEARNING_RATE, 1e-7, 10);
            seed = a.longValue("--seed", 42);
        } catch (CliArgs.UsageException e) {
            err.println("lucent train: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        try {
            err.println("reading " + data);
            TrainingRecipe recipe = new TrainingRecipe(label, hidden, epochs, l2, dropout, lr, seed);
            String name = stem(data) + "-mlp";
            TrainingRecipe.Trained t = recipe.train(data, name, data.getFileName().toString(), Map.of(), new TrainingRecipe.Listener() {
                @Override
                public void started(String model, int train, int validation, int test) {
                    err.printf(Locale.ROOT, "training %s on %d rows (validation %d, test %d held out), %d epochs%n", model,
                            train, validation, test, epochs);
                }

                @Override
                public void epoch(TrainingHistory.EpochRecord e) {
                    if (e.epoch() == 1 || e.epoch() % 5 == 0 || e.epoch() == epochs)
                        err.printf(Locale.ROOT, "  epoch %d/%d: loss %.4f, validation loss %.4f, validation accuracy %.3f%n",
                                e.epoch(), epochs, e.trainLoss(), e.validationLoss(), e.validationAccuracy());
                }
            }, () -> false);
            Files.createDirectories(dir);
            Path file = dir.resolve("model.lucent");
            t.save(file);
            out.printf(Locale.ROOT, "model written to %s (test accuracy %.3f, test loss %.4f on %d held-out rows)%n",
                    file, t.test().accuracy(), t.test().loss(), t.testRows());
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
        try {
            return TrainingRecipe.parseHidden(text, Integer.MAX_VALUE, 4096);
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException("--hidden: " + e.getMessage());
        }
    }

    static String stem(Path p) {
        String n = p.getFileName().toString().replaceAll("[^A-Za-z0-9_.-]", "_");
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
