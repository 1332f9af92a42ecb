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
 * a low deletion AUC and a high insertion AUC. All steps of an image go to the model together. Tabular rows
 * ({@link #runTabular}) take features in attribution order instead, a removed feature set to its training mean.
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

    /**
     * Images: a deleted pixel becomes 0 in every channel, insertion starts from a blur of the image (RISE).
     *
     * @param saliency {@code n * h * w} per-pixel saliency
     */
    public static Result run(AuditableModel model, Tensor images, float[] saliency, int[] targets, int steps,
                             GaussianBlur blur, int batchRows, Monitor monitor) throws AuditCancelledException {
        int[] s = images.shape();
        if (s.length != 4) throw new IllegalArgumentException("deletion and insertion need images [n, c, h, w], got rank " + s.length);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        float[] x = images.toArray();
        return curves(model, x, new float[x.length], blur.apply(x, n, c, h, w), n, c, h * w, new int[] {c, h, w}, saliency, targets,
                steps, batchRows, monitor);
    }

    /**
     * Tabular rows: a deleted feature takes its training mean (the usual stand-in for "absent"), insertion starts from
     * every feature at its mean and puts the row's values back, features in attribution order, most positive first.
     *
     * @param means    per feature, what a removed feature is set to
     * @param saliency {@code n * m} per-feature attributions
     */
    public static Result runTabular(AuditableModel model, Tensor rows, float[] means, float[] saliency, int[] targets, int steps,
                                    int batchRows, Monitor monitor) throws AuditCancelledException {
        int[] s = rows.shape();
        if (s.length != 2) throw new IllegalArgumentException("tabular deletion and insertion need rows [n, m], got rank " + s.length);
        int n = s[0], m = s[1];
        if (means.length != m) throw new IllegalArgumentException(means.length + " means for " + m + " features");
        float[] baseline = new float[n * m];
        for (int i = 0; i < n; i++) System.arraycopy(means, 0, baseline, i * m, m);
        return curves(model, rows.toArray(), baseline, baseline, n, 1, m, new int[] {m}, saliency, targets, steps, batchRows, monitor);
    }

    /**
     * The curves of {@code n} samples of {@code c} channels by {@code positions}: position by position in saliency order,
     * deletion sets a position (all its channels) to {@code deleted}, insertion copies the sample into {@code start}.
     */
    private static Result curves(AuditableModel model, float[] x, float[] deleted, float[] start, int n, int c, int positions,
                                 int[] sample, float[] saliency, int[] targets, int steps, int batchRows, Monitor monitor)
            throws AuditCancelledException {
        int hw = positions, m = c * hw;
        if (saliency.length != n * hw) throw new IllegalArgumentException(saliency.length + " saliency values for " + n + " samples of " + hw);
        if (steps < 1) throw new IllegalArgumentException("deletion and insertion need at least 1 step, got " + steps);
        double[] fractions = new double[steps + 1];
        for (int k = 0; k <= steps; k++) fractions[k] = (double) k / steps;
        double[] del = new double[steps + 1], ins = new double[steps + 1];
        double[] rowDel = new double[n], rowIns = new double[n];
        for (int i = 0; i < n; i++) {
            Monitor rowMonitor = monitor.range((double) i / n, (i + 1.0) / n);
            Integer[] order = new Integer[hw];
            for (int p = 0; p < hw; p++) order[p] = p;
            final int row = i;
            // most salient first; ties in position order so the curve is reproducible
            Arrays.sort(order, (a, b) -> {
                int cmp = Float.compare(saliency[row * hw + b], saliency[row * hw + a]);
                return cmp != 0 ? cmp : Integer.compare(a, b);
            });
            float[] batch = new float[2 * (steps + 1) * m];
            for (int k = 0; k <= steps; k++) {
                int count = (int) Math.round((double) k * hw / steps);
                int dBase = k * m, iBase = (steps + 1 + k) * m;
                System.arraycopy(x, i * m, batch, dBase, m);
                System.arraycopy(start, i * m, batch, iBase, m);
                for (int q = 0; q < count; q++) {
                    int p = order[q];
                    for (int ch = 0; ch < c; ch++) {
                        batch[dBase + ch * hw + p] = deleted[i * m + ch * hw + p];
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
        monitor.progress(1, "deletion and insertion of " + n + " samples");
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
