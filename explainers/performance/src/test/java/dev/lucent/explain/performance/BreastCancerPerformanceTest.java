package dev.lucent.explain.performance;

import dev.lucent.explain.support.Subgroups;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The performance explainers on an MLP the engine trained on the breast cancer data, checked by independent counting. */
class BreastCancerPerformanceTest {

    @Test
    void metricsOfAnEngineTrainedModelMatchIndependentCounts() throws Exception {
        BreastCancer.Data d = BreastCancer.load(1);
        Model m = BreastCancer.trainedMlp(d);
        TestContext c = Fixtures.context(m, d.schema(), d.train(), d.test());
        // Independent: malignant probability 1 - sigmoid(logit) from the model's raw output, per test row.
        float[] logits = m.predict(d.test().features()).toArray();
        int[] y = d.test().labels();
        double[] pMalignant = new double[y.length];
        for (int i = 0; i < y.length; i++) pMalignant[i] = 1 - (float) (1 / (1 + Math.exp(-logits[i])));

        List<Finding> cls = new ClassificationMetricsExplainer().explain(c);
        int right = 0;
        for (int i = 0; i < y.length; i++) if ((logits[i] > 0 ? 1 : 0) == y[i]) right++;
        assertEquals((double) right / y.length, PerformanceExplainersTest.metric(cls, "accuracy").value(), 1e-12);
        assertTrue(right > 0.9 * y.length, "accuracy " + right + " of " + y.length);

        // The positive class defaults to the minority class: malignant.
        List<Finding> roc = new RocPrExplainer().explain(c);
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < y.length; i++)
            for (int j = 0; j < y.length; j++)
                if (y[i] == 0 && y[j] == 1) {
                    pairs++;
                    wins += pMalignant[i] > pMalignant[j] ? 1 : pMalignant[i] == pMalignant[j] ? 0.5 : 0;
                }
        assertEquals(wins / pairs, PerformanceExplainersTest.metric(roc, "ROC-AUC").value(), 1e-5);

        List<Finding> rt = new RecallThresholdExplainer().explain(c);
        double t = PerformanceExplainersTest.metric(rt, "threshold").value();
        int caught = 0;
        int malignant = 0;
        for (int i = 0; i < y.length; i++)
            if (y[i] == 0) {
                malignant++;
                if (pMalignant[i] >= t - 1e-6) caught++;
            }
        assertTrue((double) caught / malignant >= 0.95, caught + " of " + malignant + " malignant caught at " + t);

        Metric ece = PerformanceExplainersTest.metric(new CalibrationExplainer().explain(c), "ECE");
        assertTrue(ece.value() >= 0 && ece.value() < 0.2 && ece.lower() <= ece.value() && ece.value() <= ece.upper());

        for (Explainer e : List.of(new ClassificationMetricsExplainer(), new RocPrExplainer(), new RecallThresholdExplainer(),
                new CalibrationExplainer()))
            assertEquals(Fixtures.render(e.explain(c)), Fixtures.render(e.explain(c)), e.info().id());
        // Subgroups by a real feature (standardized mean radius above / below 0).
        List<Finding> sub = new SubgroupGapExplainer().explain(c.with("feature", "mean radius").with("threshold", "0"));
        assertTrue(sub.stream().anyMatch(f -> f instanceof Metric mm && mm.name().equals("gap")));
    }
}
