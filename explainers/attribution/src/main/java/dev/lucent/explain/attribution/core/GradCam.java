package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * Grad-CAM (Selvaraju et al. 2017): channel weights alpha_c = spatial mean of d score / d A_c on a
 * convolutional layer's activations A, map = ReLU(sum_c alpha_c A_c), resized bilinearly to the input
 * (half-pixel centres, as PyTorch's interpolate with align_corners=False).
 */
public final class GradCam implements Attribution {
    private final String layer;
    private final int batchRows;

    public GradCam(String layer, int batchRows) {
        this.layer = layer;
        this.batchRows = batchRows;
    }

    /** Thrown when the named layer's activations are not {@code [n, channels, height, width]}. */
    public static final class NotConvolutional extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotConvolutional(String message) {
            super(message);
        }
    }

    /**
     * @param maps      {@code n * h * w} maps at the input's resolution
     * @param layerMaps {@code n * lh * lw} maps at the layer's resolution
     */
    public record Result(float[] maps, float[] layerMaps, int layerHeight, int layerWidth) {
    }

    /** True when the layer's activations for one sample are four-dimensional (a convolutional feature map). */
    public static boolean isConvolutional(AuditableModel model, String layer, Tensor oneSample) {
        return model.traceLayer(layer, oneSample, new int[oneSample.shape()[0]]).activations().shape().length == 4;
    }

    /** Per-pixel maps at the input's resolution, {@code n * h * w} ({@code baselines} are not used). */
    @Override
    public Attributions attribute(AuditableModel model, Tensor images, Tensor baselines, int[] targets, Monitor monitor)
            throws AuditCancelledException {
        Result r = maps(model, images, targets, monitor);
        int[] s = images.shape();
        return Attributions.of(r.maps(), "layer " + layer + " (" + r.layerHeight() + "x" + r.layerWidth()
                + "), resized bilinearly to " + s[2] + "x" + s[3]);
    }

    public Result maps(AuditableModel model, Tensor images, int[] targets, Monitor monitor) throws AuditCancelledException {
        int[] s = images.shape();
        if (s.length != 4) throw new IllegalArgumentException("Grad-CAM needs images [n, c, h, w], got rank " + s.length);
        int n = s[0], h = s[2], w = s[3];
        int m = Data.sampleSize(s);
        float[] x = images.toArray();
        float[] maps = new float[n * h * w];
        float[] layerMaps = null;
        int lh = 0, lw = 0;
        for (int start = 0; start < n; start += batchRows) {
            monitor.progress((double) start / n, "Grad-CAM rows " + start + ".." + Math.min(n, start + batchRows));
            int end = Math.min(n, start + batchRows);
            LayerTrace trace = model.traceLayer(layer, Tensor.of(Arrays.copyOfRange(x, start * m, end * m),
                    Data.batchShape(end - start, new int[]{s[1], h, w})), Arrays.copyOfRange(targets, start, end));
            int[] as = trace.activations().shape();
            if (as.length != 4)
                throw new NotConvolutional("layer " + layer + " of " + model.name() + " is not convolutional: its activations have shape "
                        + Arrays.toString(as) + ", Grad-CAM needs [n, channels, height, width]");
            int ch = as[1];
            lh = as[2];
            lw = as[3];
            if (layerMaps == null) layerMaps = new float[n * lh * lw];
            float[] a = trace.activations().toArray(), g = trace.gradients().toArray();
            int plane = lh * lw;
            for (int r = 0; r < end - start; r++) {
                double[] cam = new double[plane];
                for (int c = 0; c < ch; c++) {
                    int base = (r * ch + c) * plane;
                    double alpha = 0;
                    for (int p = 0; p < plane; p++) alpha += g[base + p];
                    alpha /= plane;
                    for (int p = 0; p < plane; p++) cam[p] += alpha * a[base + p];
                }
                int i = start + r;
                for (int p = 0; p < plane; p++) layerMaps[i * plane + p] = (float) Math.max(0, cam[p]);
                float[] up = resize(Arrays.copyOfRange(layerMaps, i * plane, (i + 1) * plane), lh, lw, h, w);
                System.arraycopy(up, 0, maps, i * h * w, h * w);
            }
        }
        monitor.progress(1, "Grad-CAM of " + n + " images");
        return new Result(maps, layerMaps, lh, lw);
    }

    /** Bilinear resize with half-pixel centres and edge clamping (align_corners=False). */
    static float[] resize(float[] src, int sh, int sw, int dh, int dw) {
        if (sh == dh && sw == dw) return src.clone();
        float[] out = new float[dh * dw];
        for (int y = 0; y < dh; y++) {
            double sy = Math.max(0, (y + 0.5) * sh / dh - 0.5);
            int y0 = Math.min((int) Math.floor(sy), sh - 1), y1 = Math.min(y0 + 1, sh - 1);
            double fy = sy - y0;
            for (int x = 0; x < dw; x++) {
                double sx = Math.max(0, (x + 0.5) * sw / dw - 0.5);
                int x0 = Math.min((int) Math.floor(sx), sw - 1), x1 = Math.min(x0 + 1, sw - 1);
                double fx = sx - x0;
                double v = (1 - fy) * ((1 - fx) * src[y0 * sw + x0] + fx * src[y0 * sw + x1])
                        + fy * ((1 - fx) * src[y1 * sw + x0] + fx * src[y1 * sw + x1]);
                out[y * dw + x] = (float) v;
            }
        }
        return out;
    }
}
