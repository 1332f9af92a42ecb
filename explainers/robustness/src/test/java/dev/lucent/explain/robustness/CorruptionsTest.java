package dev.lucent.explain.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each corruption against its definition (Hendrycks and Dietterich's constants, on the data's value range), measured
 * on what it does to the pixels rather than compared with an earlier run.
 */
class CorruptionsTest {

    static final double LO = 0, HI = 16; // a range other than [0, 1]: the constants are stated for [0, 1] and scaled

    /** Images of mid-range values, so clipping to the range never touches the measured statistics. */
    static float[] midGrey(int n, int m) {
        SplittableRandom rng = new SplittableRandom(1);
        float[] x = new float[n * m];
        for (int k = 0; k < x.length; k++) x[k] = (float) (LO + (HI - LO) * (0.4 + 0.2 * rng.nextDouble()));
        return x;
    }

    static Corruptions.Corruption named(List<Corruptions.Corruption> all, String name) {
        return all.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void noiseBrightnessAndContrastFollowTheBenchmarksConstantsOnTheDataRange() {
        List<Corruptions.Corruption> all = Corruptions.images(1, 8, 8, LO, HI);
        int n = 400, m = 64;
        float[] x = midGrey(n, m);
        for (int s = 1; s <= 5; s++) {
            float[] noisy = named(all, "Gaussian noise").apply(x, n, s, new SplittableRandom(s));
            double ss = 0;
            for (int k = 0; k < x.length; k++) ss += Math.pow(noisy[k] - x[k], 2);
            double sd = Math.sqrt(ss / x.length) / (HI - LO);
            assertEquals(Corruptions.NOISE_SD[s - 1], sd, 0.03 * Corruptions.NOISE_SD[s - 1], "noise sd at severity " + s);
            float[] bright = named(all, "brightness").apply(x, n, s, new SplittableRandom(s));
            for (int k = 0; k < x.length; k++) assertEquals(x[k] + Corruptions.BRIGHTNESS[s - 1] * (HI - LO), bright[k], 1e-3);
            float[] flat = named(all, "contrast").apply(x, n, s, new SplittableRandom(s));
            for (int i = 0; i < n; i++) {
                double mean = 0;
                for (int j = 0; j < m; j++) mean += x[i * m + j] / (double) m;
                for (int j = 0; j < m; j++)
                    assertEquals(mean + (x[i * m + j] - mean) * Corruptions.CONTRAST[s - 1], flat[i * m + j], 1e-3);
            }
        }
    }

    @Test
    void occlusionCoversOneSquareAndBlurKeepsTheMeanInside() {
        List<Corruptions.Corruption> all = Corruptions.images(1, 20, 20, LO, HI);
        int n = 10, m = 400;
        float[] x = new float[n * m]; // black images: the patch is the only grey
        for (int s = 1; s <= 5; s++) {
            float[] o = named(all, "occlusion").apply(x, n, s, new SplittableRandom(s));
            int side = (int) Math.round(Corruptions.PATCH_SIDE[s - 1] * 20);
            for (int i = 0; i < n; i++) {
                int grey = 0;
                for (int j = 0; j < m; j++) if (o[i * m + j] == (float) (LO + 0.5 * (HI - LO))) grey++;
                assertEquals(side * side, grey, "severity " + s + ", image " + i);
            }
        }
        float[] y = midGrey(1, m);
        float[] b = named(all, "Gaussian blur").apply(y, 1, 5, new SplittableRandom(1));
        // a normalised kernel keeps the mean of an interior pixel's neighbourhood: the centre 10x10 average barely moves
        double before = 0, after = 0;
        for (int r = 5; r < 15; r++)
            for (int c = 5; c < 15; c++) {
                before += y[r * 20 + c];
                after += b[r * 20 + c];
            }
        assertEquals(before / 100, after / 100, 0.15);
    }

    @Test
    void fogBrightensWithinTheRangeMoreAtHigherSeverity() {
        List<Corruptions.Corruption> all = Corruptions.images(1, 28, 28, LO, HI);
        float[] x = midGrey(20, 784);
        double last = -1;
        for (int s = 1; s <= 5; s++) {
            float[] f = named(all, "fog").apply(x, 20, s, new SplittableRandom(s));
            double change = 0;
            for (int k = 0; k < x.length; k++) {
                assertTrue(f[k] >= LO && f[k] <= HI);
                change += Math.abs(f[k] - x[k]);
            }
            assertTrue(change > last, "severity " + s + " changes more than " + (s - 1));
            last = change;
        }
    }

    /** Missing cells are the share asked and hold the value the pipeline fills them with (the training mean). */
    @Test
    void missingValuesAreFilledAsThePipelineFillsThem() {
        double[] sd = {1, 2, 3};
        float[] fill = {0.5f, -1f, 7f};
        Corruptions.Corruption missing = Corruptions.tabular(sd, fill).get(1);
        int n = 4000;
        float[] x = new float[n * 3];
        java.util.Arrays.fill(x, 100f);
        for (int s = 1; s <= 5; s++) {
            float[] out = missing.apply(x, n, s, new SplittableRandom(s));
            int filled = 0;
            for (int k = 0; k < out.length; k++)
                if (out[k] != 100f) {
                    assertEquals(fill[k % 3], out[k]);
                    filled++;
                }
            assertEquals(Corruptions.MISSING_SHARE[s - 1], filled / (double) out.length, 0.02, "severity " + s);
        }
    }
}
