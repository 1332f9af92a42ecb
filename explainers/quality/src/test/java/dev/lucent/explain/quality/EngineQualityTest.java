package dev.lucent.explain.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Model;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The randomization oracle on a CNN trained by the real engine (core-network). */
class EngineQualityTest {

    static TestContext context(Model cnn) {
        return TestContext.images(cnn, EngineModels.heldOut(16, true).toArray(), EngineModels.heldOutLabels(16), 10);
    }

    @Test
    void randomizationCheckPassesGradientsAndFailsTheEdgeDetectorOnAnEngineTrainedCnn() throws Exception {
        Model cnn = EngineModels.digitsCnn();
        assertTrue(EngineModels.heldOutAccuracy(cnn, true) > 0.85);
        // gradient-x-input and integrated gradients from a zero baseline multiply by the input, whose ranks dominate
        // their magnitude maps: on this CNN they keep a correlation of about 0.9 and fail, as Adebayo et al. report
        for (String method : new String[]{"gradient", "smoothgrad"}) {
            List<Finding> f = new RandomizationSanityExplainer(QualityTest.METHODS).explain(context(cnn).with("method", method));
            Verdict v = QualityTest.lastVerdict(f);
            double[] corr = ((Curve) f.get(0)).series().get(0).y();
            assertEquals(Verdict.Outcome.PASS, v.outcome(), method + ": " + Arrays.toString(corr));
            assertEquals(2, corr.length, "steps: the conv and linear layers; ReLU, pooling and flatten have no parameters");
        }
        TestContext ctx = context(cnn);
        List<Finding> f = RandomizationSanityExplainer.check(ctx, Explained.from(ctx, 16), QualityTest.EDGE_DETECTOR,
                "edge detector", cnn.layerNames(), 0.5);
        assertEquals(Verdict.Outcome.FAIL, QualityTest.lastVerdict(f).outcome());
    }
}
