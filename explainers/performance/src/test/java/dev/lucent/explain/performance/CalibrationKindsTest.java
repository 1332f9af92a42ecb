package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: for a binary model the ECE was the positive-class ECE only, and nothing said so; the top-label ECE of
 * Guo et al. 2017 is what most tools print. Both are reported, and the verdict names the one it judges.
 */
class CalibrationKindsTest {

    /**
     * By hand, 2 bins split at 0.5, P(sick) = 0.1 (healthy), 0.3, 0.6, 0.95 (sick):
     * positive class: bin [0, 0.5] mean 0.2, observed 1/2, bin (0.5, 1] mean 0.775, observed 1:
     * ECE = 1/2 * 0.3 + 1/2 * 0.225 = 0.2625.
     * top label: confidences 0.9 (right), 0.7 (wrong), 0.6 (right), 0.95 (right), all in (0.5, 1]: mean 0.7875,
     * accuracy 3/4: ECE = 0.0375.
     */
    @Test
    void binaryModelsReportBothEcesAndTheVerdictNamesThePositiveClassOne() throws Exception {
        float[][] rows = {{0.1f}, {0.3f}, {0.6f}, {0.95f}};
        int[] labels = {0, 1, 1, 1};
        TestContext c = Fixtures.context(Fixtures.probabilityIsFirstFeature(1), Fixtures.schema(1, PerformanceExplainersTest.CLASSES),
                Fixtures.split("train", rows, labels, null), Fixtures.split("test", rows, labels, null))
                .with("positive-class", "sick").with("bins", "2").with("bootstrap-resamples", "50");
        List<Finding> f = new CalibrationExplainer().explain(c);
        Metric positive = PerformanceExplainersTest.metric(f, "ECE");
        Metric top = PerformanceExplainersTest.metric(f, "top-label ECE");
        assertEquals(0.2625, positive.value(), 1e-6);
        assertEquals(0.0375, top.value(), 1e-6);
        assertTrue(positive.title().contains("positive-class ECE (sick)"), positive.title());
        assertTrue(top.title().contains("Guo et al. 2017"), top.title());
        Verdict v = PerformanceExplainersTest.of(f, Verdict.class).get(0);
        assertTrue(v.summary().startsWith("WARN: positive-class ECE (sick) 0.262 (95% interval "), v.summary());
        assertTrue(v.summary().contains("exceeds the tolerance 0.05 set by `max-ece`"), v.summary());
        // judged on the positive class the whole interval is past 0.05 (the top label's 0.0375 would not be); from four
        // rows the interval reaches under 3 x 0.05, so it cannot show the probabilities are far off: WARN, not FAIL
        assertEquals(Verdict.Outcome.WARN, v.outcome());
    }

    @Test
    void multiClassModelsAreJudgedOnTheTopLabelEce() throws Exception {
        // three classes; the model's top label is class 0 with probability p (the first feature), right when labelled 0
        float[][] rows = {{0.4f}, {0.4f}, {0.9f}, {0.9f}};
        int[] labels = {0, 2, 0, 0};
        TestContext c = Fixtures.context(new Fixtures.FnModel(dev.lucent.network.api.OutputKind.CLASS_LOGITS, 1, 3,
                        row -> new float[]{(float) Math.log(row[0]), (float) Math.log((1 - row[0]) / 2), (float) Math.log((1 - row[0]) / 2)}),
                Fixtures.schema(1, List.of("a", "b", "c")), Fixtures.split("train", rows, labels, null), Fixtures.split("test", rows, labels, null))
                .with("bins", "2").with("bootstrap-resamples", "50");
        List<Finding> f = new CalibrationExplainer().explain(c);
        // bin [0, 0.5]: mean 0.4, accuracy 1/2; bin (0.5, 1]: mean 0.9, accuracy 1: ECE = 1/2 * 0.1 + 1/2 * 0.1
        assertEquals(0.1, PerformanceExplainersTest.metric(f, "ECE").value(), 1e-6);
        assertTrue(PerformanceExplainersTest.of(f, Metric.class).stream().noneMatch(m -> m.name().equals("top-label ECE")));
        String summary = PerformanceExplainersTest.of(f, Verdict.class).get(0).summary();
        assertTrue(summary.contains(": top-label ECE (Guo et al. 2017) 0.100 (95% interval "), summary);
    }
}
