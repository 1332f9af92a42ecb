package dev.lucent.explain.attribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Occlusion sizes its rows, and its window when one row's positions are more than the share, to its share of the audit
 * budget: unplanned, a 224 px audit ran 8 rows of 169 positions whatever the share.
 */
class OcclusionPlanTest {

    /** 8 held-out digits, a share of 0.1 ms: 39 forward passes of the digits CNN as the engine counts them, less than one row of 49 positions. */
    static TestContext digits(AuditableModel model) {
        return TestContext.heldOutDigits(model, 8, Duration.ofNanos(100_000));
    }

    @Test
    void rowsAndWindowKeepToTheShareAndTheNoteSaysSo() throws Exception {
        ExplainerChecks.Counted run = ExplainerChecks.passesTaken(new OcclusionExplainer(), EngineModels.digitsCnn(), OcclusionPlanTest::digits);
        TestContext c = digits(EngineModels.digitsCnn());
        double forward = TimeShare.forwardFlopsPerRow(c.model(), c.test().orElseThrow().features().toArray(), new int[] {1, 8, 8});
        double used = run.shareUsed(forward, TimeShare.flops(c, TimeShare.Rate.ENGINE));
        assertTrue(used <= 1.25, "used " + used + " times its share");
        String notes = run.findings().toString();
        assertTrue(notes.contains("plan: 1 of the 8 rows asked") && notes.contains("more than the share holds"), notes);
        assertTrue(!notes.contains("2x2 window"), "the window grew: " + notes);
        // a window the auditor gave is kept
        String asked = new OcclusionExplainer().explain(digits(EngineModels.digitsCnn()).with("window", "2")).toString();
        assertTrue(asked.contains("2x2 window, stride 1"), asked);
    }
}
