package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.DataSplit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The explainer components over fixture models: refusals, verdicts, determinism, cancellation. */
class PerformanceExplainersTest {

    static final List<String> CLASSES = List.of("healthy", "sick");

    /**
     * Rows (p, group): the model's probability of "sick" is p. The labels make the default decision (p >= 0.5)
     * miss 3 of 10 sick rows (p = 0.4, 0.3, 0.3) while threshold 0.3 catches all.
     */
    static TestContext diagnosisFixture() {
        double[] sickP = {0.9, 0.8, 0.8, 0.7, 0.6, 0.6, 0.55, 0.4, 0.3, 0.3};
        double[] healthyP = {0.1, 0.1, 0.2, 0.2, 0.2, 0.3, 0.35, 0.45, 0.6, 0.05, 0.15, 0.25, 0.1, 0.05, 0.2, 0.3, 0.1, 0.05, 0.4, 0.2};
        int n = sickP.length + healthyP.length;
        float[][] rows = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean sick = i < sickP.length;
            double p = sick ? sickP[i] : healthyP[i - sickP.length];
            rows[i] = new float[] {(float) p, i % 2 + 1};
            labels[i] = sick ? 1 : 0;
        }
        DataSplit test = Fixtures.split("test", rows, labels, null);
        DataSplit train = Fixtures.split("train", rows, labels, null); // sick is the minority: the positive class
        return Fixtures.context(Fixtures.probabilityIsFirstFeature(2), Fixtures.schema(2, CLASSES), train, test);
    }

    static <T extends Finding> List<T> of(List<Finding> findings, Class<T> kind) {
        return findings.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static Metric metric(List<Finding> findings, String name) {
        return of(findings, Metric.class).stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void classificationMetricsCountTheFixture() throws Exception {
        List<Finding> f = new ClassificationMetricsExplainer().explain(diagnosisFixture());
        // Predicted sick when p > 0.5 (argmax; p = 0.5 never occurs): 7 of 10 sick, and 1 healthy row (0.6) -> 26 of 30 right.
        Metric acc = metric(f, "accuracy");
        assertEquals(26.0 / 30, acc.value(), 1e-12);
        assertTrue(acc.lower() <= acc.value() && acc.value() <= acc.upper());
        Table cm = of(f, Table.class).get(1);
        assertEquals(List.of("healthy", "19", "1"), cm.rows().get(0));
        assertEquals(List.of("sick", "3", "7"), cm.rows().get(1));
        Table perClass = of(f, Table.class).get(0);
        assertEquals("0.8750", perClass.rows().get(1).get(1)); // precision of sick: 7 / 8
        assertEquals("0.7000", perClass.rows().get(1).get(2)); // recall of sick: 7 / 10
    }

    @Test
    void recallThresholdWarnsWhenTheDefaultDecisionMissesCasesButALowerThresholdIsAffordable() throws Exception {
        List<Finding> f = new RecallThresholdExplainer().explain(diagnosisFixture());
        Metric threshold = metric(f, "threshold");
        // Catching all 10 sick rows (recall 1 >= 0.95) needs threshold 0.3 (float 0.3 widened to double), where
        // healthy rows with p >= 0.3 are 0.3, 0.35, 0.45, 0.6, 0.3, 0.4 -> precision 10 / 16.
        assertEquals((double) 0.3f, threshold.value(), 1e-12);
        assertEquals(1.0, metric(f, "recall").value());
        assertEquals(10.0 / 16, metric(f, "precision").value(), 1e-12);
        assertEquals(0.7, metric(f, "recall (default)").value(), 1e-12);
        Verdict v = of(f, Verdict.class).get(0);
        assertEquals(Verdict.Outcome.WARN, v.outcome());
        // From 10 sick rows the default decision's recall 0.7 has an interval reaching past 0.95: the data cannot show it
        // falls short, nor that it is met (the shared rule), so even demanding precision 0.9 at the threshold only warns.
        assertTrue(v.summary().startsWith("WARN: recall of sick by the default decision 0.700 (95% interval "), v.summary());
        assertTrue(v.summary().contains("may fall short of the requirement 0.95 set by `required-recall`"), v.summary());
        List<Finding> strict = new RecallThresholdExplainer().explain(diagnosisFixture().with("min-precision", "0.9"));
        assertEquals(Verdict.Outcome.WARN, of(strict, Verdict.class).get(0).outcome());
        // Requiring 0.7 recall, the point estimate meets it but the interval reaches below: not a pass.
        List<Finding> even = new RecallThresholdExplainer().explain(diagnosisFixture().with("required-recall", "0.7"));
        assertEquals(Verdict.Outcome.WARN, of(even, Verdict.class).get(0).outcome());
        // Requiring only 0.3, the whole interval meets it: the default decision suffices.
        List<Finding> lax = new RecallThresholdExplainer().explain(diagnosisFixture().with("required-recall", "0.3"));
        Verdict pass = of(lax, Verdict.class).get(0);
        assertEquals(Verdict.Outcome.PASS, pass.outcome(), pass.summary());
        assertTrue(pass.summary().contains("meets the requirement 0.3 set by `required-recall`: the whole interval is at least 0.3"));
    }

    @Test
    void regressionModelsAndMissingHeldOutDataAreRefusedWithAVerdict() throws Exception {
        Fixtures.FnModel regression = new Fixtures.FnModel(OutputKind.REGRESSION, 2, 1, r -> new float[] {r[0] * 2});
        float[][] rows = {{1, 0}, {2, 0}, {3, 1}};
        DataSplit split = Fixtures.split("test", rows, null, new float[] {2, 4, 7});
        TestContext ctx = Fixtures.context(regression, Fixtures.schema(2, List.of()), split, split);
        for (Explainer e : List.of(new RocPrExplainer(), new CalibrationExplainer(), new ClassificationMetricsExplainer(),
                new RecallThresholdExplainer())) {
            List<Finding> f = e.explain(ctx);
            assertEquals(1, f.size());
            assertEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) f.get(0)).outcome(), e.info().id());
        }
        // The regression metrics on this fixture: errors 0, 0, -1 -> MAE 1/3.
        assertEquals(1.0 / 3, metric(new RegressionMetricsExplainer().explain(ctx), "MAE").value(), 1e-12);
        // A three-logit model audited against a two-class schema is refused, not miscounted.
        Fixtures.FnModel three = new Fixtures.FnModel(OutputKind.CLASS_LOGITS, 2, 3, r -> new float[] {r[0], r[1], 0});
        TestContext d = diagnosisFixture();
        TestContext mismatch = Fixtures.context(three, d.schema(), d.train(), d.test().orElse(null));
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) new ClassificationMetricsExplainer().explain(mismatch).get(0)).outcome());
        TestContext noTest = diagnosisFixture();
        TestContext trainOnly = Fixtures.context(noTest.model(), noTest.schema(), noTest.train(), null);
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) new RocPrExplainer().explain(trainOnly).get(0)).outcome());
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) new RegressionMetricsExplainer().explain(diagnosisFixture()).get(0)).outcome());
    }

    @Test
    void rocAucOfTheFixtureMatchesPairCounting() throws Exception {
        TestContext ctx = diagnosisFixture();
        List<Finding> f = new RocPrExplainer().explain(ctx);
        // Independent count over the 10 x 20 (sick, healthy) pairs of the fixture's float probabilities.
        float[] x = ctx.test().orElseThrow().features().toArray();
        double wins = 0;
        for (int i = 0; i < 10; i++)
            for (int j = 10; j < 30; j++) wins += x[2 * i] > x[2 * j] ? 1 : x[2 * i] == x[2 * j] ? 0.5 : 0;
        assertEquals(wins / 200, metric(f, "ROC-AUC").value(), 1e-6);
    }

    @Test
    void calibrationOfAModelThatSaysWhatHappens() throws Exception {
        // 1000 rows whose label is drawn with the model's own probability: calibrated, ECE small;
        // the same rows judged against inverted labels: badly calibrated, FAIL.
        SplittableRandom rng = new SplittableRandom(9);
        int n = 2000;
        float[][] rows = new float[n][];
        int[] labels = new int[n];
        int[] inverted = new int[n];
        for (int i = 0; i < n; i++) {
            float p = (float) (0.02 + 0.96 * rng.nextDouble());
            rows[i] = new float[] {p};
            labels[i] = rng.nextDouble() < p ? 1 : 0;
            inverted[i] = 1 - labels[i];
        }
        TestContext good = Fixtures.context(Fixtures.probabilityIsFirstFeature(1), Fixtures.schema(1, CLASSES),
                Fixtures.split("train", rows, labels, null), Fixtures.split("test", rows, labels, null)).with("positive-class", "sick");
        List<Finding> f = new CalibrationExplainer().explain(good);
        Metric ece = metric(f, "ECE");
        assertTrue(ece.value() < 0.05, "ECE " + ece.value());
        assertTrue(ece.lower() <= ece.value() && ece.value() <= ece.upper());
        TestContext bad = Fixtures.context(good.model(), good.schema(), good.train(), Fixtures.split("test", rows, inverted, null))
                .with("positive-class", "sick");
        List<Finding> g = new CalibrationExplainer().explain(bad);
        assertTrue(metric(g, "ECE").value() > 0.3);
        assertEquals(Verdict.Outcome.FAIL, of(g, Verdict.class).get(0).outcome());
    }

    @Test
    void aPlantedSubgroupGapFails() throws Exception {
        // Group 1: the model is always right; group 2: it says 0.5-ish noise, right about half the time.
        SplittableRandom rng = new SplittableRandom(2);
        int n = 400;
        float[][] rows = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int group = i % 2 + 1;
            labels[i] = rng.nextDouble() < 0.4 ? 1 : 0;
            float p = group == 1 ? (labels[i] == 1 ? 0.9f : 0.1f) : (float) (0.3 + 0.4 * rng.nextDouble());
            rows[i] = new float[] {p, group};
        }
        DataSplit split = Fixtures.split("test", rows, labels, null);
        TestContext ctx = Fixtures.context(Fixtures.probabilityIsFirstFeature(2), Fixtures.schema(2, CLASSES), split, split)
                .with("feature", "f1");
        List<Finding> f = new SubgroupGapExplainer().explain(ctx);
        Metric gap = metric(f, "gap");
        assertTrue(gap.value() > 0.3, "gap " + gap.value());
        assertTrue(gap.lower() <= gap.value() && gap.value() <= gap.upper());
        assertEquals(Verdict.Outcome.FAIL, of(f, Verdict.class).get(0).outcome());
        assertEquals(Verdict.Outcome.NOT_APPLICABLE,
                ((Verdict) new SubgroupGapExplainer().explain(diagnosisFixture()).get(0)).outcome());
        assertThrows(IllegalArgumentException.class, () -> new SubgroupGapExplainer().explain(diagnosisFixture().with("feature", "nope")));
    }

    @Test
    void sameSeedSameFindingsBitForBitAndAnotherSeedMovesTheIntervals() throws Exception {
        for (Explainer e : List.of(new ClassificationMetricsExplainer(), new RocPrExplainer(), new RecallThresholdExplainer(),
                new CalibrationExplainer())) {
            String a = Fixtures.render(e.explain(diagnosisFixture()));
            String b = Fixtures.render(e.explain(diagnosisFixture()));
            assertEquals(a, b, e.info().id());
            TestContext other = diagnosisFixture();
            other.seed(8);
            assertNotEquals(a, Fixtures.render(e.explain(other)), e.info().id());
        }
    }

    @Test
    void cancellationStopsEveryExplainerAndProgressIsReported() throws Exception {
        for (Explainer e : List.of(new ClassificationMetricsExplainer(), new RocPrExplainer(), new RecallThresholdExplainer(),
                new CalibrationExplainer(), new SubgroupGapExplainer())) {
            TestContext ctx = diagnosisFixture().with("feature", "f1");
            ctx.cancelAfterChecks(3);
            assertThrows(AuditCancelledException.class, () -> e.explain(ctx), e.info().id());
            TestContext done = diagnosisFixture().with("feature", "f1");
            e.explain(done);
            assertEquals(1.0, done.lastProgress(), e.info().id());
            assertTrue(!done.progressWentBack(), e.info().id() + " reported progress going backwards");
        }
    }
}
