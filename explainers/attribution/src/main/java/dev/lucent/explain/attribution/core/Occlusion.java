package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;

/**
 * Occlusion (Zeiler and Fergus 2014; as Captum's Occlusion): a window x window patch, all channels, slid
 * with the given stride and replaced by the baselines' values there (zeros without baselines); each pixel gets
 * the mean of f(x) - f(occluded) over the windows that cover it (0 where none does, as Captum). All windows of
 * an image go to the model together, within the memory budget. Attributes to pixels: {@code n * h * w} values.
 */
public final class Occlusion implements Attribution {
    private final int window;
    private final int stride;
    private final int batchRows;

    public Occlusion(int window, int stride, int batchRows) {
        if (window < 1) throw new IllegalArgumentException("occlusion window must be at least 1, got " + window);
        if (stride < 1) throw new IllegalArgumentException("occlusion stride must be at least 1, got " + stride);
        this.window = window;
        this.stride = stride;
        this.batchRows = batchRows;
    }

    @Override
    public Attributions attribute(AuditableModel model, Tensor images, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        int[] s = images.shape();
        if (s.length != 4) throw new IllegalArgumentException("occlusion needs images [n, c, h, w], got rank " + s.length);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        if (window < 1 || window > Math.min(h, w))
            throw new IllegalArgumentException("occlusion window must be between 1 and " + Math.min(h, w) + ", got " + window);
        int ny = (h - window) / stride + 1, nx = (w - window) / stride + 1;
        int windows = ny * nx;
        int m = c * h * w;
        float[] x = images.toArray(), b = Data.baselineRows(baselines, images);
        float[] out = new float[n * h * w];
        int[] sample = {c, h, w};
        for (int i = 0; i < n; i++) {
            monitor.progress((double) i / n, "occluding image " + i + " of " + n);
            double fx = Data.selected(model.predict(Tensor.of(java.util.Arrays.copyOfRange(x, i * m, (i + 1) * m), 1, c, h, w)),
                    new int[]{targets[i]})[0];
            double[] sum = new double[h * w];
            int[] count = new int[h * w];
            for (int start = 0; start < windows; start += batchRows) {
                monitor.progress((i + (double) start / windows) / n, "occluding image " + i + " of " + n);
                int end = Math.min(windows, start + batchRows);
                float[] batch = new float[(end - start) * m];
                int[] t = new int[end - start];
                for (int k = start; k < end; k++) {
                    int y0 = (k / nx) * stride, x0 = (k % nx) * stride;
                    int base = (k - start) * m;
                    System.arraycopy(x, i * m, batch, base, m);
                    for (int ch = 0; ch < c; ch++)
                        for (int y = y0; y < y0 + window; y++)
                            for (int xx = x0; xx < x0 + window; xx++) batch[base + ch * h * w + y * w + xx] = b[i * m + ch * h * w + y * w + xx];
                    t[k - start] = targets[i];
                }
                double[] f = Data.selected(model.predict(Tensor.of(batch, Data.batchShape(end - start, sample))), t);
                for (int k = start; k < end; k++) {
                    int y0 = (k / nx) * stride, x0 = (k % nx) * stride;
                    double diff = fx - f[k - start];
                    for (int y = y0; y < y0 + window; y++)
                        for (int xx = x0; xx < x0 + window; xx++) {
                            sum[y * w + xx] += diff;
                            count[y * w + xx]++;
                        }
                }
            }
            for (int p = 0; p < h * w; p++) out[i * h * w + p] = count[p] == 0 ? 0f : (float) (sum[p] / count[p]);
        }
        monitor.progress(1, "occlusion of " + n + " images");
        return Attributions.of(out, window + "x" + window + " window, stride " + stride + "; score drop when the patch takes the baseline's values");
    }
}
