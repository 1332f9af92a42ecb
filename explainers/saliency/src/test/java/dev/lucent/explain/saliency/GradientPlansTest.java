package dev.lucent.explain.saliency;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * saliency, gradient-x-input and smoothgrad size their rows (and smoothgrad its noisy copies) to their share of the audit
 * budget, counted in model operations as the other plans are: unplanned, a 224 px audit ran 64 rows (smoothgrad 64 x 50
 * gradients) whatever the share. The engine counts every operation of the run (forward and backward); the plan may
 * overrun its share by what it does not plan (the targets and the shown rows' predictions, a probe), not by multiples.
 */
class GradientPlansTest {

    /** 64 held-out digits, and a share of 0.2 ms: a million operations, 78 forward passes of the digits CNN as the engine counts them. */
    static TestContext digits(AuditableModel model) {
        return TestContext.heldOutDigits(model, 64, Duration.ofNanos(200_000));
    }

    static TestContext digits() {
        return digits(EngineModels.digitsCnn());
    }

    /**
     * The model passes a run took (a gradient counted as three, as the plans count it), over those its share holds at the
     * plan's count of one forward pass.
     */
    static double shareUsed(Explainer e) throws Exception {
        ExplainerChecks.Counted run = ExplainerChecks.passesTaken(e, EngineModels.digitsCnn(), GradientPlansTest::digits);
        assertTrue(run.findings().stream().anyMatch(f -> f instanceof ImageHeatmap), e.info().id() + " still explains: " + run.findings());
        TestContext c = digits();
        double forward = TimeShare.forwardFlopsPerRow(c.model(), c.test().orElseThrow().features().toArray(), new int[] {1, 8, 8});
        return run.shareUsed(forward, TimeShare.flops(c, TimeShare.Rate.ENGINE));
    }

    @Test
    void gradientMethodsKeepToTheirShare() throws Exception {
        for (Explainer e : List.<Explainer>of(new VanillaGradientsExplainer(), new GradientTimesInputExplainer(), new SmoothGradExplainer())) {
            double used = shareUsed(e);
            System.out.printf("%s: %.2f of its share%n", e.info().id(), used);
            assertTrue(used <= 1.25, e.info().id() + " used " + used + " times its share");
        }
    }

    @Test
    void smoothGradCutsItsCopiesWhenOneRowIsMoreThanTheShareAndSaysSo() throws Exception {
        List<Finding> f = new SmoothGradExplainer().explain(digits());
        String notes = f.toString();
        assertTrue(notes.contains("plan: 1 of the 64 rows asked") && notes.contains("more than the share holds"), notes);
        assertTrue(!notes.contains("50 noisy samples per row"), "copies cut: " + notes);
        // what the auditor gave is kept
        String asked = new SmoothGradExplainer().explain(digits().with("rows", "2").with("samples", "50")).toString();
        assertTrue(asked.contains("50 noisy samples per row") && asked.contains("plan: 2 of the 2 rows asked")
                && asked.contains("more than the share holds"), asked);
    }
}
