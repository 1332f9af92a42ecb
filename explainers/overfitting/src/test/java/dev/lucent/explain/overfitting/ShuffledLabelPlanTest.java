package dev.lucent.explain.overfitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 15.4: the shuffled-label probe chooses rows x epochs from one timed epoch and half its time limit (the
 * 10,000-image Fashion-MNIST CNN audit had it stopped at 180 s: 2,000 rows x 100 epochs). The oracle is the plan's
 * arithmetic worked by hand.
 */
class ShuffledLabelPlanTest {

    @Test
    void aFastEpochKeepsTheWantedProbe() {
        ShuffledLabelProbe.Plan p = ShuffledLabelProbe.plan(2.5e9, 90, 2000, 100, false, false); // 50 s of 90
        assertEquals(2000, p.rows());
        assertEquals(100, p.epochs());
        assertEquals("the whole wanted probe fits in its share of the audit budget", p.reason());
    }

    @Test
    void epochsAreCutFirst() {
        ShuffledLabelProbe.Plan p = ShuffledLabelProbe.plan(12.5e9, 90, 2000, 100, false, false); // 36 epochs fit
        assertEquals(2000, p.rows());
        assertEquals(36, p.epochs());
        assertTrue(p.reason().contains("epochs cut from 100 to 36, because one epoch on 2000 rows is 12.5 GFLOP, planned at 2.50 s"), p.reason());
    }

    @Test
    void thenRowsWhenTenEpochsDoNotFit() {
        // 18 s an epoch: 10 epochs take 180 s, twice the 90 s; rows halved to 1000
        ShuffledLabelProbe.Plan p = ShuffledLabelProbe.plan(90e9, 90, 2000, 100, false, false);
        assertEquals(10, p.epochs());
        assertEquals(1000, p.rows());
        assertTrue(p.reason().contains("epochs cut from 100 to 10, rows cut from 2000 to 1000"), p.reason());
    }

    @Test
    void givenSettingsAreKeptAndTheRiskSaid() {
        ShuffledLabelProbe.Plan p = ShuffledLabelProbe.plan(90e9, 90, 2000, 100, true, true);
        assertEquals(100, p.epochs());
        assertEquals(2000, p.rows());
        assertTrue(p.reason().contains("may be stopped at its limit"), p.reason());
    }
}
