package dev.lucent.explain.integratedgradients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Integrated gradients sizes its rows, its first pass's points and its refinement to its share of the audit budget:
 * unplanned, a 224 px audit ran 16 rows of 50 points refined up to 3,200 (6,350 gradients a row) whatever the share.
 */
class IntegratedGradientsPlanTest {

    /** 16 held-out digits, a share of 0.2 ms: 78 forward passes of the digits CNN as the engine counts them. */
    static TestContext digits(AuditableModel model) {
        return TestContext.heldOutDigits(model, 16, Duration.ofNanos(200_000));
    }

    @Test
    void rowsPointsAndRefinementKeepToTheShareAndTheNoteSaysSo() throws Exception {
        ExplainerChecks.Counted run = ExplainerChecks.passesTaken(new IntegratedGradientsExplainer(), EngineModels.digitsCnn(),
                IntegratedGradientsPlanTest::digits);
        TestContext c = digits(EngineModels.digitsCnn());
        double forward = TimeShare.forwardFlopsPerRow(c.model(), c.test().orElseThrow().features().toArray(), new int[] {1, 8, 8});
        double used = run.shareUsed(forward, TimeShare.flops(c, TimeShare.Rate.ENGINE));
        assertTrue(used <= 1.25, "used " + used + " times its share");
        String notes = run.findings().toString();
        assertTrue(notes.contains("plan: 1 of the 16 rows asked") && notes.contains("more than the share holds"), notes);
    }

    @Test
    void refinementStopsWhereTheRowsPassesEnd() {
        assertEquals(50, IntegratedGradientsExplainer.refinedWithin(50, 3200, 149), "50 + 100 is more than 149");
        assertEquals(100, IntegratedGradientsExplainer.refinedWithin(50, 3200, 150));
        assertEquals(3200, IntegratedGradientsExplainer.refinedWithin(50, 3200, 1e9), "never past max-steps");
        assertEquals(7, IntegratedGradientsExplainer.refinedWithin(7, 3200, 3), "at least the first pass");
    }
}
