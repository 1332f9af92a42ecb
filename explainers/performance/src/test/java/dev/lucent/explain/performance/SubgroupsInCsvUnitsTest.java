package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.lucent.explain.api.Finding;
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
 * A Lucent model's audit sees standardized features (the model's own statistics, {@code AuditInputs}), but the
 * user names {@code values} and {@code threshold} in the CSV's units: sex coded 1/2. Before the fix, values=1,2
 * matched no standardized row, every row fell in "other" and the verdict was NOT_APPLICABLE (the audit passed).
 * The expected group sizes are counted here straight from the CSV's sex column.
 */
class SubgroupsInCsvUnitsTest {

    @Test
    void valuesAndThresholdAreReadInTheCsvUnitsOfAStandardizedModel() throws Exception {
        Diabetes.Data raw = Diabetes.load(); // sex as in the file: 1 or 2
        Standardizer std = Standardizer.fit(raw.train().features());
        Diabetes.Data standardized = new Diabetes.Data(std.apply(raw.train()), std.apply(raw.test()), raw.schema());
        Model m = Diabetes.trainedMlp(standardized);
        float[] x = raw.test().features().toArray();
        int[] n = new int[3];
        for (int i = 0; i < raw.test().rows(); i++) n[(int) x[i * 10 + 1]]++;
        assertNotEquals(1f, std.apply(raw.test()).features().toArray()[1], "the audited split is standardized");

        TestContext byValues = Fixtures.context(m, raw.schema(), standardized.train(), standardized.test())
                .csvUnits(raw.train(), raw.test()).with("feature", "sex").with("values", "1,2");
        List<Finding> f = new SubgroupGapExplainer().explain(byValues);
        Table t = (Table) f.get(0);
        assertEquals(List.of(List.of("sex = 1", Integer.toString(n[1])), List.of("sex = 2", Integer.toString(n[2]))),
                t.rows().stream().map(r -> r.subList(0, 2)).toList());
        assertNotEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) f.get(f.size() - 1)).outcome());

        TestContext byThreshold = Fixtures.context(m, raw.schema(), standardized.train(), standardized.test())
                .csvUnits(raw.train(), raw.test()).with("feature", "sex").with("threshold", "1.5");
        Table u = (Table) new SubgroupGapExplainer().explain(byThreshold).get(0);
        assertEquals(List.of(List.of("sex <= 1.5", Integer.toString(n[1])), List.of("sex > 1.5", Integer.toString(n[2]))),
                u.rows().stream().map(r -> r.subList(0, 2)).toList());
    }
}
