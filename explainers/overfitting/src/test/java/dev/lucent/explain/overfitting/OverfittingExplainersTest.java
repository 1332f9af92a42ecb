package dev.lucent.explain.overfitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fixture models: an honest one whose probability depends only on the features (so its losses cannot depend on
 * membership) and a memoriser that recognises its training rows and answers them with certainty.
 */
class OverfittingExplainersTest {

    static final List<String> CLASSES = List.of("no", "yes");

    /** Rows with x0 ~ N(0, 1), 3 noise features, label ~ Bernoulli(sigmoid(2 x0)). */
    static DataSplit data(String name, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) x[i][j] = (float) rng.nextGaussian();
            y[i] = rng.nextDouble() < 1 / (1 + Math.exp(-2 * x[i][0])) ? 1 : 0;
        }
        return Fixtures.split(name, x, y, null);
    }

    static Fixtures.FnModel honest() {
        return new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 4, 1, r -> new float[] {2 * r[0]});
    }

    /** Knows each training row's label; elsewhere it answers like the honest model. */
    static Fixtures.FnModel memoriser(DataSplit train) {
        Map<String, Integer> seen = new HashMap<>();
        float[] x = train.features().toArray();
        for (int i = 0; i < train.rows(); i++)
            seen.put(java.util.Arrays.toString(java.util.Arrays.copyOfRange(x, i * 4, i * 4 + 4)), train.labels()[i]);
        return new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 4, 1, r -> {
            Integer y = seen.get(java.util.Arrays.toString(r));
            return new float[] {y == null ? 2 * r[0] : (y == 1 ? 12f : -12f)};
        });
    }

    static TestContext ctx(Fixtures.FnModel model, DataSplit train, DataSplit test) {
        return Fixtures.context(model, Fixtures.schema(4, CLASSES), train, test);
    }

    static Metric metric(List<Finding> f, String name) {
        return f.stream().filter(Metric.class::isInstance).map(Metric.class::cast).filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    static Verdict verdict(List<Finding> f) {
        return f.stream().filter(Verdict.class::isInstance).map(Verdict.class::cast).findFirst().orElseThrow();
    }

    @Test
    void membershipAucIsAboutOneHalfWhenLossesIgnoreMembershipAndHighForAMemoriser() throws Exception {
        DataSplit train = data("train", 300, 1);
        DataSplit test = data("test", 300, 2);
        Metric fair = metric(new MembershipInferenceExplainer().explain(ctx(honest(), train, test)), "membership AUC");
        assertTrue(fair.lower() < 0.5 && 0.5 < fair.upper(), "interval " + fair.lower() + ".." + fair.upper());
        assertEquals(0.5, fair.value(), 0.06);
        List<Finding> mem = new MembershipInferenceExplainer().explain(ctx(memoriser(train), train, test));
        Metric leak = metric(mem, "membership AUC");
        assertTrue(leak.value() > 0.9, "AUC " + leak.value());
        assertTrue(leak.lower() <= leak.value() && leak.value() <= leak.upper());
        assertEquals(Verdict.Outcome.FAIL, verdict(mem).outcome());
        assertEquals(Verdict.Outcome.PASS, verdict(new MembershipInferenceExplainer().explain(ctx(honest(), train, test))).outcome());
        // Sampled to 100 members and 100 non-members, the memoriser still leaks.
        Metric sampled = metric(new MembershipInferenceExplainer().explain(ctx(memoriser(train), train, test).with("max-members", "100")),
                "membership AUC");
        assertTrue(sampled.value() > 0.85, "sampled AUC " + sampled.value());
        Metric fairSampled = metric(new MembershipInferenceExplainer().explain(ctx(honest(), train, test).with("max-members", "100")),
                "membership AUC");
        assertTrue(fairSampled.value() != fair.value() && Math.abs(fairSampled.value() - 0.5) < 0.12, "sampled AUC " + fairSampled.value());
    }

    @Test
    void theMemoriserFailsTheOverallVerdictWithARemedyAndTheHonestModelPasses() throws Exception {
        DataSplit train = data("train", 300, 1);
        DataSplit test = data("test", 300, 2);
        Verdict bad = verdict(new OverfittingVerdictExplainer().explain(ctx(memoriser(train), train, test)));
        assertEquals(Verdict.Outcome.FAIL, bad.outcome());
        assertTrue(bad.remedy().contains("L2") && bad.remedy().contains("more data"), bad.remedy());
        assertTrue(bad.remedy().contains("smaller model"), bad.remedy()); // it fits its training rows perfectly
        Verdict good = verdict(new OverfittingVerdictExplainer().explain(ctx(honest(), train, test)));
        assertEquals(Verdict.Outcome.PASS, good.outcome(), good.evidence().toString());
        List<Finding> gap = new GeneralisationGapExplainer().explain(ctx(memoriser(train), train, test));
        assertTrue(metric(gap, "error gap").lower() > 0.1, "the memoriser is right on every training row only");
    }

    @Test
    void earlyStoppingNamesTheEpochInItsRemedyAndTheVerdictUsesIt() throws Exception {
        TestContext c = ctx(honest(), data("train", 100, 1), data("test", 100, 2));
        c.history(OverfittingMathTest.history(new double[] {1.0, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05},
                new double[] {1.1, 0.8, 0.5, 0.5, 0.55, 0.6, 0.7}, 7));
        List<Finding> f = new EarlyStoppingExplainer().explain(c);
        assertEquals(3.0, metric(f, "epoch").value());
        assertEquals(Verdict.Outcome.WARN, verdict(f).outcome());
        assertTrue(verdict(f).remedy().contains("epoch 3"));
        List<Finding> curves = new LearningCurvesExplainer().explain(c);
        Curve loss = (Curve) curves.get(0);
        assertEquals(2, loss.series().size());
        assertEquals(0.7, loss.series().get(1).y()[6]);
        // Weights restored to epoch 3: no warning.
        c.history(OverfittingMathTest.history(new double[] {1.0, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05},
                new double[] {1.1, 0.8, 0.5, 0.5, 0.55, 0.6, 0.7}, 3));
        assertEquals(Verdict.Outcome.PASS, verdict(new EarlyStoppingExplainer().explain(c)).outcome());
        List<Finding> norms = new NormTrendsExplainer().explain(c);
        assertEquals(Verdict.Outcome.WARN, verdict(norms).outcome()); // weights grow 10% per epoch
    }

    static TrainingHistory risingAccuracy(int epochs, double to) {
        List<TrainingHistory.EpochRecord> e = new ArrayList<>();
        for (int i = 1; i <= epochs; i++)
            e.add(new TrainingHistory.EpochRecord(i, 1.0 / i, Double.NaN, 0.5 + (to - 0.5) * i / epochs, Double.NaN, 1e-3, List.of()));
        return new TrainingHistory(e, null, epochs);
    }

    @Test
    void shuffledLabelProbeReportsMemorisationOnlyForAModelThatFitsNoise() throws Exception {
        DataSplit train = data("train", 200, 1);
        TestContext c = ctx(honest(), train, data("test", 100, 2));
        assertTrue(new ShuffledLabelProbeExplainer().info().unmetNeed(c).orElseThrow().startsWith("needs retraining: "),
                "without a retrainer the declared need is unmet, so Lucent never runs it");
        List<DataSplit> seen = new ArrayList<>();
        c.retrainer((tr, val, epochs, seed) -> {
            seen.add(tr);
            return new AuditContext.Retrained(memoriser(tr), risingAccuracy(epochs, 1.0));
        });
        List<Finding> f = new ShuffledLabelProbeExplainer().explain(c);
        assertEquals(1.0, metric(f, "shuffled-label accuracy").value());
        assertEquals(1.0, metric(f, "memorisation").value());
        assertEquals(Verdict.Outcome.WARN, verdict(f).outcome());
        // The probe really trained on shuffled labels: same counts, different order.
        assertTrue(!java.util.Arrays.equals(train.labels(), seen.get(0).labels()));
        c.retrainer((tr, val, epochs, seed) -> new AuditContext.Retrained(honest(), risingAccuracy(epochs, 0.55)));
        // A retrainer that stops on the audit's cancellation (as the engine's trainer does) ends the run as cancelled.
        TestContext stopping = ctx(honest(), train, null);
        stopping.retrainer((tr, val, epochs, seed) -> {
            stopping.cancelAfterChecks(0);
            throw new java.util.concurrent.CancellationException("training cancelled in epoch 1");
        });
        assertThrows(AuditCancelledException.class, () -> new ShuffledLabelProbeExplainer().explain(stopping));
        List<Finding> g = new ShuffledLabelProbeExplainer().explain(c);
        assertTrue(metric(g, "memorisation").value() < 0.2);
        assertEquals(Verdict.Outcome.PASS, verdict(g).outcome());
    }

    @Test
    void refusalsDeterminismAndCancellation() throws Exception {
        DataSplit train = data("train", 200, 1);
        DataSplit test = data("test", 100, 2);
        TestContext none = ctx(honest(), train, null);
        for (Explainer e : List.of(new GeneralisationGapExplainer(), new MembershipInferenceExplainer(), new OverfittingVerdictExplainer(),
                new LearningCurvesExplainer(), new EarlyStoppingExplainer(), new NormTrendsExplainer()))
            assertTrue(e.info().unmetNeed(none).isPresent(), e.info().id() + ": no held-out split or no history, a declared need");
        for (Explainer e : List.of(new GeneralisationGapExplainer(), new MembershipInferenceExplainer(), new OverfittingVerdictExplainer())) {
            assertEquals(Fixtures.render(e.explain(ctx(memoriser(train), train, test))),
                    Fixtures.render(e.explain(ctx(memoriser(train), train, test))), e.info().id());
            TestContext c = ctx(memoriser(train), train, test);
            c.cancelAfterChecks(2);
            assertThrows(AuditCancelledException.class, () -> e.explain(c), e.info().id());
            TestContext d = ctx(honest(), train, test);
            e.explain(d);
            assertEquals(1.0, d.lastProgress(), e.info().id());
        }
    }
}
