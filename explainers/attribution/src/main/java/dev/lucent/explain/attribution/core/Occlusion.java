package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Monitor;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.Tensor;

/**
 * Occlusion (Zeiler and Fergus 2014; as Captum's Occlusion): a window x window patch, all channels, slid
 * with the given stride and replaced by a baseline value; each pixel gets the mean of f(x) - f(occluded)
 * over the windows that cover it (0 where none does, as Captum). All windows of an image go to the model
 * together, within the memory budget.
 */
public final class Occlusion {
    private Occlusion() {
    }

    /** Per-pixel attributions, {@code n * h * w}. */
    public static float[] attribute(AuditableModel model, Tensor images, int[] targets, int window, int stride,
                                    float baselineValue, int batchRows, Monitor monitor) throws AuditCancelledException {
        int[] s = images.shape();
        if (s.length != 4) throw new IllegalArgumentException("occlusion needs images [n, c, h, w], got rank " + s.length);
        int n = s[0], c = s[1], h = s[2], w = s[3];
        if (window < 1 || window > Math.min(h, w))
            throw new IllegalArgumentException("occlusion window must be between 1 and " + Math.min(h, w) + ", got " + window);
        if (stride < 1) throw new IllegalArgumentException("occlusion stride must be at least 1, got " + stride);
        int ny = (h - window) / stride + 1, nx = (w - window) / stride + 1;
        int windows = ny * nx;
        int m = c * h * w;
        float[] x = images.toArray();
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
                            for (int xx = x0; xx < x0 + window; xx++) batch[base + ch * h * w + y * w + xx] = baselineValue;
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
        return out;
    }
}
