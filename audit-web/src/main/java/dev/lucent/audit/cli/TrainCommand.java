package dev.lucent.audit.cli;

import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.data.DataFiles;
import dev.lucent.audit.training.TrainingRecipe;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.CsvOptions;
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
 * {@code lucent train --data FILE|FOLDER [--label COLUMN | --labels LABELS.idx1] --out DIR [--task regression|classification]
 * [--arch mlp|cnn] [--shape 1x28x28] [--hidden 64,32] [--epochs N] [--l2 X] [--dropout P] [--seed S]}: a network trained
 * by the {@link TrainingRecipe} the console uses too (a 70/15/15 split that {@code audit} draws again from the recorded
 * seed), written as {@code DIR/model.lucent}. The data is a CSV, IDX images with their IDX labels, or a folder of
 * images per class ({@link DataFiles}); an undeclared task is inferred and the inference printed.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=train")
public final class TrainCommand implements HeadlessCommand {

    static final String USAGE = "usage: train --data FILE.csv|IMAGES.idx3[.gz]|FOLDER [--label COLUMN | --labels LABELS.idx1[.gz]]"
            + " --out DIR [--task regression|classification] [--arch mlp|cnn] [--shape 1x28x28] [--hidden 64,32] [--epochs N]"
            + " [--l2 X] [--dropout P] [--seed S] [--learning-rate X]";
    private static final Set<String> OPTIONS = Set.of("--data", "--label", "--labels", "--out", "--hidden", "--epochs", "--l2",
            "--dropout", "--seed", "--learning-rate", "--task", "--arch", "--shape");

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("lucent train: " + USAGE);
            return 0;
        }
        Path data, dir;
        String label;
        int[] hidden, shape;
        int epochs;
        float l2, dropout, lr;
        long seed;
        CsvOptions.Task task;
        TrainingRecipe.Arch arch;
        try {
            CliArgs a = CliArgs.parse(args, OPTIONS);
            data = Path.of(a.required("--data"));
            label = label(a, data);
            dir = Path.of(a.required("--out"));
            task = a.get("--task") == null ? null : TrainingRecipe.parseTask(a.get("--task"));
            arch = a.get("--arch") == null ? TrainingRecipe.Arch.MLP : TrainingRecipe.Arch.parse(a.get("--arch"));
            shape = a.get("--shape") == null ? null : DataFiles.parseShape(a.get("--shape"));
            hidden = hidden(a.get("--hidden") != null ? a.get("--hidden")
                    : arch == TrainingRecipe.Arch.CNN ? TrainingRecipe.DEFAULT_CNN_HIDDEN : TrainingRecipe.DEFAULT_HIDDEN);
            epochs = (int) a.doubleValue("--epochs", 40, 1, 10_000);
            if (epochs != a.doubleValue("--epochs", 40, 1, 10_000)) throw new CliArgs.UsageException("--epochs needs a whole number");
            l2 = (float) a.doubleValue("--l2", 0, 0, 10);
            dropout = (float) a.doubleValue("--dropout", 0, 0, 0.95);
            lr = (float) a.doubleValue("--learning-rate", arch == TrainingRecipe.Arch.CNN ? TrainingRecipe.DEFAULT_CNN_LEARNING_RATE
                    : TrainingRecipe.DEFAULT_LEARNING_RATE, 1e-7, 10);
            seed = a.longValue("--seed", 42);
        } catch (CliArgs.UsageException | IllegalArgumentException e) {
            err.println("lucent train: " + e.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        try {
            err.println("reading " + data);
            TrainingRecipe recipe = new TrainingRecipe(label, hidden, epochs, l2, dropout, lr, seed, task, arch, shape);
            String name = stem(data) + "-" + arch.name().toLowerCase(Locale.ROOT);
            TrainingRecipe.Trained t = recipe.train(data, name, data.getFileName().toString(), Map.of(), new TrainingRecipe.Listener() {
                @Override
                public void started(String model, int train, int validation, int test) {
                    err.printf(Locale.ROOT, "training %s on %d rows (validation %d, test %d held out), %d epochs%n", model,
                            train, validation, test, epochs);
                }

                @Override
                public void inferred(String how) {
                    err.println("task: " + how);
                }

                @Override
                public void epoch(TrainingHistory.EpochRecord e) {
                    if (e.epoch() == 1 || e.epoch() % 5 == 0 || e.epoch() == epochs)
                        err.printf(Locale.ROOT, "  epoch %d/%d: loss %.4f, validation loss %.4f%s%n", e.epoch(), epochs,
                                e.trainLoss(), e.validationLoss(), Double.isNaN(e.validationAccuracy()) ? " (standardized target)"
                                        : String.format(Locale.ROOT, ", validation accuracy %.3f", e.validationAccuracy()));
                }
            }, () -> false);
            Files.createDirectories(dir);
            Path file = dir.resolve("model.lucent");
            t.save(file);
            if (t.regression())
                out.printf(Locale.ROOT, "model written to %s (regression; test RMSE %.4g in the target's units on %d held-out rows)%n",
                        file, Math.sqrt(t.test().loss()), t.testRows());
            else
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

    /**
     * Where the labels are: {@code --label COLUMN} for a CSV, {@code --labels FILE} for IDX images or a CSV's regression
     * targets in a file of their own (as an absolute path, see {@link DataFiles}), neither for an image folder (its
     * sub-folders are the classes). Shared with {@code audit}.
     */
    static String label(CliArgs a, Path data) throws CliArgs.UsageException {
        String column = a.get("--label"), file = a.get("--labels");
        if (column != null && file != null) throw new CliArgs.UsageException("give --label COLUMN (a CSV) or --labels FILE (IDX), not both");
        DataFiles.Kind kind = DataFiles.kind(data);
        if (kind == DataFiles.Kind.IDX && java.nio.file.Files.isDirectory(data)) return "label"; // the folder holds the pair
        if (kind == DataFiles.Kind.IDX) {
            if (file == null || file.isBlank())
                throw new CliArgs.UsageException(data + " is an IDX image file: give its IDX label file with --labels LABELS.idx1[.gz]");
            return Path.of(file).toAbsolutePath().toString(); // audits read it in a worker with another working folder
        }
        if (file != null && kind == DataFiles.Kind.IMAGE_FOLDER)
            throw new CliArgs.UsageException("--labels is for IDX images or a CSV's targets in a file of their own; " + data
                    + " is an image folder: its sub-folders are the classes");
        if (file != null) {
            if (!java.nio.file.Files.isRegularFile(Path.of(file))) throw new CliArgs.UsageException("--labels " + file + ": no such file");
            return Path.of(file).toAbsolutePath().toString();
        }
        if (kind == DataFiles.Kind.IMAGE_FOLDER) return column == null ? "class" : column;
        if (column == null || column.isBlank()) throw new CliArgs.UsageException("missing --label (the CSV's label column)");
        return column;
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
