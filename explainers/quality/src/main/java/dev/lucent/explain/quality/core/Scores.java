package dev.lucent.explain.quality.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/** The score the faithfulness metrics track: the target class's probability, or a regression output as it is. */
final class Scores {
    private Scores() {
    }

    static double[] of(AuditableModel model, float[] x, int[] sampleShape, int[] targets, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        int n = targets.length;
        int m = x.length / Math.max(1, n);
        double[] out = new double[n];
        for (int start = 0; start < n; start += batchRows) {
            monitor.progress((double) start / n, "scoring rows " + start + " of " + n);
            int end = Math.min(n, start + batchRows);
            float[][] p = model.probabilities(Tensor.of(Arrays.copyOfRange(x, start * m, end * m),
                    Data.batchShape(end - start, sampleShape)));
            for (int i = start; i < end; i++) {
                // a binary logit's unit 0 is the positive class, which probabilities() puts at index 1
                int column = model.outputKind() == OutputKind.BINARY_LOGIT ? 1 : targets[i];
                out[i] = p[i - start][column];
            }
        }
        return out;
    }
}
