package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** subgroup-gaps judges by support/Tolerance's one rule: a gap whose interval reaches past the tolerance may not pass. */
class SubgroupGapToleranceTest {

    @Test
    void noGapOnFewRowsIsAWarningNotAPass() throws Exception {
        // two groups of 10 sick and 20 healthy rows, 8 of the 10 sick caught in each: the recall gap is exactly 0,
        // but 10 rows per group cannot show it is within 0.05
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int group = 1; group <= 2; group++) {
            for (int i = 0; i < 10; i++) {
                rows.add(new float[] {i < 8 ? 0.9f : 0.2f, group});
                labels.add(1);
            }
            for (int i = 0; i < 20; i++) {
                rows.add(new float[] {0.1f, group});
                labels.add(0);
            }
        }
        DataSplit split = Fixtures.split("test", rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(), null);
        TestContext c = Fixtures.context(Fixtures.probabilityIsFirstFeature(2), Fixtures.schema(2, PerformanceExplainersTest.CLASSES), split, split)
                .with("feature", "f1");
        List<Finding> f = new SubgroupGapExplainer().explain(c);
        Metric gap = PerformanceExplainersTest.metric(f, "gap");
        assertEquals(0.0, gap.value());
        assertTrue(gap.upper() > 0.05, "interval " + gap);
        Verdict v = (Verdict) f.get(f.size() - 1);
        assertEquals(Verdict.Outcome.WARN, v.outcome(), v.summary());
        assertTrue(v.summary().contains("may exceed the tolerance 0.05 set by `max-gap`"), v.summary());
    }
}
