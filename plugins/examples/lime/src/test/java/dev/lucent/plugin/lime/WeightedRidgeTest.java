package dev.lucent.plugin.lime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedRidgeTest {

    @Test
    void exactDataIsFittedExactlyWithR2One() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] x = new double[50][3];
        double[] y = new double[50];
        double[] w = new double[50];
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = r.nextGaussian();
            y[i] = 2 - x[i][0] + 0.5 * x[i][1] + 3 * x[i][2];
            w[i] = 0.1 + r.nextDouble();
        }
        WeightedRidge.Fit f = WeightedRidge.fit(x, y, w, new int[] {0, 1, 2}, 1e-12);
        assertArrayEquals(new double[] {-1, 0.5, 3}, f.coefficients(), 1e-9);
        assertEquals(2, f.intercept(), 1e-9);
        assertEquals(1, f.r2(), 1e-12);
    }

    @Test
    void ridgeMatchesTheClosedFormInOneDimension() {
        // one centred column: beta = sum w x y / (sum w x^2 + lambda)
        double[][] x = {{-1}, {0}, {1}};
        double[] y = {-2, 0, 2};
        double[] w = {1, 1, 1};
        WeightedRidge.Fit f = WeightedRidge.fit(x, y, w, new int[] {0}, 2);
        assertEquals(4.0 / 4.0, f.coefficients()[0], 1e-12);
        // residuals -1, 0, 1 against total 8: R^2 = 1 - 2/8
        assertEquals(0.75, f.r2(), 1e-12);
    }

    @Test
    void zeroWeightRowsDoNotCount() {
        double[][] x = {{0}, {1}, {2}, {3}};
        double[] y = {0, 1, 2, 100};
        double[] w = {1, 1, 1, 0};
        assertEquals(1, WeightedRidge.fit(x, y, w, new int[] {0}, 1e-12).coefficients()[0], 1e-9);
    }

    @Test
    void topKPicksLargestMagnitudesInIndexOrder() {
        assertArrayEquals(new int[] {1, 3}, WeightedRidge.topK(new double[] {0.1, -5, 2, 4}, 2));
        assertArrayEquals(new int[] {0, 1}, WeightedRidge.topK(new double[] {1, 1, 1}, 2));
    }
}
