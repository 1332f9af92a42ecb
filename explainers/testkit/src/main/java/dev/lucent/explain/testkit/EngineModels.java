package dev.lucent.explain.testkit;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Flatten;
import dev.lucent.network.api.training.Init;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Pool2d;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.DataSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Models trained with the real engine (core-network) on the 8x8 digits: the first 1500 rows train, the
 * remaining 297 are held out. Trained once per test JVM.
 */
public final class EngineModels {
    public static final int TRAIN_ROWS = 1500;
    private static Model mlp, cnn;
    private static Datasets.Labelled digits;

    private EngineModels() {
    }

    public static synchronized Datasets.Labelled digits() {
        if (digits == null) {
            try {
                digits = Datasets.digits();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return digits;
    }

    /** Held-out rows [from, from + n) of the digits, as images {@code [n, 1, 8, 8]} or flat {@code [n, 64]}. */
    public static Tensor heldOut(int n, boolean image) {
        Datasets.Labelled d = digits();
        float[] x = Arrays.copyOfRange(d.x(), TRAIN_ROWS * 64, (TRAIN_ROWS + n) * 64);
        return image ? Tensor.of(x, n, 1, 8, 8) : Tensor.of(x, n, 64);
    }

    public static int[] heldOutLabels(int n) {
        return Arrays.copyOfRange(digits().y(), TRAIN_ROWS, TRAIN_ROWS + n);
    }

    private static DataSplit train(boolean image) {
        Datasets.Labelled d = digits();
        float[] x = Arrays.copyOf(d.x(), TRAIN_ROWS * 64);
        Tensor t = image ? Tensor.of(x, TRAIN_ROWS, 1, 8, 8) : Tensor.of(x, TRAIN_ROWS, 64);
        return new DataSplit("train", t, Arrays.copyOf(d.y(), TRAIN_ROWS), null);
    }

    private static TrainingConfig config() {
        return TrainingConfig.builder(Loss.CROSS_ENTROPY).learningRate(0.01f).epochs(8).batchSize(32).seed(5).build();
    }

    /** 64 - 32 ReLU - 10. */
    public static synchronized Model digitsMlp() {
        if (mlp == null) {
            mlp = Sequential.of("digits MLP", OutputKind.CLASS_LOGITS, 11, new int[]{64},
                    new Linear(64, 32), Activation.relu(), new Linear(32, 10));
            Trainer.fit(mlp, train(false), null, config());
        }
        return mlp;
    }

    /** conv 3x3 (8 maps, same padding) - ReLU - max-pool 2 - flatten - dense 10. */
    public static synchronized Model digitsCnn() {
        if (cnn == null) {
            cnn = Sequential.of("digits CNN", OutputKind.CLASS_LOGITS, 12, new int[]{1, 8, 8},
                    new Conv2d(1, 8, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0L), Activation.relu(), Pool2d.max(2, 2),
                    new Flatten(), new Linear(8 * 4 * 4, 10));
            Trainer.fit(cnn, train(true), null, config());
        }
        return cnn;
    }

    private static Model cancer;

    /** Breast cancer, rows 0..449 for training (standardised), 30 - 32 ReLU - 1 binary logit. */
    public static synchronized Model breastCancerMlp() {
        if (cancer == null) {
            Datasets.Labelled d = breastCancer();
            cancer = Sequential.of("breast cancer MLP", OutputKind.BINARY_LOGIT, 7, new int[]{30},
                    new Linear(30, 32), Activation.relu(), new Linear(32, 1));
            Trainer.fit(cancer, new DataSplit("train", Tensor.of(Arrays.copyOf(d.x(), 450 * 30), 450, 30),
                    Arrays.copyOf(d.y(), 450), null), null, TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY)
                    .learningRate(1e-3f).epochs(30).batchSize(16).seed(1).build());
        }
        return cancer;
    }

    public static Datasets.Labelled breastCancer() {
        try {
            return Datasets.breastCancer(450);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accuracy on the held-out rows. */
    public static double heldOutAccuracy(Model model, boolean image) {
        int n = digits().rows() - TRAIN_ROWS;
        float[] out = model.predict(heldOut(n, image)).toArray();
        int[] y = heldOutLabels(n);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < 10; k++) if (out[i * 10 + k] > out[i * 10 + best]) best = k;
            if (best == y[i]) correct++;
        }
        return (double) correct / n;
    }
}
