package dev.lucent.plugin.lime;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.AuditableModel;
import java.util.SplittableRandom;

/**
 * LIME for one image: the image is cut into a regular grid of superpixels; each sample switches a random
 * half of them off (filled with the image's mean per channel); the kernel is exponential on the cosine
 * distance to the full image; a weighted ridge fit on the on/off pattern, top-K superpixels refitted alone.
 */
final class ImageLime {

    /** @param pixelWeights each pixel carries its superpixel's coefficient ({@code height * width}) */
    record Explanation(int target, double[] pixelWeights, double r2, int superpixels, int kept, int cell) {
    }

    private ImageLime() {
    }

    /** @param image {@code channels * height * width} values */
    static Explanation explain(AuditableModel model, float[] image, int target, int channels, int height, int width,
                               Settings s, long seed, Monitor monitor) throws AuditCancelledException {
        int side = Math.max(1, Math.min(s.gridSide(), Math.min(height, width)));
        int cell = (Math.max(height, width) + side - 1) / side;
        int rowsOfCells = (height + cell - 1) / cell;
        int colsOfCells = (width + cell - 1) / cell;
        int segments = rowsOfCells * colsOfCells;
        int[] segmentOf = new int[height * width];
        for (int r = 0; r < height; r++)
            for (int c = 0; c < width; c++) segmentOf[r * width + c] = (r / cell) * colsOfCells + c / cell;
        double[] fill = new double[channels];
        int plane = height * width;
        for (int ch = 0; ch < channels; ch++) {
            double sum = 0;
            for (int p = 0; p < plane; p++) sum += image[ch * plane + p];
            fill[ch] = sum / plane;
        }
        int[] shape = {channels, height, width};
        int n = s.imageSamples();
        SplittableRandom random = new SplittableRandom(seed);
        double[][] on = new double[n][segments];
        float[] samples = new float[n * image.length];
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < segments; g++) on[i][g] = i == 0 || random.nextBoolean() ? 1 : 0;
            int base = i * image.length;
            for (int ch = 0; ch < channels; ch++)
                for (int p = 0; p < plane; p++) {
                    int at = ch * plane + p;
                    samples[base + at] = on[i][segmentOf[p]] == 1 ? image[at] : (float) fill[ch];
                }
        }
        double[] y = Scores.evaluate(model, samples, n, shape, target, monitor);
        double kernel = s.kernelWidth() > 0 ? s.kernelWidth() : 0.25;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double ones = 0;
            for (double v : on[i]) ones += v;
            // cosine distance between the on/off pattern and the all-on pattern
            double distance = ones == 0 ? 1 : 1 - ones / (Math.sqrt(ones) * Math.sqrt(segments));
            w[i] = Math.sqrt(Math.exp(-distance * distance / (kernel * kernel)));
        }
        monitor.progress(0.9, "fitting the local surrogate");
        int[] all = new int[segments];
        for (int g = 0; g < segments; g++) all[g] = g;
        WeightedRidge.Fit first = WeightedRidge.fit(on, y, w, all, s.ridge());
        int[] kept = WeightedRidge.topK(first.coefficients(), s.topK());
        WeightedRidge.Fit fit = kept.length == segments ? first : WeightedRidge.fit(on, y, w, kept, s.ridge());
        double[] pixels = new double[plane];
        for (int p = 0; p < plane; p++) pixels[p] = fit.coefficients()[segmentOf[p]];
        return new Explanation(target, pixels, fit.r2(), segments, kept.length, cell);
    }
}
