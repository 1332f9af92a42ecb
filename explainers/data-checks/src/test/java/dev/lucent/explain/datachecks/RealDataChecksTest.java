package dev.lucent.explain.datachecks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data checks on the shared breast cancer data, clean and with planted faults. */
class RealDataChecksTest {

    static Verdict verdict(List<Finding> f) {
        return f.stream().filter(Verdict.class::isInstance).map(Verdict.class::cast).findFirst().orElseThrow();
    }

    @Test
    void breastCancerIsCleanUntilRowsAreCopiedAcrossTheSplit() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        List<float[]> rows = raw.rows();
        List<Integer> labels = raw.labels();
        assertEquals(569, rows.size());
        // Every 5th row to the test split.
        List<float[]> tr = new ArrayList<>();
        List<float[]> te = new ArrayList<>();
        List<Integer> trY = new ArrayList<>();
        List<Integer> teY = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            (i % 5 == 0 ? te : tr).add(rows.get(i));
            (i % 5 == 0 ? teY : trY).add(labels.get(i));
        }
        TestContext clean = ctx(tr, trY, te, teY);
        assertEquals(Verdict.Outcome.PASS, verdict(new DuplicateRowsExplainer().explain(clean)).outcome());
        assertEquals(Verdict.Outcome.PASS, verdict(new LeakageExplainer().explain(clean)).outcome());
        assertEquals(Verdict.Outcome.PASS, verdict(new MissingValuesExplainer().explain(clean)).outcome());
        assertEquals(Verdict.Outcome.PASS, verdict(new ConstantFeaturesExplainer().explain(clean)).outcome());
        // 212 malignant to 357 benign: ratio 1.68, within 3 to 1.
        assertEquals(Verdict.Outcome.PASS, verdict(new ClassBalanceExplainer().explain(clean)).outcome());
        // Plant: test rows 3, 40 and 100 become copies of training rows 7, 8 and 300.
        te.set(3, tr.get(7).clone());
        te.set(40, tr.get(8).clone());
        te.set(100, tr.get(300).clone());
        TestContext leaky = ctx(tr, trY, te, teY);
        assertEquals(Verdict.Outcome.FAIL, verdict(new LeakageExplainer().explain(leaky)).outcome());
        SplitLeakage l = SplitLeakage.of(Rows.of(leaky.train()), Rows.of(leaky.test().orElse(null)), 0.01, null);
        assertArrayEquals(new int[] {3, 40, 100}, l.exact());
        assertEquals(0, l.near().length);
        List<Finding> noise = new LabelNoiseExplainer().explain(clean);
        assertTrue(verdict(noise).outcome() == Verdict.Outcome.PASS || verdict(noise).outcome() == Verdict.Outcome.WARN);
    }

    static TestContext ctx(List<float[]> tr, List<Integer> trY, List<float[]> te, List<Integer> teY) {
        DataSplit train = Fixtures.split("train", tr.toArray(new float[0][]), trY.stream().mapToInt(Integer::intValue).toArray(), null);
        DataSplit test = Fixtures.split("test", te.toArray(new float[0][]), teY.stream().mapToInt(Integer::intValue).toArray(), null);
        return Fixtures.context(DataChecksTest.MODEL, Fixtures.schema(30, List.of("malignant", "benign")), train, test);
    }
}
