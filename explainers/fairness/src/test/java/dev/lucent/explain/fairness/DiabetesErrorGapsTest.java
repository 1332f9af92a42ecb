package dev.lucent.explain.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Diabetes;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.data.Standardizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression fairness on the shared diabetes data, audited as a Lucent model is (every feature standardized with
 * the training statistics) while the user names sex in the CSV's units (1/2) and age in years. Group errors are
 * computed here from the model's predictions and the file's columns.
 */
class DiabetesErrorGapsTest {

    @Test
    void groupErrorsInTheCsvUnitsMatchDirectComputation() throws Exception {
        Diabetes.Data raw = Diabetes.load();
        Standardizer std = Standardizer.fit(raw.train().features());
        Diabetes.Data z = new Diabetes.Data(std.apply(raw.train()), std.apply(raw.test()), raw.schema());
        Model m = Diabetes.trainedMlp(z);
        TestContext c = Fixtures.context(m, raw.schema(), z.train(), z.test()).csvUnits(raw.train(), raw.test())
                .with("sensitive", "sex").with("bootstrap-resamples", "200");
        float[] pred = m.predict(z.test().features()).toArray();
        float[] y = z.test().targets();
        float[] x = raw.test().features().toArray();
        double[] err = new double[3], signed = new double[3];
        int[] n = new int[3];
        for (int i = 0; i < y.length; i++) {
            int sex = (int) x[i * 10 + 1];
            err[sex] += Math.abs(pred[i] - y[i]);
            signed[sex] += pred[i] - y[i];
            n[sex]++;
        }
        List<Finding> f = new GroupErrorGapsExplainer().explain(c);
        Table t = (Table) f.get(0);
        for (int s = 1; s <= 2; s++) {
            List<String> row = t.rows().get(s - 1);
            assertEquals(List.of("sex = " + s, Integer.toString(n[s])), row.subList(0, 2));
            assertEquals(err[s] / n[s], FairlearnDefinitionsTest.number(row.get(2)), 1e-4);
            assertEquals(signed[s] / n[s], FairlearnDefinitionsTest.number(row.get(4)), 1e-4);
        }
        assertTrue(t.note().startsWith("regression: selection rate, recall, precision and calibration need class decisions"));
        Metric gap = (Metric) f.get(1);
        assertEquals(Math.abs(err[1] / n[1] - err[2] / n[2]), gap.value(), 1e-5);
        assertNotEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) f.get(2)).outcome());
    }

    @Test
    void aClassifierIsToldWhichExplainerApplies() throws Exception {
        TestContext c = FairlearnDefinitionsTest.context("sex");
        Verdict v = (Verdict) new GroupErrorGapsExplainer().explain(c).get(0);
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome());
        assertTrue(v.summary().contains("group-fairness"), v.summary());
    }

    @Test
    void aColumnWithTooManyValuesAsksForBins() throws Exception {
        Diabetes.Data raw = Diabetes.load();
        TestContext c = Fixtures.context(Diabetes.trainedMlp(raw), raw.schema(), raw.train(), raw.test()).with("sensitive", "age");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupErrorGapsExplainer().explain(c));
        assertTrue(e.getMessage().contains("give bins (age:<40,40-65,>65) or quantiles (age:q4)"), e.getMessage());
    }
}
