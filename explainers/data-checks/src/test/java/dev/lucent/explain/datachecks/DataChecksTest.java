package dev.lucent.explain.datachecks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.DataSplit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each check finds what was planted in a fixture, and passes a clean one. */
class DataChecksTest {

    static final List<String> CLASSES = List.of("a", "b");
    static final Fixtures.FnModel MODEL = new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 4, 1, r -> new float[] {r[0]});

    /** Clean data: 4 continuous features, labels = sign of feature 0 (well separated), no copies. */
    static float[][] clean(int n, long seed, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][4];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            x[i][0] = (float) ((labels[i] == 1 ? 2 : -2) + rng.nextGaussian() * 0.5);
            for (int j = 1; j < 4; j++) x[i][j] = (float) rng.nextGaussian();
        }
        return x;
    }

    static TestContext ctx(float[][] train, int[] trainLabels, float[][] test, int[] testLabels) {
        return Fixtures.context(MODEL, Fixtures.schema(4, CLASSES), Fixtures.split("train", train, trainLabels, null),
                test == null ? null : Fixtures.split("test", test, testLabels, null));
    }

    static TestContext cleanCtx() {
        int[] yl = new int[200];
        int[] tl = new int[60];
        return ctx(clean(200, 1, yl), yl, clean(60, 2, tl), tl);
    }

    static Verdict verdict(List<Finding> f) {
        return f.stream().filter(Verdict.class::isInstance).map(Verdict.class::cast).findFirst().orElseThrow();
    }

    @Test
    void aCleanDataSetPassesEveryCheck() throws Exception {
        for (Explainer e : List.of(new ClassBalanceExplainer(), new DuplicateRowsExplainer(), new LeakageExplainer(), new ConstantFeaturesExplainer(),
                new MissingValuesExplainer(), new LabelNoiseExplainer())) {
            TestContext c = cleanCtx();
            assertEquals(Verdict.Outcome.PASS, verdict(e.explain(c)).outcome(), e.info().id());
            assertEquals(1.0, c.lastProgress(), e.info().id());
        }
    }

    @Test
    void plantedDuplicatesAreFoundAndConflictingLabelsFail() throws Exception {
        int[] y = new int[50];
        float[][] x = clean(50, 3, y);
        x[10] = x[3].clone();
        x[20] = x[3].clone();
        x[31] = x[7].clone();
        y[10] = y[3];
        y[20] = y[3];
        y[31] = y[7];
        DuplicateRows d = DuplicateRows.of(Rows.of(Fixtures.split("train", x, y, null)));
        assertEquals(2, d.groups().size());
        assertArrayEquals(new long[] {3, 10, 20}, d.groups().get(0).ids);
        assertArrayEquals(new long[] {7, 31}, d.groups().get(1).ids);
        assertEquals(3, d.redundantRows());
        assertEquals(0, d.conflictingGroups());
        assertEquals(Verdict.Outcome.WARN, verdict(new DuplicateRowsExplainer().explain(ctx(x, y, null, null))).outcome());
        y[31] = 1 - y[7];
        assertEquals(Verdict.Outcome.FAIL, verdict(new DuplicateRowsExplainer().explain(ctx(x, y, null, null))).outcome());
    }

    @Test
    void plantedLeakageIsFoundExactAndNear() throws Exception {
        int[] yl = new int[200];
        int[] tl = new int[60];
        float[][] train = clean(200, 1, yl);
        float[][] test = clean(60, 2, tl);
        test[5] = train[17].clone(); // exact copy
        test[9] = train[40].clone();
        test[9][2] += 1e-4f; // near copy: RMS standardized distance about 1e-4 / 1 / sqrt(4)
        SplitLeakage l = SplitLeakage.of(Rows.of(Fixtures.split("train", train, yl, null)), Rows.of(Fixtures.split("test", test, tl, null)),
                0.01, null);
        assertArrayEquals(new int[] {5}, l.exact());
        assertArrayEquals(new int[] {9}, l.near());
        assertEquals(0.0, l.nearestRms()[5]);
        assertTrue(l.nearestRms()[9] < 1e-4 && l.nearestRms()[9] > 1e-6, "rms " + l.nearestRms()[9]);
        // Every other row is far from every training row in this continuous fixture.
        for (int i = 0; i < 60; i++) if (i != 5 && i != 9) assertTrue(l.nearestRms()[i] > 0.01);
        assertEquals(Verdict.Outcome.FAIL, verdict(new LeakageExplainer().explain(ctx(train, yl, test, tl))).outcome());
        test[5] = clean(1, 99, new int[1])[0];
        assertEquals(Verdict.Outcome.WARN, verdict(new LeakageExplainer().explain(ctx(train, yl, test, tl))).outcome());
    }

    @Test
    void plantedConstantAndNearConstantFeaturesAreFound() throws Exception {
        int[] y = new int[100];
        float[][] x = clean(100, 4, y);
        for (int i = 0; i < 100; i++) {
            x[i][1] = 7f; // constant
            x[i][3] = i < 97 ? 0f : 1f; // 97% zeros: near-constant at 0.95
        }
        ConstantFeatures c = ConstantFeatures.of(Rows.of(Fixtures.split("train", x, y, null)), 0.95);
        assertArrayEquals(new int[] {1}, c.constant());
        assertArrayEquals(new int[] {3}, c.nearConstant());
        assertEquals(0.97, c.dominantShare()[3], 1e-12);
        assertTrue(Double.isNaN(c.dominantShare()[0])); // continuous: below the share, so its commonest value is not counted
        assertEquals(Verdict.Outcome.WARN, verdict(new ConstantFeaturesExplainer().explain(ctx(x, y, null, null))).outcome());
    }

    @Test
    void missingAndInfiniteValuesFail() throws Exception {
        int[] y = new int[30];
        float[][] x = clean(30, 5, y);
        x[2][1] = Float.NaN;
        x[4][1] = Float.NaN;
        x[4][2] = Float.POSITIVE_INFINITY;
        MissingValues m = MissingValues.of(Rows.of(Fixtures.split("train", x, y, null)));
        assertArrayEquals(new long[] {0, 2, 0, 0}, m.missing());
        assertArrayEquals(new long[] {0, 0, 1, 0}, m.infinite());
        assertEquals(2, m.rowsWithAny());
        assertEquals(Verdict.Outcome.FAIL, verdict(new MissingValuesExplainer().explain(ctx(x, y, null, null))).outcome());
    }

    @Test
    void imbalanceWarnsAndAnAbsentClassFails() throws Exception {
        ClassBalance b = ClassBalance.of(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, 2);
        assertEquals(4.0, b.imbalanceRatio());
        assertEquals(1, b.minority());
        int[] y = new int[100];
        float[][] x = clean(100, 6, y);
        for (int i = 0; i < 100; i++) y[i] = i < 90 ? 0 : 1; // 9 to 1
        assertEquals(Verdict.Outcome.WARN, verdict(new ClassBalanceExplainer().explain(ctx(x, y, null, null))).outcome());
        java.util.Arrays.fill(y, 0);
        assertEquals(Verdict.Outcome.FAIL, verdict(new ClassBalanceExplainer().explain(ctx(x, y, null, null))).outcome());
    }

    /** Balanced classes tie for most and least common: the evidence names two different classes. */
    @Test
    void aTieNamesTwoDifferentClasses() throws Exception {
        ClassBalance b = ClassBalance.of(new int[] {0, 1, 2, 0, 1, 2}, 3);
        assertEquals(0, b.majority());
        assertEquals(1, b.minority());
        assertEquals(1.0, b.imbalanceRatio());
        ClassBalance last = ClassBalance.of(new int[] {0, 1, 1}, 2);
        assertEquals(1, last.majority());
        assertEquals(0, last.minority());
        int[] y = new int[100];
        float[][] x = clean(100, 6, y);
        for (int i = 0; i < 100; i++) y[i] = i % 2;
        Verdict v = verdict(new ClassBalanceExplainer().explain(ctx(x, y, null, null)));
        assertEquals(Verdict.Outcome.PASS, v.outcome());
        String evidence = v.evidence().get(0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((.+) (\\d+) rows, (.+) (\\d+)\\)$").matcher(evidence);
        assertTrue(m.find() && m.group(2).equals(m.group(4)), "a tie: " + evidence);
        assertTrue(!m.group(1).equals(m.group(3)), "two different classes: " + evidence);
    }

    @Test
    void flippedLabelsAreHintedAsNoise() throws Exception {
        int[] y = new int[200];
        float[][] x = clean(200, 7, y);
        int[] flipped = {11, 50, 123, 170};
        for (int i : flipped) y[i] = 1 - y[i];
        LabelNoise n = LabelNoise.of(Rows.of(Fixtures.split("train", x, y, null)), 2, 5, 4, null);
        // The classes sit 4 standard deviations apart on feature 0, so the flipped rows' neighbours all disagree;
        // the 3 noise features dilute the distance but leave the flipped rows as the only suspects.
        assertArrayEquals(flipped, n.suspicious());
        List<Finding> f = new LabelNoiseExplainer().explain(ctx(x, y, null, null).with("max-share", "0.01"));
        assertEquals(0.02, ((Metric) f.get(0)).value(), 1e-12);
        assertEquals(Verdict.Outcome.WARN, verdict(f).outcome());
    }

    @Test
    void nearestNeighboursAgreeWithASortedBruteForce() throws Exception {
        SplittableRandom rng = new SplittableRandom(8);
        double[][] pts = new double[40][3];
        for (double[] p : pts) for (int j = 0; j < 3; j++) p[j] = rng.nextInt(4); // many equal distances
        NearestNeighbours.Result r = NearestNeighbours.find(pts, pts, 3, true, null);
        for (int q = 0; q < pts.length; q++) {
            int qq = q;
            int[] expected = java.util.stream.IntStream.range(0, pts.length).filter(i -> i != qq).boxed()
                    .sorted(java.util.Comparator.<Integer>comparingDouble(i -> dist2(pts[qq], pts[i])).thenComparingInt(i -> i))
                    .limit(3).mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, r.index()[q], "query " + q);
        }
    }

    static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return s;
    }

    @Test
    void regressionDataIsNotApplicableForLabelChecksAndCancellationStopsSearches() throws Exception {
        DataSplit reg = Fixtures.split("train", clean(20, 9, new int[20]), null, new float[20]);
        TestContext c = Fixtures.context(MODEL, Fixtures.schema(4, List.of()), reg, null);
        // declared needs, checked before the explainers run (Lucent reports them NOT_APPLICABLE without running them)
        assertEquals("needs class labels: the data has no class labels (a regression task)", new LabelNoiseExplainer().info().unmetNeed(c).orElseThrow());
        assertEquals("needs class labels: the data has no class labels (a regression task)", new ClassBalanceExplainer().info().unmetNeed(c).orElseThrow());
        assertEquals("needs a held-out split: there is no held-out split", new LeakageExplainer().info().unmetNeed(c).orElseThrow());
        for (Explainer e : List.of(new LabelNoiseExplainer(), new LeakageExplainer())) {
            TestContext cc = cleanCtx();
            cc.cancelAfterChecks(0);
            assertThrows(AuditCancelledException.class, () -> e.explain(cc));
        }
        // Determinism of a sampled search: same seed, same findings.
        TestContext a = cleanCtx().with("max-rows", "50");
        TestContext b = cleanCtx().with("max-rows", "50");
        assertEquals(Fixtures.render(new LabelNoiseExplainer().explain(a)), Fixtures.render(new LabelNoiseExplainer().explain(b)));
    }
}
