package dev.lucent.explain.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.SlowModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.4: the planned explainers size their work from counted operations, never the clock, so the same audit on a
 * busy machine gives the same findings bit for bit. The busy machine is played by {@link SlowModel}: every model call
 * sleeps 20 ms, which a timed probe reads as a model a hundred times slower (the old probe cut permutation importance
 * to its floor of 10 shuffles there, and kept about 20 on the quick model). The share, 30 ms (150 million operations), is small enough that the
 * counted plans cut too (else the test would prove nothing), which the findings' notes say.
 */
class PlansOnAnyLoadTest {

    private static TestContext images(AuditableModel model) {
        return TestContext.images(model, EngineModels.heldOut(40, true).toArray(), EngineModels.heldOutLabels(40), 10)
                .timeBudget(Duration.ofMillis(30));
    }

    @Test
    void permutationImportanceAndKernelShapPlanTheSameWorkOnASlowModel() throws Exception {
        AuditableModel cnn = EngineModels.digitsCnn();
        for (Explainer e : List.<Explainer>of(new PermutationImportanceExplainer(), new KernelShapExplainer())) {
            List<Finding> quick = e.explain(images(cnn).with("patch", "2"));
            List<Finding> slow = e.explain(images(new SlowModel(cnn, 20)).with("patch", "2"));
            assertTrue(quick.stream().anyMatch(f -> f.toString().contains("cut from")),
                    e.info().id() + ": the share must cut the plan for this test to mean anything: " + quick);
            assertEquals(quick.size(), slow.size(), e.info().id());
            for (int i = 0; i < quick.size(); i++) ExplainerChecks.assertSameFinding(quick.get(i), slow.get(i));
        }
    }
}
