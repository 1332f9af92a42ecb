package dev.lucent.explain.datachecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.Partitions;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The data checks as a cluster runner drives them: the same findings, to the last bit, from the rows in one block, in
 * the single-machine runner's blocks, and shuffled into random blocks merged in random orders (constant-features's
 * plan serialized between its two passes); and the counts against a brute-force count written here.
 */
class PartitionedDataChecksTest {
    static final int N = 3000, D = 6;
    static final Fixtures.FnModel MODEL = new Fixtures.FnModel(OutputKind.BINARY_LOGIT, D, 1, r -> new float[] {r[0]});

    /**
     * Planted: f1 constant, f2 near-constant (97% zeros), f3 five levels, f5 with NaNs and infinities; 40 copies of
     * earlier rows (groups of two to five, two groups with a conflicting label); classes 3:1.
     */
    static float[][] rows(int[] labels) {
        SplittableRandom rng = new SplittableRandom(11);
        float[][] x = new float[N][D];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 4 == 0 ? 1 : 0;
            x[i][0] = (float) rng.nextGaussian();
            x[i][1] = 7f;
            x[i][2] = rng.nextInt(100) < 97 ? 0f : (float) rng.nextGaussian();
            x[i][3] = rng.nextInt(5);
            x[i][4] = (float) rng.nextGaussian();
            int r = rng.nextInt(200);
            x[i][5] = r == 0 ? Float.NaN : r == 1 ? Float.POSITIVE_INFINITY : (float) rng.nextGaussian();
        }
        for (int c = 0; c < 40; c++) {
            int from = rng.nextInt(N / 2), to = N / 2 + rng.nextInt(N / 2);
            x[to] = x[from].clone();
            labels[to] = c < 2 ? 1 - labels[from] : labels[from];
        }
        return x;
    }

    static TestContext context(DataSplit train) {
        return Fixtures.context(MODEL, Fixtures.schema(D, List.of("a", "b")), train, null);
    }

    @Test
    void theRowsMaySplitAnyWay() throws Exception {
        int[] y = new int[N];
        DataSplit train = Fixtures.split("train", rows(y), y, null);
        TestContext c = context(train);
        Partitions.assertSplitDoesNotMatter(new ClassBalanceExplainer(), c, train);
        Partitions.assertSplitDoesNotMatter(new MissingValuesExplainer(), c, train);
        Partitions.assertSplitDoesNotMatter(new DuplicateRowsExplainer(), c, train);
        Partitions.assertSplitDoesNotMatter(new ConstantFeaturesExplainer(), c, train);
        Partitions.assertSplitDoesNotMatter(new ConstantFeaturesExplainer(), c.with("near-constant-share", "0.3"), train);
    }

    @Test
    void duplicatesAreCountedAsABruteForceCountFindsThem() throws Exception {
        int[] y = new int[N];
        float[][] x = rows(y);
        Map<String, List<Integer>> byRow = new HashMap<>();
        for (int i = 0; i < N; i++) {
            StringBuilder key = new StringBuilder();
            for (float v : x[i]) key.append(Float.floatToIntBits(v)).append(',');
            byRow.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(i);
        }
        int groups = 0, redundant = 0, conflicting = 0;
        for (List<Integer> g : byRow.values()) {
            if (g.size() < 2) continue;
            groups++;
            redundant += g.size() - 1;
            if (g.stream().map(i -> y[i]).distinct().count() > 1) conflicting++;
        }
        assertTrue(groups >= 30 && conflicting == 2, groups + " groups, " + conflicting + " conflicting");
        Verdict v = DataChecksTest.verdict(new DuplicateRowsExplainer().explain(context(Fixtures.split("train", x, y, null))));
        assertEquals(Verdict.Outcome.FAIL, v.outcome());
        assertEquals("train: " + groups + " groups of identical rows, " + redundant + " redundant rows, " + conflicting
                + " groups with conflicting labels", v.evidence().get(0));
    }

    @Test
    void constantFeaturesAreThoseABruteForceCountFinds() throws Exception {
        int[] y = new int[N];
        float[][] x = rows(y);
        for (double share : new double[] {0.95, 0.3, 0.19}) {
            List<String> expected = new ArrayList<>();
            for (int j = 0; j < D; j++) {
                Map<Integer, Integer> counts = new HashMap<>();
                for (float[] row : x) counts.merge(Float.floatToIntBits(row[j]), 1, Integer::sum);
                int best = counts.values().stream().max(Integer::compare).orElseThrow();
                if (counts.size() == 1) expected.add(0, "f" + j + " constant " + Checks.pct((double) best / N));
                else if ((double) best / N >= share) expected.add("f" + j + " near-constant " + Checks.pct((double) best / N));
            }
            List<Finding> f = new ConstantFeaturesExplainer().explain(context(Fixtures.split("train", x, y, null))
                    .with("near-constant-share", Double.toString(share)));
            List<String> found = ((Table) f.get(0)).rows().stream().map(r -> String.join(" ", r)).toList();
            // the constant ones first, then the near-constant ones, each in feature order
            List<String> want = new ArrayList<>(expected.stream().filter(s -> s.contains(" constant")).sorted().toList());
            want.addAll(expected.stream().filter(s -> s.contains("near-constant")).toList());
            assertEquals(want, found, "share " + share);
        }
    }

    /**
     * Past the distinct rows a summary keeps, the kept rows are a sample of the distinct rows by hash: the share of
     * redundant rows is estimated with an interval (which holds the planted share) and the same for any split.
     */
    @Test
    void pastTheKeptRowsDuplicatesAreASampleSaidSo() throws Exception {
        int n = DuplicateRows.KEPT + 30_000, copies = n / 10;
        SplittableRandom rng = new SplittableRandom(3);
        float[][] x = new float[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) x[i][j] = (float) rng.nextGaussian();
        for (int c = 0; c < copies; c++) x[n - 1 - c] = x[c].clone(); // each of the first rows once again: 10% redundant
        DataSplit train = Fixtures.split("train", x, y, null);
        TestContext c = Fixtures.context(new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 3, 1, r -> new float[] {r[0]}),
                Fixtures.schema(3, List.of("a", "b")), train, null);
        List<Finding> f = new DuplicateRowsExplainer().explain(c);
        Verdict v = DataChecksTest.verdict(f);
        assertTrue(v.evidence().get(0).contains("of a sample of " + DuplicateRows.KEPT + " distinct rows (by row hash) of its " + n), v.evidence().get(0));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("95% interval ([0-9.]+) to ([0-9.]+)").matcher(v.summary());
        assertTrue(m.find(), v.summary()); // an estimate with its interval, not a count
        double planted = (double) copies / n;
        assertTrue(Double.parseDouble(m.group(1)) <= planted && planted <= Double.parseDouble(m.group(2)), planted + ": " + v.summary());
        assertEquals(Verdict.Outcome.WARN, v.outcome());
        assertEquals(Fixtures.render(f), Fixtures.render(Partitions.randomBlocks(new DuplicateRowsExplainer(), c, train, 5, 4)));
    }
}
