package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.4: the logistic baseline stops at its share of the audit budget with the fit so far (the 10,000-image audit on
 * a loaded machine had its worker killed at 180 s). The share is counted in objective evaluations, not time: a share of
 * one evaluation leaves one iteration, not converged; the same fit without a cap converges.
 */
class LogisticStopsAtItsShareTest {

    @Test
    void aSpentShareKeepsTheFirstIterationAndSaysItDidNotConverge() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        double[][] x = new double[400][5];
        int[] y = new int[400];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 5; j++) x[i][j] = r.nextGaussian();
            y[i] = x[i][0] + 0.5 * x[i][1] + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
        }
        LogisticRegression stopped = LogisticRegression.fit(x, y, 2, 1.0, 3000, 1e-6, 1, null);
        assertEquals(1, stopped.iterations());
        assertFalse(stopped.converged());
        LogisticRegression full = LogisticRegression.fit(x, y, 2, 1.0, 3000, 1e-6, null);
        assertTrue(full.converged(), "without a stop it converges");
        assertTrue(full.iterations() > 1);
    }
}
