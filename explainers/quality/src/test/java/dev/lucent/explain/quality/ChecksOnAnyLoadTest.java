package dev.lucent.explain.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.SlowModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.4: the quality checks share their part of the audit budget among the methods by counted operations, not by
 * timing a row, so a busy machine (here a model whose every call sleeps 10 ms) checks the same rows and gives the same
 * findings bit for bit. The share (0.2 ms: half a million operations at 2.5 GFLOP/s) cuts both methods' rows, so the plan is exercised; the
 * old timed plan checked 2 rows on the slow model and more on the quick one.
 */
class ChecksOnAnyLoadTest {

    private static TestContext context(AuditableModel model) {
        return TestContext.images(model, EngineModels.heldOut(200, true).toArray(), EngineModels.heldOutLabels(200), 10)
                .with("method", "gradient,smoothgrad").with("rows", "200").timeBudget(Duration.ofNanos(200_000));
    }

    @Test
    void infidelityChecksTheSameRowsOnASlowModel() throws Exception {
        AuditableModel cnn = EngineModels.digitsCnn();
        List<Finding> quick = new InfidelityExplainer(QualityTest.METHODS).explain(context(cnn));
        List<Finding> slow = new InfidelityExplainer(QualityTest.METHODS).explain(context(new SlowModel(cnn, 10)));
        Table t = EveryMethodTest.table(quick);
        int rows = Integer.parseInt(t.rows().get(0).get(1));
        assertTrue(rows >= 2 && rows < 200, "the share must cut the gradient's rows: " + t.rows().get(0));
        assertEquals("rows cut to fit its share of the audit budget", t.rows().get(1).get(5), t.rows().get(1).toString());
        assertEquals(quick.size(), slow.size());
        for (int i = 0; i < quick.size(); i++) ExplainerChecks.assertSameFinding(quick.get(i), slow.get(i));
    }
}
