package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.DataSplit;
import java.util.Arrays;
import java.util.Locale;

/** Model outputs over a split in bounded batches, with cancellation checks between batches. */
final class Outputs {
    private Outputs() {
    }

    static final int BATCH = 256;

    /** Probabilities (classification) or raw outputs (regression), one row per sample. */
    static double[][] of(AuditContext context, AuditableModel model, DataSplit split) throws AuditCancelledException {
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
            float[][] p = model.probabilities(Tensor.of(Arrays.copyOfRange(all, start * width, (start + rows) * width), shape));
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
        double[][] p = of(context, model, split);
        return isClassifier(context) ? PerRowLoss.crossEntropy(p, split.labels()) : PerRowLoss.squaredError(p, split.targets());
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
