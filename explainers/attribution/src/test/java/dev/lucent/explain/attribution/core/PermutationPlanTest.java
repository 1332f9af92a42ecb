package dev.lucent.explain.attribution.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.support.TimeShare;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.4: permutation importance chooses rows x shuffles x patches from its share of the audit budget (counted FLOPs
 * a row at TimeShare's engine rate; the old seconds a row are those FLOPs at 5 GFLOP/s, the old half limit the share). The oracle is the plan's
 * own arithmetic written out by hand for the 10,000-image Fashion-MNIST case (1,000 rows x 30 shuffles x 49 patches
 * of 28 x 28 images), and the invariant that a plan that says it fits does fit the share of the limit.
 */
class PermutationPlanTest {

    /** Patches of a 28 x 28 image for a side: (28 / side)^2, the remainder joining the last row and column. */
    private static final IntUnaryOperator GRID28 = s -> (28 / s) * (28 / s);

    private static PermutationPlan.Wanted defaults28() {
        return new PermutationPlan.Wanted(1000, false, 30, false, 4, false, GRID28, 28);
    }

    @Test
    void aFastModelKeepsTheWholeWantedPlan() {
        // 1000 x (1 + 30 x 49) = 1,471,000 rows; at 1 us a row that is 1.5 s, within 90 s
        PermutationPlan.Plan p = PermutationPlan.choose(5e3, 90, defaults28());
        assertEquals(1000, p.rows());
        assertEquals(30, p.repeats());
        assertEquals(49, p.features());
        assertEquals("the whole wanted plan fits in its share of the audit budget", p.reason());
    }

    @Test
    void rowsAreCutFirstThenShufflesAsTheFashionCnnNeeds() {
        // 0.5 ms a row: 90 s hold 180,000 rows. Rows: 180,000 / 1,471 = 122, below the floor, so 200.
        // Shuffles: (180,000 / 200 - 1) / 49 = 18.3, so 18. 200 x (1 + 18 x 49) = 176,600 rows = 88.3 s.
        PermutationPlan.Plan p = PermutationPlan.choose(2.5e6, 90, defaults28());
        assertEquals(200, p.rows());
        assertEquals(18, p.repeats());
        assertEquals(4, p.patchSide());
        assertEquals(49, p.features());
        assertEquals(88.3, p.predictedSeconds(), 1e-9);
        assertTrue(p.reason().contains("rows cut from 1000 to 200, shuffles cut from 30 to 18, because one row through the model is 2500000 FLOPs, planned at 0.500 ms"),
                p.reason());
    }

    @Test
    void onlyRowsAreCutWhenThatIsEnough() {
        // 0.1 ms a row: 900,000 rows in 90 s; 900,000 / 1,471 = 611 rows
        PermutationPlan.Plan p = PermutationPlan.choose(5e5, 90, defaults28());
        assertEquals(611, p.rows());
        assertEquals(30, p.repeats());
        assertEquals(49, p.features());
    }

    @Test
    void aVerySlowModelGetsLargerPatchesAndStillFits() {
        // 5 ms a row: 18,000 rows. At the floors (200 rows, 10 shuffles) 49 patches need 98,200; side 7 gives 16 patches,
        // 200 x 161 = 32,200, still over; side 10 gives 4 (28 / 10 = 2 a side): 200 x 41 = 8,200, and side 8..9 give 9: 18,200 > 18,000
        PermutationPlan.Plan p = PermutationPlan.choose(2.5e7, 90, defaults28());
        assertEquals(200, p.rows());
        assertEquals(10, p.repeats());
        assertEquals(10, p.patchSide());
        assertEquals(4, p.features());
        assertTrue(p.predictedSeconds() <= 90, "predicted " + p.predictedSeconds());
        assertTrue(p.reason().contains("patches enlarged from 4 to 10 pixels a side (49 to 4 features)"), p.reason());
    }

    @Test
    void settingsTheAuditorGaveAreKeptAndTheRiskIsSaid() {
        PermutationPlan.Wanted given = new PermutationPlan.Wanted(1000, true, 30, true, 4, true, GRID28, 28);
        PermutationPlan.Plan p = PermutationPlan.choose(2.5e6, 90, given);
        assertEquals(1000, p.rows());
        assertEquals(30, p.repeats());
        assertEquals(49, p.features());
        assertTrue(p.reason().contains("may be stopped at its limit"), p.reason());
    }

    @Test
    void tablesAreNeverRegroupedAndFewRowsAreNotInflated() {
        // 30 columns, 171 held-out rows (breast cancer): the floor of 200 rows never asks for more rows than there are
        PermutationPlan.Wanted w = new PermutationPlan.Wanted(171, false, 30, false, 0, false, s -> 30, 0);
        PermutationPlan.Plan p = PermutationPlan.choose(5e6, 1, w); // 1 s holds 1,000 rows
        assertEquals(171, p.rows());
        assertEquals(10, p.repeats());
        assertEquals(30, p.features());
        assertEquals(0, p.patchSide());
    }

    @Test
    void aPlanThatSaysItFitsFitsTheShare() {
        for (double spr = 1e-7; spr < 1e-1; spr *= 1.7)
            for (double limit : new double[] {5, 60, 180, 600}) {
                PermutationPlan.Plan p = PermutationPlan.choose(spr * TimeShare.Rate.ENGINE.flopsPerSecond, limit / 2, defaults28());
                assertTrue(p.rows() <= 1000 && p.repeats() <= 30 && p.features() <= 49);
                if (!p.reason().contains("may be stopped"))
                    assertTrue(p.predictedSeconds() <= limit / 2 + 1e-9,
                            spr + " s a row, limit " + limit + ": " + p);
            }
    }
}
