package dev.lucent.explain.saliency.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * Vanilla gradients (Simonyan et al. 2014; Captum's Saliency without abs): d output[target] / d input, one
 * backward pass per batch of {@code batchRows} rows. Needs no baseline.
 */
public final class Gradients implements Attribution {
    private final int batchRows;

    public Gradients(int batchRows) {
        if (batchRows < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchRows);
        this.batchRows = batchRows;
    }

    @Override
    public Attributions attribute(AuditableModel model, Tensor inputs, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        return Attributions.of(of(model, inputs, targets, monitor),
                "signed gradients per row; the summary is their magnitude: how sensitive, not in which direction");
    }

    /** The signed gradient of each row's target output, {@code n * m} values row-major like the inputs. */
    float[] of(AuditableModel model, Tensor inputs, int[] targets, Monitor monitor) throws AuditCancelledException {
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
