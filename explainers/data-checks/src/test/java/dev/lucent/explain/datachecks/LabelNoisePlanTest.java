package dev.lucent.explain.datachecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Issue 15.4: the label-noise search (rows squared pairs) fits half its time limit. Oracle: the square root worked by
 * hand. The 10,000-image audit had 3,000 rows stopped at 180 s on a loaded machine.
 */
class LabelNoisePlanTest {

    @Test
    void rowsAreWhatHalfTheLimitHolds() {
        // 300 rows took 3 s: 3.33e-5 s a pair; 90 s hold sqrt(90 / 3.33e-5) = 1643 rows
        assertEquals(1643, LabelNoiseExplainer.rowsFitting(3.0 / (300.0 * 300.0), 90, 3000));
        assertEquals(3000, LabelNoiseExplainer.rowsFitting(1e-9, 90, 3000), "a fast search keeps the wanted rows");
        assertEquals(500, LabelNoiseExplainer.rowsFitting(1e-2, 90, 3000), "never below the floor");
        assertEquals(400, LabelNoiseExplainer.rowsFitting(1e-2, 90, 400), "nor above what is wanted");
    }
}
