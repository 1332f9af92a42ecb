package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.Partitions;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code subgroup-gaps} as a cluster runner drives it: the same findings from one block, the single-machine blocks and
 * random splits; the recall gap and the MAE gap against counts and exact sums made here; the automatic median split
 * of a column of 10^5 distinct values against the median of the sorted column; hostile group columns.
 */
class PartitionedSubgroupGapTest {

    static final DatasetSchema CLASSES = new DatasetSchema(List.of("marker", "site", "age"), "y", List.of("healthy", "ill"), new int[] {3});
    static final DatasetSchema TARGET = new DatasetSchema(List.of("marker", "site", "age"), "y", List.of(), new int[] {3});
    static final Fixtures.FnModel CLASSIFIER = new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 3, 1,
            r -> new float[] {2 * r[0] - 1.5f - (r[1] == 2 ? 0.8f : 0)});
    static final Fixtures.FnModel REGRESSOR = new Fixtures.FnModel(OutputKind.REGRESSION, 3, 1, r -> new float[] {3 * r[0] + 0.5f * r[1]});

    /** marker ~ 1.5 y + N(0, 1); site 1 to 3; age 20 to 80 with 4 significant digits; target 3 marker + N(0, 1) (seed 9). */
    static float[][] rows(int n, int[] y, float[] target) {
        SplittableRandom rng = new SplittableRandom(9);
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < 0.3 ? 1 : 0;
            float marker = (float) (1.5 * y[i] + rng.nextGaussian());
            x[i] = new float[] {marker, 1 + rng.nextInt(3), (float) (20 + 60 * rng.nextDouble())};
            target[i] = (float) (3 * marker + rng.nextGaussian());
        }
        return x;
    }

    static TestContext classifier(int n, String feature) {
        int[] y = new int[n];
        DataSplit test = Fixtures.split("test", rows(n, y, new float[n]), y, null);
        return Fixtures.context(CLASSIFIER, CLASSES, test, test).with("feature", feature).with("bootstrap-resamples", "50");
    }

    static TestContext regression(int n, String feature) {
        float[] t = new float[n];
        DataSplit test = Fixtures.split("test", rows(n, new int[n], t), null, t);
        return Fixtures.context(REGRESSOR, TARGET, test, test).with("feature", feature).with("bootstrap-resamples", "50");
    }

    @Test
    void theRowsMaySplitAnyWay() throws Exception {
        TestContext c = classifier(1500, "site");
        Partitions.assertSplitDoesNotMatter(new SubgroupGapExplainer(), c, c.test().orElseThrow());
        TestContext r = regression(1500, "age"); // many distinct values: split at the median
        Partitions.assertSplitDoesNotMatter(new SubgroupGapExplainer(), r, r.test().orElseThrow());
    }

    @Test
    void gapsAreThoseOfTheRowsCountedHere() throws Exception {
        int n = 3000;
        TestContext c = classifier(n, "site").with("bootstrap-resamples", "200");
        DataSplit test = c.test().orElseThrow();
        float[] logit = c.model().predict(test.features()).toArray();
        float[] x = test.features().toArray();
        long[] caught = new long[4], ill = new long[4];
        for (int i = 0; i < n; i++) {
            if (test.labels()[i] != 1) continue;
            float p = (float) (1.0 / (1.0 + Math.exp(-logit[i])));
            int site = (int) x[i * 3 + 1];
            ill[site]++;
            if (p > 1f - p) caught[site]++;
        }
        double[] recall = new double[4];
        for (int s = 1; s <= 3; s++) recall[s] = (double) caught[s] / ill[s];
        double[] r = Arrays.copyOfRange(recall, 1, 4);
        List<Finding> f = new SubgroupGapExplainer().explain(c);
        Metric gap = (Metric) f.get(1);
        assertEquals(Arrays.stream(r).max().orElseThrow() - Arrays.stream(r).min().orElseThrow(), gap.value(), 0.0);
        assertTrue(gap.lower() <= gap.value() && gap.value() <= gap.upper(), gap.lower() + " " + gap.value() + " " + gap.upper());
        assertTrue(gap.note().contains("Poisson bootstrap"), gap.note());

        // regression, split at the median age: each side's MAE is its exact sum of |error| over its rows
        TestContext g = regression(n, "age");
        DataSplit rt = g.test().orElseThrow();
        float[] predicted = g.model().predict(rt.features()).toArray();
        double[] age = new double[n];
        for (int i = 0; i < n; i++) age[i] = x[i * 3 + 2];
        double[] sorted = age.clone();
        Arrays.sort(sorted);
        double median = (sorted[n / 2 - 1] + sorted[n / 2]) / 2; // numpy's linear median of an even count
        BigDecimal[] sum = {BigDecimal.ZERO, BigDecimal.ZERO};
        long[] rows = new long[2];
        for (int i = 0; i < n; i++) {
            int side = age[i] <= median ? 0 : 1;
            sum[side] = sum[side].add(new BigDecimal(Math.abs((double) rt.targets()[i] - (double) predicted[i])));
            rows[side]++;
        }
        List<Finding> e = new SubgroupGapExplainer().explain(g);
        Table t = (Table) e.get(0);
        assertEquals(List.of(Long.toString(rows[0]), Long.toString(rows[1])), t.rows().stream().map(row -> row.get(1)).toList());
        double low = sum[0].doubleValue() / rows[0], high = sum[1].doubleValue() / rows[1];
        assertEquals(Math.abs(low - high), ((Metric) e.get(1)).value(), 0.0);
    }

    @Test
    void hostileGroupColumnsGetAFindingOrAnErrorNamingThem() throws Exception {
        // 10^5 distinct values: the automatic split at their exact median, half and half
        int n = 100_000;
        TestContext c = classifier(n, "age").with("bootstrap-resamples", "10");
        Table t = (Table) new SubgroupGapExplainer().explain(c).get(0);
        float[] x = c.test().orElseThrow().features().toArray();
        double[] age = new double[n];
        for (int i = 0; i < n; i++) age[i] = x[i * 3 + 2];
        Arrays.sort(age);
        String median = dev.lucent.explain.support.Subgroups.fmt((age[n / 2 - 1] + age[n / 2]) / 2);
        assertEquals(List.of(List.of("age <= " + median, "50000"), List.of("age > " + median, "50000")),
                t.rows().stream().map(r -> r.subList(0, 2)).toList());
        // a group of one row is listed with its one row; a value nobody has, with none
        Table one = (Table) new SubgroupGapExplainer().explain(classifier(400, "site").with("values", "1,7")).get(0);
        assertEquals(List.of("site = 1", "site = 7", "site other"), one.rows().stream().map(r -> r.get(0)).toList());
        assertEquals("0", one.rows().get(1).get(1));
        // missing values: in no group at a threshold; a column with none at all is refused, naming it
        int[] y = new int[300];
        float[][] rows = rows(300, y, new float[300]);
        for (int i = 0; i < 300; i++) rows[i][2] = i % 3 == 0 ? Float.NaN : rows[i][2];
        DataSplit test = Fixtures.split("test", rows, y, null);
        TestContext m = Fixtures.context(CLASSIFIER, CLASSES, test, test).with("feature", "age").with("threshold", "50").with("bootstrap-resamples", "10");
        Table cut = (Table) new SubgroupGapExplainer().explain(m).get(0);
        assertEquals(200, cut.rows().stream().mapToLong(r -> Long.parseLong(r.get(1))).sum());
        for (float[] row : rows) row[2] = Float.NaN;
        DataSplit none = Fixtures.split("test", rows, y, null);
        TestContext empty = Fixtures.context(CLASSIFIER, CLASSES, none, none).with("feature", "age");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SubgroupGapExplainer().explain(empty));
        assertEquals("feature age has no values", e.getMessage());
    }
}
