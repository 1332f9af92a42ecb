package dev.lucent.plugin.lime;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;

/**
 * The model output LIME explains: the probability of the class predicted for the original sample (a
 * classifier), or the first output (a regression), evaluated for many perturbed samples in batches.
 */
final class Scores {

    private static final int BATCH = 128;

    private Scores() {
    }

    /** The class predicted for {@code sample} (0 for a regression). */
    static int target(AuditableModel model, float[] sample, int[] sampleShape) {
        if (model.outputKind() == OutputKind.REGRESSION) return 0;
        float[] p = model.probabilities(Tensor.of(sample.clone(), batchShape(1, sampleShape)))[0];
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    static String describe(AuditableModel model, int target, java.util.List<String> classNames) {
        if (model.outputKind() == OutputKind.REGRESSION) return "the prediction";
        String name = target < classNames.size() ? classNames.get(target) : "class " + target;
        return "P(" + name + ")";
    }

    /** {@code samples} holds {@code n} samples back to back; returns the explained output for each. */
    static double[] evaluate(AuditableModel model, float[] samples, int n, int[] sampleShape, int target,
                             Monitor monitor) throws AuditCancelledException {
        int m = samples.length / n;
        double[] y = new double[n];
        for (int start = 0; start < n; start += BATCH) {
            monitor.progress(0.9 * start / n, "LIME: sample " + start + " of " + n);
            int rows = Math.min(BATCH, n - start);
            float[] chunk = new float[rows * m];
            System.arraycopy(samples, start * m, chunk, 0, rows * m);
            float[][] p = model.probabilities(Tensor.of(chunk, batchShape(rows, sampleShape)));
            for (int i = 0; i < rows; i++) y[start + i] = p[i][target];
        }
        return y;
    }

    static int[] batchShape(int n, int[] sampleShape) {
        int[] s = new int[sampleShape.length + 1];
        s[0] = n;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }
}
