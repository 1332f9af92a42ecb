package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import java.util.Arrays;
import java.util.Locale;

/** Model outputs over a split in bounded batches, with cancellation checks between batches. */
final class Outputs {
    private Outputs() {
    }

    static final int BATCH = 256;

    /** Probabilities (classification) or raw outputs (regression), one row per sample. */
    static double[][] of(AuditContext context, AuditableModel model, DataSplit split) throws AuditCancelledException {
        return batched(context, split, model::probabilities);
    }

    /** The raw outputs (logits for classifiers), one row per sample, in double. */
    static double[][] raw(AuditContext context, AuditableModel model, DataSplit split) throws AuditCancelledException {
        return batched(context, split, batch -> {
            Tensor out = model.predict(batch);
            int n = out.shape()[0], k = out.size() / Math.max(1, n);
            float[] v = out.toArray();
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) rows[i] = Arrays.copyOfRange(v, i * k, (i + 1) * k);
            return rows;
        });
    }

    private static double[][] batched(AuditContext context, DataSplit split, java.util.function.Function<Tensor, float[][]> outputs)
            throws AuditCancelledException {
        float[] all = split.features().toArray();
        int n = split.rows();
        int width = n == 0 ? 0 : all.length / n;
        int[] dims = split.features().shape();
        double[][] out = new double[n][];
        for (int start = 0; start < n; start += BATCH) {
            context.checkCancelled();
            int rows = Math.min(BATCH, n - start);
            int[] shape = dims.clone();
            shape[0] = rows;
            float[][] p = outputs.apply(Tensor.of(Arrays.copyOfRange(all, start * width, (start + rows) * width), shape));
            for (int i = 0; i < rows; i++) {
                out[start + i] = new double[p[i].length];
                for (int j = 0; j < p[i].length; j++) out[start + i][j] = p[i][j];
            }
        }
        return out;
    }

    static boolean isClassifier(AuditContext context) {
        return context.model().outputKind() != OutputKind.REGRESSION && context.schema().isClassification();
    }

    /** Per-row losses of the model on a split (see {@link PerRowLoss}). */
    static double[] losses(AuditContext context, AuditableModel model, DataSplit split) throws AuditCancelledException {
        double[][] z = raw(context, model, split);
        return isClassifier(context) ? PerRowLoss.crossEntropy(z, split.labels(), binary(model))
                : PerRowLoss.squaredError(z, split.targets());
    }

    /** Whether the model's one raw output is the logit of class 1. */
    static boolean binary(AuditableModel model) {
        return model.outputKind() == OutputKind.BINARY_LOGIT;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
