package dev.lucent.network.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inference max pool over 2-d planes against the definition, computed here position by position. */
class MaxPool2dTest {

    /** max over the window's inside positions of each output, straight from the geometry. */
    private static float[] definition(float[] x, int planes, int h, int w, int[] k, int[] s, int[] pb, int[] d, int oh, int ow) {
        float[] y = new float[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < k[0]; i++)
                        for (int j = 0; j < k[1]; j++) {
                            int ih = r * s[0] - pb[0] + i * d[0], iw = q * s[1] - pb[1] + j * d[1];
                            if (ih >= 0 && ih < h && iw >= 0 && iw < w) m = Math.max(m, x[(pl * h + ih) * w + iw]);
                        }
                    y[(pl * oh + r) * ow + q] = m;
                }
        return y;
    }

    @Test
    void everyGeometryMatchesTheDefinition() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] cases = { // h, w, kh, kw, sh, sw, ph, pw, pe_h, pe_w, dh, dw, ceil
                {112, 112, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 0}, // ResNet's stem pool
                {55, 55, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1},    // SqueezeNet's, ceil mode
                {9, 7, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0},
                {8, 11, 3, 2, 1, 1, 1, 0, 1, 1, 1, 1, 0},
                {10, 10, 3, 3, 2, 1, 1, 2, 2, 1, 2, 1, 1},   // dilation, uneven pads
                {5, 6, 5, 6, 1, 1, 0, 0, 0, 0, 1, 1, 0},
                {13, 14, 3, 3, 2, 3, 1, 2, 1, 2, 1, 2, 0},   // stride 3 along rows, dilated columns, left pad 2
                {7, 9, 2, 3, 1, 2, 0, 1, 0, 0, 1, 1, 1},     // stride 2 along rows only, odd width, ceil mode
                {14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},   // GoogLeNet's stride-1 pool beside the convolutions
                {9, 12, 3, 2, 1, 1, 2, 1, 0, 2, 2, 3, 0}};   // stride 1, dilated, uneven pads
        for (int[] c : cases) {
            int planes = 3;
            float[] x = new float[planes * c[0] * c[1]];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            x[5] = Float.NEGATIVE_INFINITY;
            x[x.length / 2] = Float.NaN; // a window holding it gives NaN, as Math.max (the vector MAX keeps that rule)
            Windows win = new Windows(new int[]{c[0], c[1]}, new int[]{c[2], c[3]}, new int[]{c[4], c[5]}, new int[]{c[6], c[7]},
                    new int[]{c[8], c[9]}, new int[]{c[10], c[11]}, c[12] == 1);
            float[] y = new float[planes * win.outSize];
            for (int t : new int[]{1, 2}) {
                java.util.Arrays.fill(y, Float.NaN);
                assertTrue(Parallel.withThreads(t, () -> Pool.maxForward2d(x, planes, win, y)), java.util.Arrays.toString(c));
                assertArrayEquals(definition(x, planes, c[0], c[1], new int[]{c[2], c[3]}, new int[]{c[4], c[5]}, new int[]{c[6], c[7]},
                        new int[]{c[10], c[11]}, win.outSpatial[0], win.outSpatial[1]), y, 0f, java.util.Arrays.toString(c) + " threads " + t);
            }
        }
    }

    @Test
    void aWindowWhollyInThePaddingIsLeftToTheTablePath() {
        Windows win = new Windows(new int[]{2, 2}, new int[]{2, 2}, new int[]{2, 2}, new int[]{2, 2}, new int[]{2, 2}, new int[]{1, 1}, false);
        assertFalse(Pool.maxForward2d(new float[4], 1, win, new float[win.outSize]));
    }
}
