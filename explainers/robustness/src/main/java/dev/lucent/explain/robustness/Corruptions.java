package dev.lucent.explain.robustness;

import dev.lucent.explain.support.GaussianBlur;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The corruptions, each at five severities, as kernels over flat rows: no model, no audit, so each can be checked on
 * its own. Image severities are Hendrycks and Dietterich's (ICLR 2019, "Benchmarking neural network robustness to common
 * corruptions and perturbations", {@code make_cifar_c.py}: the CIFAR-10-C constants, since audited images are small),
 * stated for pixels in [0, 1] and applied to the data's own value range {@code [lo, hi]}: a pixel is mapped to [0, 1],
 * corrupted, clipped to [0, 1] and mapped back. Tabular severities are ours: noise as a fraction of each feature's
 * standard deviation, and a share of cells made missing and filled as the pipeline fills them.
 */
final class Corruptions {

    private Corruptions() {
    }

    /** One corruption of {@code n} rows laid out flat; {@code severity} 1 to 5. */
    interface Corruption {
        String name();

        /** What severity {@code s} means, in words: "noise sd 0.08 of the value range". */
        String meaning(int severity);

        float[] apply(float[] rows, int n, int severity, SplittableRandom rng);
    }

    static final int SEVERITIES = 5;

    // Hendrycks & Dietterich 2019, make_cifar_c.py, for pixels in [0, 1]
    static final double[] NOISE_SD = {0.04, 0.06, 0.08, 0.09, 0.10};
    static final double[] BLUR_SIGMA = {0.4, 0.6, 0.7, 0.8, 1.0};
    static final double[] BRIGHTNESS = {0.05, 0.1, 0.15, 0.2, 0.3};
    static final double[] CONTRAST = {0.75, 0.5, 0.4, 0.3, 0.15};
    static final double[][] FOG = {{0.2, 3}, {0.5, 3}, {0.75, 2.5}, {1, 2}, {1.5, 1.75}};
    /** Occlusion (Cutout, DeVries and Taylor 2017, not in the benchmark): the side of one square patch, as a share of the image side. */
    static final double[] PATCH_SIDE = {0.1, 0.2, 0.3, 0.4, 0.5};

    /** Tabular: noise sd as a share of each feature's standard deviation, and the share of cells made missing. */
    static final double[] TABULAR_NOISE = {0.1, 0.2, 0.3, 0.5, 1.0};
    static final double[] MISSING_SHARE = {0.05, 0.1, 0.2, 0.3, 0.5};

    /** The image corruptions for images of {@code c x h x w} with values in {@code [lo, hi]}. */
    static List<Corruption> images(int c, int h, int w, double lo, double hi) {
        Pixels px = new Pixels(c, h, w, lo, hi);
        return List.of(
                px.corruption("Gaussian noise", s -> "noise sd " + NOISE_SD[s - 1] + " of the value range", (u, s, rng) -> {
                    for (int i = 0; i < u.length; i++) u[i] += (float) (NOISE_SD[s - 1] * rng.nextGaussian());
                }),
                px.corruption("Gaussian blur", s -> "blur sigma " + BLUR_SIGMA[s - 1] + " pixels", (u, s, rng) -> {
                    int k = 2 * (int) Math.ceil(3 * BLUR_SIGMA[s - 1]) + 1;
                    System.arraycopy(new GaussianBlur(k, BLUR_SIGMA[s - 1]).apply(u, u.length / (c * h * w), c, h, w), 0, u, 0, u.length);
                }),
                px.corruption("brightness", s -> "+" + BRIGHTNESS[s - 1] + " of the value range", (u, s, rng) -> {
                    for (int i = 0; i < u.length; i++) u[i] += (float) BRIGHTNESS[s - 1];
                }),
                px.corruption("contrast", s -> "contrast x " + CONTRAST[s - 1] + " about each image's mean", (u, s, rng) -> {
                    int m = c * h * w;
                    for (int r = 0; r < u.length / m; r++) {
                        double mean = 0;
                        for (int i = 0; i < m; i++) mean += u[r * m + i];
                        mean /= m;
                        for (int i = 0; i < m; i++) u[r * m + i] = (float) ((u[r * m + i] - mean) * CONTRAST[s - 1] + mean);
                    }
                }),
                px.corruption("occlusion", s -> "a grey square of side " + PATCH_SIDE[s - 1] + " of the image", (u, s, rng) -> {
                    int m = c * h * w;
                    int side = Math.max(1, (int) Math.round(PATCH_SIDE[s - 1] * Math.min(h, w)));
                    for (int r = 0; r < u.length / m; r++) {
                        int y0 = rng.nextInt(h - side + 1), x0 = rng.nextInt(w - side + 1);
                        for (int ch = 0; ch < c; ch++)
                            for (int y = y0; y < y0 + side; y++)
                                for (int x = x0; x < x0 + side; x++) u[r * m + ch * h * w + y * w + x] = 0.5f;
                    }
                }),
                px.corruption("fog", s -> "haze strength " + FOG[s - 1][0] + ", roughness decay " + FOG[s - 1][1], (u, s, rng) -> {
                    int m = c * h * w;
                    for (int r = 0; r < u.length / m; r++) {
                        double[] plasma = plasma(Math.max(h, w), FOG[s - 1][1], rng);
                        int size = (int) Math.round(Math.sqrt(plasma.length));
                        double max = 0;
                        for (int i = 0; i < m; i++) max = Math.max(max, u[r * m + i]);
                        for (int ch = 0; ch < c; ch++)
                            for (int y = 0; y < h; y++)
                                for (int x = 0; x < w; x++) {
                                    int i = r * m + ch * h * w + y * w + x;
                                    // x + c0 * plasma, then x * max / (max + c0), as make_cifar_c.py's fog
                                    u[i] = (float) ((u[i] + FOG[s - 1][0] * plasma[y * size + x]) * max / (max + FOG[s - 1][0]));
                                }
                    }
                }));
    }

    /** The tabular corruptions, given each feature's standard deviation and the value the pipeline fills a missing cell with. */
    static List<Corruption> tabular(double[] sd, float[] fill) {
        int m = sd.length;
        Corruption noise = new Named("Gaussian noise", s -> "noise sd " + TABULAR_NOISE[s - 1] + " x each feature's sd", (x, n, s, rng) -> {
            float[] out = x.clone();
            for (int i = 0; i < out.length; i++) out[i] += (float) (TABULAR_NOISE[s - 1] * sd[i % m] * rng.nextGaussian());
            return out;
        });
        Corruption missing = new Named("missing values", s -> Math.round(100 * MISSING_SHARE[s - 1]) + "% of cells missing, filled with the training mean",
                (x, n, s, rng) -> {
                    float[] out = x.clone();
                    for (int i = 0; i < out.length; i++) if (rng.nextDouble() < MISSING_SHARE[s - 1]) out[i] = fill[i % m];
                    return out;
                });
        return List.of(noise, missing);
    }

    interface Kernel {
        float[] apply(float[] rows, int n, int severity, SplittableRandom rng);
    }

    interface InPlace {
        void apply(float[] unitRows, int severity, SplittableRandom rng);
    }

    interface Meaning {
        String of(int severity);
    }

    record Named(String name, Meaning words, Kernel kernel) implements Corruption {
        @Override
        public String meaning(int severity) {
            return words.of(severity);
        }

        @Override
        public float[] apply(float[] rows, int n, int severity, SplittableRandom rng) {
            if (severity < 1 || severity > SEVERITIES) throw new IllegalArgumentException("severity runs from 1 to 5, got " + severity);
            return kernel.apply(rows, n, severity, rng);
        }
    }

    /** Images in the data's range {@code [lo, hi]}, corrupted on the unit scale the benchmark's constants are stated in. */
    record Pixels(int c, int h, int w, double lo, double hi) {
        Corruption corruption(String name, Meaning words, InPlace onUnitScale) {
            double range = hi > lo ? hi - lo : 1;
            return new Named(name, words, (rows, n, s, rng) -> {
                float[] u = new float[rows.length];
                for (int i = 0; i < u.length; i++) u[i] = (float) ((rows[i] - lo) / range);
                onUnitScale.apply(u, s, rng);
                float[] out = new float[u.length];
                for (int i = 0; i < u.length; i++) out[i] = (float) (lo + range * Math.min(1, Math.max(0, u[i])));
                return out;
            });
        }
    }

    /**
     * A plasma fractal (diamond-square) on a square of side the least power of two at least {@code side}, scaled to
     * [0, 1]: make_cifar_c.py's {@code plasma_fractal(wibbledecay)}, whose random offsets shrink by that factor per level.
     */
    static double[] plasma(int side, double decay, SplittableRandom rng) {
        int size = 1;
        while (size < side) size <<= 1;
        double[] map = new double[size * size];
        double wibble = 100;
        for (int step = size; step >= 2; step /= 2) {
            int half = step / 2;
            // squares: each centre is the mean of its four corners (wrapping) plus noise
            for (int y = 0; y < size; y += step)
                for (int x = 0; x < size; x += step) {
                    double mean = (at(map, size, y, x) + at(map, size, y, x + step) + at(map, size, y + step, x)
                            + at(map, size, y + step, x + step)) / 4;
                    map[(y + half) % size * size + (x + half) % size] = mean + wibble * (rng.nextDouble() * 2 - 1);
                }
            // diamonds: each edge midpoint is the mean of its four neighbours plus noise
            for (int y = 0; y < size; y += half)
                for (int x = (y / half % 2 == 0) ? half : 0; x < size; x += step) {
                    double mean = (at(map, size, y - half, x) + at(map, size, y + half, x) + at(map, size, y, x - half)
                            + at(map, size, y, x + half)) / 4;
                    map[y * size + x] = mean + wibble * (rng.nextDouble() * 2 - 1);
                }
            wibble /= decay;
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : map) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (int i = 0; i < map.length; i++) map[i] = hi > lo ? (map[i] - lo) / (hi - lo) : 0;
        return map;
    }

    private static double at(double[] map, int size, int y, int x) {
        return map[Math.floorMod(y, size) * size + Math.floorMod(x, size)];
    }
}
