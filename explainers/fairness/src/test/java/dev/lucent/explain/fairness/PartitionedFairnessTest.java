package dev.lucent.explain.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.SensitiveAttribute;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.ColumnValues;
import dev.lucent.explain.support.Subgroups;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.Partitions;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fairness family as a cluster runner drives it: the same findings, to the last bit, from one block, the
 * single-machine runner's blocks and random splits merged in random orders (the plan serialized between the passes);
 * the point estimates against counts and exact sums made here; and hostile group columns (missing values, a group of
 * one row, all missing, 10^5 distinct values).
 */
class PartitionedFairnessTest {

    static final int N = 3000;
    static final DatasetSchema CLASSES = new DatasetSchema(List.of("marker", "sex", "age"), "y", List.of("healthy", "ill"), new int[] {3});
    static final DatasetSchema TARGET = new DatasetSchema(List.of("marker", "sex", "age"), "y", List.of(), new int[] {3});

    /** marker ~ 1.5 y + N(0, 1); sex 1/2 alternating, one row of sex 3; age 20 to 80 in tenths, 7 rows missing (seed 5). */
    static float[][] rows(int n, int[] y, float[] target) {
        SplittableRandom rng = new SplittableRandom(5);
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < 0.3 ? 1 : 0;
            float marker = (float) (1.5 * y[i] + rng.nextGaussian());
            float age = i % 431 == 7 ? Float.NaN : (float) (Math.round(200 + 600 * rng.nextDouble()) / 10.0);
            x[i] = new float[] {marker, i == 17 ? 3 : i % 2 == 0 ? 1 : 2, age};
            target[i] = (float) (3 * marker + rng.nextGaussian());
        }
        return x;
    }

    static TestContext classifier(String sensitive) {
        return classifier(sensitive, N);
    }

    static TestContext classifier(String sensitive, int n) {
        int[] y = new int[n];
        DataSplit test = Fixtures.split("test", rows(n, y, new float[n]), y, null);
        // the model reads the marker and sex, not age, so rows missing their age still have a score
        Fixtures.FnModel model = new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 3, 1, r -> new float[] {2 * r[0] - 1.5f - (r[1] == 2 ? 0.8f : 0)});
        return Fixtures.context(model, CLASSES, test, test).with("sensitive", sensitive).with("bootstrap-resamples", "200");
    }

    static TestContext regression(String sensitive) {
        return regression(sensitive, N);
    }

    static TestContext regression(String sensitive, int n) {
        float[] t = new float[n];
        DataSplit test = Fixtures.split("test", rows(n, new int[n], t), null, t);
        Fixtures.FnModel model = new Fixtures.FnModel(OutputKind.REGRESSION, 3, 1, r -> new float[] {3 * r[0] + 0.5f * r[1] - 0.75f});
        return Fixtures.context(model, TARGET, test, test).with("sensitive", sensitive).with("bootstrap-resamples", "200");
    }

    @Test
    void theRowsMaySplitAnyWay() throws Exception {
        // fewer rows and replicates than the other tests, each explainer runs five times here: quantiles for one, bins for the other
        TestContext c = classifier("sex;age:q4", 1200).with("bootstrap-resamples", "50");
        Partitions.assertSplitDoesNotMatter(new GroupFairnessExplainer(), c, c.test().orElseThrow());
        Partitions.assertSplitDoesNotMatter(new GroupRecallThresholdsExplainer(), c, c.test().orElseThrow());
        TestContext r = regression("sex;age:<40,40-65,>65", 1200).with("bootstrap-resamples", "50");
        Partitions.assertSplitDoesNotMatter(new GroupErrorGapsExplainer(), r, r.test().orElseThrow());
    }

    @Test
    void pointEstimatesAreTheCountsOfTheRows() throws Exception {
        TestContext c = classifier("sex");
        DataSplit test = c.test().orElseThrow();
        float[] logit = c.model().predict(test.features()).toArray();
        float[] x = test.features().toArray();
        long[][] cells = new long[4][4]; // [sex][tp, fp, tn, fn]
        for (int i = 0; i < N; i++) {
            float ill0 = (float) (1.0 / (1.0 + Math.exp(-logit[i])));
            boolean flagged = ill0 > 1f - ill0; // the positive class is the more probable one
            boolean ill = test.labels()[i] == 1;
            cells[(int) x[i * 3 + 1]][ill ? (flagged ? 0 : 3) : (flagged ? 1 : 2)]++;
        }
        double[] selection = new double[3], recall = new double[3];
        for (int s = 1; s <= 2; s++) {
            long[] k = cells[s];
            selection[s] = (double) (k[0] + k[1]) / (k[0] + k[1] + k[2] + k[3]);
            recall[s] = (double) k[0] / (k[0] + k[3]);
        }
        List<Finding> f = new GroupFairnessExplainer().explain(c);
        Table t = (Table) f.get(0);
        assertEquals(List.of("sex = 1", "sex = 2", "sex = 3"), t.rows().stream().map(r -> r.get(0)).toList());
        assertEquals("1", t.rows().get(2).get(1));
        assertEquals("too small to judge (fewer than 30 rows)", t.rows().get(2).get(t.rows().get(2).size() - 1));
        assertEquals(Math.abs(selection[1] - selection[2]), metric(f, "Demographic parity difference").value(), 0.0);
        assertEquals(Math.min(selection[1], selection[2]) / Math.max(selection[1], selection[2]), metric(f, "Demographic parity ratio").value(), 0.0);
        assertEquals(Math.abs(recall[1] - recall[2]), metric(f, "Equal opportunity difference").value(), 0.0);
        assertTrue(metric(f, "Equal opportunity difference").note().contains("Poisson bootstrap"), metric(f, "Equal opportunity difference").note());

        // group-recall-thresholds: per sex, the highest score whose recall reaches the better group's, and the accuracy cost
        double[] score = new double[N];
        boolean[] flaggedBefore = new boolean[N];
        for (int i = 0; i < N; i++) {
            float ill0 = (float) (1.0 / (1.0 + Math.exp(-logit[i])));
            score[i] = ill0;
            flaggedBefore[i] = ill0 > 1f - ill0;
        }
        double target = Math.max(recall[1], recall[2]);
        boolean[] decided = flaggedBefore.clone();
        for (int s = 1; s <= 2; s++) {
            double threshold = Double.NaN;
            for (double cut : java.util.Arrays.stream(score).distinct().sorted().toArray()) { // ascending: the last that reaches is the highest
                long hit = 0, ill = 0;
                for (int i = 0; i < N; i++)
                    if ((int) x[i * 3 + 1] == s && test.labels()[i] == 1) {
                        ill++;
                        if (score[i] >= cut) hit++;
                    }
                if ((double) hit / ill >= target) threshold = cut;
            }
            for (int i = 0; i < N; i++) if ((int) x[i * 3 + 1] == s) decided[i] = score[i] >= threshold;
        }
        long rightBefore = 0, rightAfter = 0;
        for (int i = 0; i < N; i++) {
            boolean ill = test.labels()[i] == 1;
            if (flaggedBefore[i] == ill) rightBefore++;
            if (decided[i] == ill) rightAfter++;
        }
        Metric cost = metric(new GroupRecallThresholdsExplainer().explain(c), "Overall accuracy cost");
        assertEquals((double) rightBefore / N - (double) rightAfter / N, cost.value(), 0.0);
        assertTrue(cost.lower() <= cost.value() && cost.value() <= cost.upper(), cost.lower() + " " + cost.value() + " " + cost.upper());

        // regression: each group's MAE is its exact sum of |error| (here in BigDecimal) over its rows
        TestContext r = regression("sex");
        DataSplit rt = r.test().orElseThrow();
        float[] predicted = r.model().predict(rt.features()).toArray();
        BigDecimal[] sum = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        long[] n = new long[4];
        for (int i = 0; i < N; i++) {
            int s = (int) x[i * 3 + 1];
            sum[s] = sum[s].add(new BigDecimal(Math.abs((double) rt.targets()[i] - (double) predicted[i])));
            n[s]++;
        }
        double mae1 = sum[1].doubleValue() / n[1], mae2 = sum[2].doubleValue() / n[2];
        assertEquals(Math.max(mae1, mae2) - Math.min(mae1, mae2), metric(new GroupErrorGapsExplainer().explain(r), "Largest gap").value(), 0.0);
    }

    static Metric metric(List<Finding> f, String start) {
        return f.stream().filter(x -> x instanceof Metric m && m.title().startsWith(start)).map(Metric.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + start));
    }

    @Test
    void missingValuesAndTinyGroupsAreListedNotJudged() throws Exception {
        // 7 rows without an age fall in no quantile group; the rest are counted, every group judged
        List<Finding> f = new GroupFairnessExplainer().explain(classifier("age:q4"));
        Table t = (Table) f.get(0);
        assertEquals(N - 7, t.rows().stream().mapToLong(r -> Long.parseLong(r.get(1))).sum());
        // a by-value column whose values are all missing: one group ("other"), nothing to compare, said so
        int[] y = new int[N];
        float[][] x = rows(N, y, new float[N]);
        for (float[] row : x) row[1] = Float.NaN;
        DataSplit test = Fixtures.split("test", x, y, null);
        TestContext c = Fixtures.context(classifier("sex").model(), CLASSES, test, test).with("sensitive", "sex").with("bootstrap-resamples", "50");
        List<Finding> none = new GroupFairnessExplainer().explain(c);
        assertEquals(List.of(List.of("sex other", Integer.toString(N))), ((Table) none.get(0)).rows().stream().map(r -> r.subList(0, 2)).toList());
        for (Finding v : none)
            if (v instanceof Verdict verdict) assertEquals(Verdict.Outcome.NOT_APPLICABLE, verdict.outcome(), verdict.summary());
        // no sensitive attributes named (a cluster runner runs what it is asked for): not applicable, in the host's words
        for (dev.lucent.explain.api.Explainer e : List.of(new GroupFairnessExplainer(), new GroupRecallThresholdsExplainer())) {
            Verdict v = (Verdict) ((dev.lucent.explain.api.Explainer) e).explain(c.with("sensitive", "")).get(0);
            assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome());
            assertEquals("explainer " + e.info().id() + " was not run: it needs sensitive attributes: none were named (the CLI's --sensitive,"
                    + " the new-audit page's field, or the parameter sensitive).", v.summary());
        }
        // quantiles of a column with no values: refused, naming it
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupFairnessExplainer().explain(c.with("sensitive", "sex:q4")));
        assertEquals("sensitive attribute sex has no values", e.getMessage());
    }

    @Test
    void manyDistinctValuesAskForBinsOrGetExactQuantiles() throws Exception {
        int n = 100_000;
        int[] y = new int[n];
        float[] target = new float[n];
        float[][] x = rows(n, y, target);
        for (int i = 0; i < n; i++) x[i][2] = i * 0.001f + 20; // 10^5 distinct ages
        DataSplit test = Fixtures.split("test", x, y, null);
        TestContext c = Fixtures.context(classifier("sex").model(), CLASSES, test, test).with("bootstrap-resamples", "20");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupFairnessExplainer().explain(c.with("sensitive", "age")));
        assertTrue(e.getMessage().startsWith("sensitive attribute age has 100000 distinct values, too many to compare one by one: give bins"),
                e.getMessage());
        // quartiles over 10^5 distinct values: the groups numpy's linear quantiles give, counted exactly
        Table t = (Table) new GroupFairnessExplainer().explain(c.with("sensitive", "age:q4")).get(0);
        assertEquals(List.of("25000", "25000", "25000", "25000"), t.rows().stream().map(r -> r.get(1)).toList());
        // past the distinct values a first pass keeps, quantiles are refused rather than guessed
        double[] many = new double[ColumnValues.MAX_DISTINCT + 1];
        for (int i = 0; i < many.length; i++) many[i] = i;
        ColumnValues half = ColumnValues.of(java.util.Arrays.copyOf(many, many.length / 2));
        ColumnValues merged = half.merge(ColumnValues.of(java.util.Arrays.copyOfRange(many, many.length / 2, many.length)));
        assertTrue(merged.overflowed());
        e = assertThrows(IllegalArgumentException.class, () -> Subgroups.Rule.of(SensitiveAttribute.parseAll("age:q4").get(0), merged));
        assertTrue(e.getMessage().startsWith("sensitive attribute age has more than 131072 distinct values"), e.getMessage());
    }
}
