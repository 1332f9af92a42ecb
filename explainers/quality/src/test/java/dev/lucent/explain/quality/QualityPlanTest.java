package dev.lucent.explain.quality;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quality checks charge each method's counting row to their share and count no method once the share is spent:
 * uncharged, every method's default row (smoothgrad's 50 gradients, integrated gradients' refinement, KernelSHAP's
 * coalitions) ran whatever the share, and on a 224 px ResNet-18 the checks took 5 to 8 times theirs.
 */
class QualityPlanTest {

    /** 20 held-out digits, every method, a share of 0.2 ms. */
    static TestContext digits(AuditableModel model) {
        return TestContext.heldOutDigits(model, 20, Duration.ofNanos(200_000));
    }

    @Test
    void methodsAfterTheShareIsSpentAreNotCounted() throws Exception {
        ExplainerChecks.Counted run = ExplainerChecks.passesTaken(new InfidelityExplainer(QualityTest.METHODS), EngineModels.digitsCnn(),
                QualityPlanTest::digits);
        Table t = EveryMethodTest.table(run.findings());
        List<String> spent = t.rows().stream().filter(r -> r.get(5).startsWith("not started: the methods before it spent")).map(r -> r.get(0)).toList();
        assertTrue(spent.contains("kernel-shap") && spent.contains("feature-ablation"), t.rows().toString());
        assertTrue(run.passes() < 3000, run.passes() + " model passes");
        System.out.println("infidelity, every method, 0.2 ms share: " + run.passes() + " model passes; " + t.rows());
    }

    /**
     * deletion-insertion plans the random order's curves (2 x steps passes a row) to half its share and charges the
     * methods' curves with their attributions: unplanned, 16 rows of random-order curves came before any method.
     */
    @Test
    void deletionCurvesAreInThePlan() throws Exception {
        java.util.function.Function<AuditableModel, TestContext> twoMs = m -> TestContext.heldOutDigits(m, 16, Duration.ofMillis(2))
                .with("method", "gradient,gradient-x-input");
        ExplainerChecks.Counted run = ExplainerChecks.passesTaken(new DeletionInsertionExplainer(QualityTest.METHODS), EngineModels.digitsCnn(), twoMs);
        TestContext c = twoMs.apply(EngineModels.digitsCnn());
        double forward = dev.lucent.explain.support.TimeShare.forwardFlopsPerRow(c.model(), c.test().orElseThrow().features().toArray(),
                new int[] {1, 8, 8});
        double used = run.shareUsed(forward, dev.lucent.explain.support.TimeShare.flops(c, dev.lucent.explain.support.TimeShare.Rate.ATTRIBUTION));
        assertTrue(used <= 1.5, "used " + used + " times its share (" + run.passes() + " passes)");
    }
}
