package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 1000-unit head audited on rows of a few classes: the tree searches over the classes the rows hold (absent ones add
 * nothing to a Gini impurity), so it is the tree grown on those classes alone, its distributions placed at their units.
 */
class DecisionTreeClassesTest {

    @Test
    void aThousandClassHeadGrowsTheTreeOfTheClassesPresent() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 60, d = 5;
        double[][] x = new double[n][d];
        int[] few = new int[n], units = new int[n];
        int[] unitOf = {7, 420, 999};
        for (int i = 0; i < n; i++) {
            few[i] = rng.nextInt(3);
            units[i] = unitOf[few[i]];
            for (int j = 0; j < d; j++) x[i][j] = rng.nextGaussian() + (j == few[i] ? 1.5 : 0);
        }
        DecisionTree small = DecisionTree.fit(x, few, 3, 4, 1, null);
        DecisionTree wide = DecisionTree.fit(x, units, 1000, 4, 1, null);
        assertEquals(small.leaves(), wide.leaves());
        assertEquals(small.depth(), wide.depth());
        for (int t = 0; t < 200; t++) {
            double[] row = new double[d];
            for (int j = 0; j < d; j++) row[j] = 2 * rng.nextGaussian();
            double[] p = small.probabilities(row), q = wide.probabilities(row);
            assertEquals(1000, q.length);
            double[] atUnits = {q[7], q[420], q[999]};
            assertArrayEquals(p, atUnits, 0.0);
            assertEquals(unitOf[small.predict(row)], wide.predict(row));
        }
    }
}
