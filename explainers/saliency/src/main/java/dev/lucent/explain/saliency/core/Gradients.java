package dev.lucent.explain.saliency.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/** Vanilla gradients (Simonyan et al. 2014): d output[target] / d input, one backward pass per batch. */
public final class Gradients {
    private Gradients() {
    }

    /** The signed gradient of each row's target output, {@code n * m} values row-major like the inputs. */
    public static float[] attribute(AuditableModel model, Tensor inputs, int[] targets, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        int[] shape = inputs.shape();
        int n = shape[0];
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        int m = Data.sampleSize(shape);
        float[] x = inputs.toArray();
        float[] g = new float[n * m];
        for (int start = 0; start < n; start += batchRows) {
            monitor.progress((double) start / n, "gradients of rows " + start + ".." + Math.min(n, start + batchRows));
            int end = Math.min(n, start + batchRows);
            int[] s = shape.clone();
            s[0] = end - start;
            float[] part = model.inputGradient(Tensor.of(Arrays.copyOfRange(x, start * m, end * m), s),
                    Arrays.copyOfRange(targets, start, end)).toArray();
            System.arraycopy(part, 0, g, start * m, part.length);
        }
        monitor.progress(1, "gradients of " + n + " rows");
        return g;
    }
}
