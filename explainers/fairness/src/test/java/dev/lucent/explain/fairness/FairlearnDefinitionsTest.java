package dev.lucent.explain.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every metric against a confusion table counted by hand, per group, and the across-group numbers as Fairlearn
 * defines them (the fairlearn.metrics API reference and the user guide's "Common fairness metrics"; Fairlearn is not installed here, so
 * the numbers below are worked out by hand from its documented formulas):
 * <ul>
 *   <li>{@code demographic_parity_difference} = max - min over groups of selection_rate = (TP + FP) / n;</li>
 *   <li>{@code demographic_parity_ratio} = min / max of the same;</li>
 *   <li>{@code equalized_odds_difference} = max(TPR difference, FPR difference) (the worst case, its default);</li>
 *   <li>{@code true_positive_rate} difference (equal opportunity), precision difference (predictive parity).</li>
 * </ul>
 * The example: 20 rows, sex coded 1/2, the model's probability 0.8 where it flags and 0.2 where it does not.
 * <pre>
 * sex = 1: y    1 1 1 1 0 0 0 0 0 0   -> TP 3, FN 1, FP 1, TN 5
 *          flag 1 1 1 0 1 0 0 0 0 0
 * sex = 2: y    1 1 1 1 1 0 0 0 0 0   -> TP 1, FN 4, FP 2, TN 3
 *          flag 1 0 0 0 0 1 1 0 0 0
 * selection 4/10 = 0.4 | 3/10 = 0.3      -> difference 0.1, ratio 0.75
 * TPR 3/4 = 0.75 | 1/5 = 0.2             -> equal opportunity difference 0.55
 * FPR 1/6 | 2/5 = 0.4                    -> 0.2333; equalized odds difference max(0.55, 0.2333) = 0.55
 * precision 3/4 | 1/3                    -> predictive parity difference 0.41667
 * FNR 1/4 | 4/5
 * ECE (10 bins): sex 1: 0.4 |0.75 - 0.8| + 0.6 |1/6 - 0.2| = 0.04; sex 2: 0.3 |1/3 - 0.8| + 0.7 |4/7 - 0.2| = 0.40 -> gap 0.36
 * </pre>
 * Age (30 or 50) cuts across: sex 1 has 6 rows under 40 and 4 over, sex 2 has 5 and 5. With min-group-rows 5 the
 * group "sex = 1 & age >=40" (4 rows) is listed as too small and not judged.
 */
class FairlearnDefinitionsTest {

    static final int[] Y = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    static final int[] FLAG = {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0};
    static final int[] AGE = {30, 30, 30, 30, 30, 30, 50, 50, 50, 50, 30, 30, 30, 30, 30, 50, 50, 50, 50, 50};

    static TestContext context(String sensitive) {
        float[][] rows = new float[20][];
        for (int i = 0; i < 20; i++) rows[i] = new float[] {FLAG[i] == 1 ? 0.8f : 0.2f, i < 10 ? 1 : 2, AGE[i]};
        DataSplit split = Fixtures.split("test", rows, Y, null);
        DatasetSchema schema = new DatasetSchema(List.of("probability", "sex", "age"), "y", List.of("healthy", "ill"), new int[] {3});
        return Fixtures.context(Fixtures.probabilityIsFirstFeature(3), schema, split, split).with("sensitive", sensitive)
                .with("positive-class", "ill").with("min-group-rows", "5").with("min-class-rows", "1").with("bootstrap-resamples", "200");
    }

    static double number(String cell) {
        return Double.parseDouble(cell.split(" ")[0]);
    }

    static Metric metric(List<Finding> f, String name) {
        return f.stream().filter(x -> x instanceof Metric m && m.name().equals(name)).map(Metric.class::cast).findFirst().orElseThrow(
                () -> new AssertionError("no metric " + name + " in " + f));
    }

    @Test
    void perGroupRatesMatchTheHandCountedConfusionTables() throws Exception {
        List<Finding> f = new GroupFairnessExplainer().explain(context("sex"));
        Table t = (Table) f.get(0);
        assertEquals(List.of("group", "rows", "rows of class ill", "selection rate", "true positive rate", "false positive rate", "precision",
                "false negative rate", "calibration error (ECE)", "judged"), t.columns());
        double[][] expected = {{0.4, 0.75, 1.0 / 6, 0.75, 0.25, 0.04}, {0.3, 0.2, 0.4, 1.0 / 3, 0.8, 0.40}};
        for (int g = 0; g < 2; g++) {
            List<String> row = t.rows().get(g);
            assertEquals(List.of("sex = " + (g + 1), "10", g == 0 ? "4" : "5"), row.subList(0, 3));
            for (int k = 0; k < 6; k++) assertEquals(expected[g][k], number(row.get(3 + k)), 1e-4, t.columns().get(3 + k) + " of " + row.get(0));
        }
    }

    @Test
    void acrossGroupNumbersAgreeWithFairlearnsDefinitions() throws Exception {
        List<Finding> f = new GroupFairnessExplainer().explain(context("sex"));
        assertEquals(0.1, metric(f, "demographic parity difference").value(), 1e-6);
        assertEquals(0.75, metric(f, "demographic parity ratio").value(), 1e-6);
        assertEquals(0.55, metric(f, "equal opportunity difference").value(), 1e-6);
        assertEquals(0.55, metric(f, "equalized odds difference").value(), 1e-6);
        assertEquals(0.75 - 1.0 / 3, metric(f, "predictive parity difference").value(), 1e-6);
        assertEquals(0.36, metric(f, "calibration error gap").value(), 1e-6);
        for (Finding x : f)
            if (x instanceof Metric m) assertTrue(m.lower() <= m.value() + 1e-12 && m.value() <= m.upper() + 1e-12, m.toString());
        // ratio 0.75 < 0.8 and equal opportunity 0.55 > 0.1: judged, never silently passed
        assertTrue(f.stream().anyMatch(x -> x instanceof Verdict v && v.title().startsWith("Four-fifths") && v.outcome() != Verdict.Outcome.PASS));
        assertTrue(f.stream().anyMatch(x -> x instanceof Verdict v && v.title().startsWith("Equal opportunity") && v.outcome() != Verdict.Outcome.PASS));
    }

    @Test
    void intersectionsShowTheirSmallestGroupAndDoNotJudgeTooSmallOnes() throws Exception {
        List<Finding> f = new GroupFairnessExplainer().explain(context("sex;age:<40,>=40"));
        Table both = f.stream().filter(x -> x instanceof Table t && t.title().equals("Fairness by sex & age")).map(Table.class::cast)
                .findFirst().orElseThrow();
        assertEquals(List.of("sex = 1 & age <40", "sex = 1 & age >=40", "sex = 2 & age <40", "sex = 2 & age >=40"),
                both.rows().stream().map(r -> r.get(0)).toList());
        List<String> small = both.rows().get(1);
        assertEquals("4", small.get(1));
        assertEquals("not judged", small.get(3));
        assertTrue(small.get(9).startsWith("too small to judge"), small.toString());
        assertTrue(both.note().contains("smallest group: sex = 1 & age >=40, 4 rows"), both.note());
        // sex 1 under 40: y 1 1 1 1 0 0, flags 1 1 1 0 1 0 -> selection 4/6, TPR 3/4, FPR 1/2, precision 3/4
        List<String> a = both.rows().get(0);
        assertEquals(4.0 / 6, number(a.get(3)), 1e-4);
        assertEquals(0.75, number(a.get(4)), 1e-4);
        assertEquals(0.5, number(a.get(5)), 1e-4);
        assertEquals(0.75, number(a.get(6)), 1e-4);
        // sex 2 over 40 has no ill rows: its recall is not a number to compare
        assertTrue(both.rows().get(3).get(4).startsWith("n/a"), both.rows().get(3).toString());
        // equal opportunity over the groups with ill rows: 0.75 (sex 1 under 40) - 0.2 (sex 2 under 40)
        Metric eo = f.stream().filter(x -> x instanceof Metric m && m.title().equals("Equal opportunity difference across sex & age"))
                .map(Metric.class::cast).findFirst().orElseThrow();
        assertEquals(0.55, eo.value(), 1e-6);
        Verdict v = f.stream().filter(x -> x instanceof Verdict w && w.title().equals("Equal opportunity (recall) across sex & age"))
                .map(Verdict.class::cast).findFirst().orElseThrow();
        assertTrue(v.evidence().stream().anyMatch(e -> e.startsWith("not judged, too small: sex = 1 & age >=40 (4 rows)")), v.evidence().toString());
    }

    @Test
    void groupRatesAreUndefinedNotZeroWithoutTheirDenominator() {
        GroupRates none = new GroupRates(0, 0, 5, 0);
        assertTrue(Double.isNaN(none.rate(GroupRates.Measure.TRUE_POSITIVE_RATE)));
        assertTrue(Double.isNaN(none.rate(GroupRates.Measure.PRECISION)));
        assertEquals(0.0, none.rate(GroupRates.Measure.SELECTION_RATE));
    }
}
