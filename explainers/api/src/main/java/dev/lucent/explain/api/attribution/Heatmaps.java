package dev.lucent.explain.api.attribution;

import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Stage;

/** Turning per-value attributions of {@code [channels, height, width]} samples into heatmaps. */
public final class Heatmaps {
    private Heatmaps() {
    }

    /** Sums the channels of sample {@code row} of a flat {@code [n, c, h, w]} array into {@code h * w} values. */
    public static double[] channelSum(float[] values, int row, int[] sampleShape) {
        int c = sampleShape[0], h = sampleShape[1], w = sampleShape[2];
        int hw = h * w;
        double[] out = new double[hw];
        int base = row * c * hw;
        for (int ch = 0; ch < c; ch++)
            for (int p = 0; p < hw; p++) out[p] += values[base + ch * hw + p];
        return out;
    }

    /** The grey image of sample {@code row}: the mean over channels. */
    public static double[] grey(float[] images, int row, int[] sampleShape) {
        double[] s = channelSum(images, row, sampleShape);
        for (int p = 0; p < s.length; p++) s[p] /= sampleShape[0];
        return s;
    }

    public static ImageHeatmap of(String title, Stage stage, String subject, double[] values, float[] images, int row,
                                  int[] sampleShape, String note) {
        return new ImageHeatmap(title, stage, subject, sampleShape[1], sampleShape[2], values,
                grey(images, row, sampleShape), note);
    }
}
