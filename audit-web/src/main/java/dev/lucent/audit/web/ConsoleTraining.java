package dev.lucent.audit.web;

import dev.lucent.audit.data.DataFiles;
import dev.lucent.audit.training.TrainingRecipe;
import dev.lucent.audit.web.upload.UploadStore;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * The console's "train" form: validates it, trains by the {@link TrainingRecipe} the CLI uses too, reports every
 * epoch to the job (the learning curve fills in as it trains), and stores the result as a Lucent model file.
 */
final class ConsoleTraining {

    /** The form, validated. */
    record Request(String datasetId, String label, int[] hidden, float l2, float dropout, int epochs, long seed,
                   CsvOptions.Task task, TrainingRecipe.Arch arch, int[] shape) {
        Request {
            hidden = hidden.clone();
            shape = shape == null ? null : shape.clone();
        }

        static Request parse(Map<String, String> form) {
            String dataset = form.getOrDefault("dataset", "");
            if (dataset.isBlank()) throw new IllegalArgumentException("choose a data set to train on");
            String label = form.getOrDefault("label", "").strip();
            String taskText = form.getOrDefault("task", "").strip();
            CsvOptions.Task task = taskText.isEmpty() || taskText.equals("infer") ? null : TrainingRecipe.parseTask(taskText);
            String archText = form.getOrDefault("arch", "").strip();
            TrainingRecipe.Arch arch = archText.isEmpty() ? TrainingRecipe.Arch.MLP : TrainingRecipe.Arch.parse(archText);
            String shapeText = form.getOrDefault("shape", "").strip();
            int[] shape = shapeText.isEmpty() ? null : DataFiles.parseShape(shapeText);
            String hiddenText = form.getOrDefault("hidden", "").strip();
            int[] hidden = hidden(hiddenText.isEmpty() ? arch == TrainingRecipe.Arch.CNN ? TrainingRecipe.DEFAULT_CNN_HIDDEN
                    : TrainingRecipe.DEFAULT_HIDDEN : hiddenText);
            float l2 = (float) number(form, "l2", "0", 0, 1);
            float dropout = (float) number(form, "dropout", "0", 0, 0.9);
            int epochs = (int) number(form, "epochs", "30", 1, 500);
            if (epochs != number(form, "epochs", "30", 1, 500)) throw new IllegalArgumentException("epochs must be a whole number");
            long seed;
            try {
                seed = Long.parseLong(form.getOrDefault("seed", "42").strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the seed must be a whole number");
            }
            return new Request(dataset, label, hidden, l2, dropout, epochs, seed, task, arch, shape);
        }

        static int[] hidden(String text) {
            return TrainingRecipe.parseHidden(text, 6, 2048);
        }

        static double number(Map<String, String> form, String name, String fallback, double min, double max) {
            String v = form.getOrDefault(name, fallback).strip();
            double d;
            try {
                d = Double.parseDouble(v.isEmpty() ? fallback : v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
            }
            if (!(d >= min && d <= max)) throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
            return d;
        }

        /** The recipe this form asks for (the console trains at the default learning rate). */
        TrainingRecipe recipe() {
            return new TrainingRecipe(label, hidden, epochs, l2, dropout, arch == TrainingRecipe.Arch.CNN
                    ? TrainingRecipe.DEFAULT_CNN_LEARNING_RATE : TrainingRecipe.DEFAULT_LEARNING_RATE, seed, task, arch, shape);
        }
    }

    private ConsoleTraining() {
    }

    /** Runs in a job thread: load, split, train, evaluate, store; ends the job. */
    static void run(Request r, UploadStore.Stored data, UploadStore uploads, String user, Job job) {
        try {
            UploadStore.Stored stored = train(r, data, uploads, user, job);
            job.finish(Job.State.DONE, job.message(), "/models/" + stored.id());
        } catch (CancellationException e) {
            job.finish(Job.State.CANCELLED, "cancelled", null);
        } catch (DataFormatException | IllegalArgumentException e) {
            job.finish(Job.State.FAILED, "cannot train: " + asUploaded(e.getMessage(), data), null);
        } catch (IOException e) {
            job.finish(Job.State.FAILED, "cannot store the model: " + asUploaded(e.getMessage(), data), null);
        }
    }

    /** The user knows the data set by the name it was uploaded under, not by where Lucent keeps it. */
    static String asUploaded(String message, UploadStore.Stored data) {
        String m = String.valueOf(message).replace(data.dataPath().toString(), data.originalName())
                .replace(data.file().toString(), data.originalName());
        // any other stored path (the model being written) is shown by its file name only
        return m.replace(data.file().getParent().getParent().toString() + java.io.File.separator, "");
    }

    /** Trains and stores the model, reporting to the job; the caller ends the job. */
    static UploadStore.Stored train(Request r, UploadStore.Stored data, UploadStore uploads, String user, Job job)
            throws DataFormatException, IOException {
        job.running(0, "reading " + data.originalName());
        TrainingRecipe recipe = r.recipe();
        String part = "train " + r.arch().name().toLowerCase(Locale.ROOT) + " (" + recipe.hiddenText() + ")";
        String suffix = "-" + r.arch().name().toLowerCase(Locale.ROOT);
        TrainingRecipe.Trained t = recipe.train(data.dataPath(), stem(data.originalName()) + suffix, data.originalName(),
                Map.of("trainedBy", user), new TrainingRecipe.Listener() {
                    @Override
                    public void started(String model, int train, int validation, int test) {
                        job.part(part, "running", 0, "");
                    }

                    @Override
                    public void inferred(String how) {
                        job.part("task", "done", 1, how);
                    }

                    @Override
                    public void epoch(TrainingHistory.EpochRecord e) {
                        job.point(e.epoch(), e.trainLoss(), e.validationLoss());
                        String msg = String.format(Locale.ROOT, "epoch %d of %d: loss %.4f, validation loss %.4f", e.epoch(), r.epochs(),
                                e.trainLoss(), e.validationLoss()) + (Double.isNaN(e.validationAccuracy()) ? " (standardized target)"
                                : String.format(Locale.ROOT, ", validation accuracy %.3f", e.validationAccuracy()));
                        job.running((double) e.epoch() / r.epochs(), msg);
                        job.part(part, "running", (double) e.epoch() / r.epochs(), msg);
                    }
                }, job::cancelRequested);
        String result = t.regression() ? String.format(Locale.ROOT, "regression; test RMSE %.4g in the target's units", Math.sqrt(t.test().loss()))
                : String.format(Locale.ROOT, "test accuracy %.3f, test loss %.4f", t.test().accuracy(), t.test().loss());
        job.part(part, "done", 1, result);
        UploadStore.Stored stored = uploads.storeMade(UploadStore.Kind.MODEL, "lucent", stem(data.originalName()) + suffix + ".lucent",
                user, t::save);
        job.running(1, "trained: " + result);
        return stored;
    }

    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
