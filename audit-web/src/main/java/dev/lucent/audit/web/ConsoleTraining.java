package dev.lucent.audit.web;

import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.audit.web.upload.UploadStore;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Trains a multilayer perceptron from an uploaded CSV for the console's "train" form, reporting every epoch
 * to the job (the learning curve fills in as it trains), and stores the result as a Lucent model file.
 * Splits 70/15/15, stratified and standardized on the training split, all from the seed.
 */
final class ConsoleTraining {

    /** The form, validated. */
    record Request(String datasetId, String label, int[] hidden, float l2, float dropout, int epochs, long seed) {
        Request {
            hidden = hidden.clone();
        }

        static Request parse(Map<String, String> form) {
            String dataset = form.getOrDefault("dataset", "");
            if (dataset.isBlank()) throw new IllegalArgumentException("choose a data set to train on");
            String label = form.getOrDefault("label", "").strip();
            int[] hidden = hidden(form.getOrDefault("hidden", "64,32"));
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
            return new Request(dataset, label, hidden, l2, dropout, epochs, seed);
        }

        static int[] hidden(String text) {
            String t = text.strip();
            if (t.isEmpty()) return new int[0];
            String[] parts = t.split("\\s*,\\s*");
            if (parts.length > 6) throw new IllegalArgumentException("at most 6 hidden layers");
            int[] h = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    h[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("hidden layers are sizes separated by commas, e.g. 64,32; got '" + text + "'");
                }
                if (h[i] < 1 || h[i] > 2048) throw new IllegalArgumentException("a hidden layer has 1 to 2048 units, got " + h[i]);
            }
            return h;
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

        String architecture() {
            StringBuilder b = new StringBuilder();
            for (int h : hidden) b.append(h).append(" relu").append(dropout > 0 ? " dropout " + dropout : "").append(", ");
            return b.append("softmax output").toString();
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
            job.finish(Job.State.FAILED, "cannot train: " + e.getMessage(), null);
        } catch (IOException e) {
            job.finish(Job.State.FAILED, "cannot store the model: " + e.getMessage(), null);
        }
    }

    /** Trains and stores the model, reporting to the job; the caller ends the job. */
    static UploadStore.Stored train(Request r, UploadStore.Stored data, UploadStore uploads, String user, Job job)
            throws DataFormatException, IOException {
        {
            job.running(0, "reading " + data.originalName());
            CsvOptions options = (r.label().isEmpty() ? CsvOptions.labelLast() : CsvOptions.label(r.label()))
                    .withMissing(CsvOptions.Missing.MEAN);
            Dataset dataset = Datasets.readCsv(data.file(), options);
            if (!dataset.schema().isClassification()) throw new IllegalArgumentException("the label column must hold classes");
            // the split the runner's audits draw again from the recorded seed, so the test rows stay unseen
            Splits splits = dataset.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, r.seed())
                    .withStratify(true).withStandardize(true));
            int features = dataset.schema().featureNames().size();
            int classes = dataset.schema().classNames().size();
            List<Layer> layers = new ArrayList<>();
            int in = features;
            for (int h : r.hidden()) {
                layers.add(new Linear(in, h));
                layers.add(Activation.relu());
                if (r.dropout() > 0) layers.add(new Dropout(r.dropout()));
                in = h;
            }
            layers.add(new Linear(in, classes));
            Model model = Sequential.of(stem(data.originalName()) + "-mlp", OutputKind.CLASS_LOGITS, r.seed(), dataset.schema().sampleShape(), layers.toArray(Layer[]::new));
            job.part("train " + r.architecture(), "running", 0, "");
            TrainingConfig cfg = TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam()).learningRate(1e-3f)
                    .epochs(r.epochs()).batchSize(32).seed(r.seed()).l2(r.l2())
                    .onEpoch(e -> {
                        job.point(e.epoch(), e.trainLoss(), e.validationLoss());
                        String msg = String.format(Locale.ROOT, "epoch %d of %d: loss %.4f, validation loss %.4f, validation accuracy %.3f",
                                e.epoch(), r.epochs(), e.trainLoss(), e.validationLoss(), e.validationAccuracy());
                        job.running((double) e.epoch() / r.epochs(), msg);
                        job.part("train " + r.architecture(), "running", (double) e.epoch() / r.epochs(), msg);
                    })
                    .cancelled(job::cancelRequested).build();
            TrainingHistory history = Trainer.fit(model, splits.train(), splits.validation(), cfg);
            Trainer.Evaluation test = Trainer.evaluate(model, splits.test(), Loss.CROSS_ENTROPY);
            String result = String.format(Locale.ROOT, "test accuracy %.3f, test loss %.4f", test.accuracy(), test.loss());
            job.part("train " + r.architecture(), "done", 1, result);
            Preprocessing pre = new Preprocessing(dataset.schema().featureNames(), dataset.schema().labelName(),
                    dataset.schema().classNames(), splits.standardizer().mean(), splits.standardizer().std());
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("trainedFrom", data.originalName());
            meta.put("trainedFromSha256", data.sha256());
            meta.put(AuditInputs.SPLIT_SEED_KEY, Long.toString(r.seed()));
            meta.put("seed", Long.toString(r.seed()));
            meta.put("hidden", java.util.Arrays.stream(r.hidden()).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(",")));
            meta.put("epochs", Integer.toString(r.epochs()));
            meta.put("dropout", Float.toString(r.dropout()));
            meta.put("learningRate", Float.toString(1e-3f));
            meta.put("architecture", r.architecture());
            meta.put("l2", Float.toString(r.l2()));
            meta.put("testAccuracy", Double.toString(test.accuracy()));
            meta.put("trainedBy", user);
            String name = stem(data.originalName()) + "-mlp.lucent";
            UploadStore.Stored stored = uploads.storeMade(UploadStore.Kind.MODEL, "lucent", name, user,
                    target -> ModelFile.save(target, model, pre, history, meta));
            job.running(1, "trained: " + result);
            return stored;
        }
    }

    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
