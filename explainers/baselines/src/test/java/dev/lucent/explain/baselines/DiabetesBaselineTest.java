package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Diabetes;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.network.api.training.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ridge regression against an engine-trained MLP on the diabetes data. */
class DiabetesBaselineTest {

    @Test
    void ridgeOnDiabetes() throws Exception {
        Diabetes.Data d = Diabetes.load();
        Model m = Diabetes.trainedMlp(d);
        List<Finding> f = new RidgeRegressionBaselineExplainer().explain(Fixtures.context(m, d.schema(), d.train(), d.test()));
        Metric ridge = BaselinesTest.metric(f, "ridge MAE");
        // Linear models on this data set err by roughly 40-50 units of progression on held-out rows (0.40-0.50 here).
        assertTrue(ridge.value() > 0.35 && ridge.value() < 0.55, "ridge MAE " + ridge.value());
        Metric diff = BaselinesTest.metric(f, "MAE difference");
        Verdict v = BaselinesTest.verdict(f);
        System.out.println("diabetes: ridge MAE " + ridge.value() + ", network - ridge " + diff.value() + " [" + diff.lower() + ", "
                + diff.upper() + "] -> " + v.outcome());
        assertEquals(diff.upper() < 0 ? Verdict.Outcome.PASS : diff.lower() > 0 ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN, v.outcome());
    }
}
