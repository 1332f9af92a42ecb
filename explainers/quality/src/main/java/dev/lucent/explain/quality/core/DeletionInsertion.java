package dev.lucent.explain.quality.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.GaussianBlur;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * Deletion and insertion curves (Petsiuk et al. 2018, RISE): pixels are taken in order of decreasing
 * saliency; deletion sets them to zero in the original image, insertion copies them from the original
 * into a blurred copy (kernel 11, sigma 5). The curves track the target class's probability against the
 * fraction of pixels changed; the areas under them (trapezoid rule) are the metrics: a faithful map gives
 * a low deletion AUC and a high insertion AUC. All steps of an image go to the model together.
 */
public final class DeletionInsertion {
    private DeletionInsertion() {
    }

    /**
     * @param fractions fractions of pixels changed, 0 to 1
     * @param deletion  mean probability over the images at each fraction
     * @param rowDeletionAuc per image
     */
    public record Result(double[] fractions, double[] deletion, double[] insertion, double deletionAuc,
                         double insertionAuc, double[] rowDeletionAuc, double[] rowInsertionAuc) {
    }

    /** @param saliency {@code n * h * w} per-pixel saliency */
    public static Result run(AuditableModel model, Tensor images, float[] saliency, int[] targets, int steps,
                             GaussianBlur blur, int batchRows, Monitor monitor) throws AuditCancelledException {
        int[] s = images.shape();
        if (s.length != 4) throw new IllegalArgumentException("deletion and insertion need images [n, c, h, w], got rank " + s.length);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        int hw = h * w, m = c * hw;
        if (saliency.length != n * hw) throw new IllegalArgumentException(saliency.length + " saliency values for " + n + " images of " + h + "x" + w);
        if (steps < 1) throw new IllegalArgumentException("deletion and insertion need at least 1 step, got " + steps);
        float[] x = images.toArray();
        float[] blurred = blur.apply(x, n, c, h, w);
        double[] fractions = new double[steps + 1];
        for (int k = 0; k <= steps; k++) fractions[k] = (double) k / steps;
        double[] del = new double[steps + 1], ins = new double[steps + 1];
        double[] rowDel = new double[n], rowIns = new double[n];
        int[] sample = {c, h, w};
        for (int i = 0; i < n; i++) {
            Monitor rowMonitor = monitor.range((double) i / n, (i + 1.0) / n);
            Integer[] order = new Integer[hw];
            for (int p = 0; p < hw; p++) order[p] = p;
            final int row = i;
            // most salient first; ties in pixel order so the curve is reproducible
            Arrays.sort(order, (a, b) -> {
                int cmp = Float.compare(saliency[row * hw + b], saliency[row * hw + a]);
                return cmp != 0 ? cmp : Integer.compare(a, b);
            });
            float[] batch = new float[2 * (steps + 1) * m];
            for (int k = 0; k <= steps; k++) {
                int count = (int) Math.round((double) k * hw / steps);
                int dBase = k * m, iBase = (steps + 1 + k) * m;
                System.arraycopy(x, i * m, batch, dBase, m);
                System.arraycopy(blurred, i * m, batch, iBase, m);
                for (int q = 0; q < count; q++) {
                    int p = order[q];
                    for (int ch = 0; ch < c; ch++) {
                        batch[dBase + ch * hw + p] = 0;
                        batch[iBase + ch * hw + p] = x[i * m + ch * hw + p];
                    }
                }
            }
            int[] t = new int[2 * (steps + 1)];
            Arrays.fill(t, targets[i]);
            double[] scores = Scores.of(model, batch, sample, t, batchRows, rowMonitor);
            double[] d = Arrays.copyOfRange(scores, 0, steps + 1), in = Arrays.copyOfRange(scores, steps + 1, 2 * (steps + 1));
            rowDel[i] = auc(d);
            rowIns[i] = auc(in);
            for (int k = 0; k <= steps; k++) {
                del[k] += d[k] / n;
                ins[k] += in[k] / n;
            }
        }
        monitor.progress(1, "deletion and insertion of " + n + " images");
        return new Result(fractions, del, ins, auc(del), auc(ins), rowDel, rowIns);
    }

    /** Trapezoid rule over equally spaced points on [0, 1], as RISE's auc(). */
    public static double auc(double[] y) {
        if (y.length == 1) return y[0];
        double s = 0;
        for (int k = 0; k < y.length; k++) s += y[k];
        s -= (y[0] + y[y.length - 1]) / 2;
        return s / (y.length - 1);
    }
}
