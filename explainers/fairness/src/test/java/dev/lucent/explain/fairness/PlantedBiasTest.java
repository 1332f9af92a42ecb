package dev.lucent.explain.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A synthetic population (seed 11): 2,000 rows, group coded 1/2 half and half, the condition in 30% of each group
 * independently of it, one marker {@code x = 1.5 y + N(0, 1)}. The planted bias: a model whose logit is
 * {@code 2x - 1.5 - 1.5 [group = 2]}, so group 2's cases are flagged less often; its twin has no group term. The
 * verdicts must fail the first on equal opportunity and the four-fifths rule. The twin must never fail; under the shared
 * tolerance rule (a pass needs the whole interval within the tolerance) its 2,000 rows leave the recall gap's interval
 * reaching past 0.1, so that verdict warns, and a twin four times the size passes every criterion.
 */
class PlantedBiasTest {

    static final int N = 2000;

    static TestContext context(float groupWeight) {
        return context(groupWeight, N);
    }

    static TestContext context(float groupWeight, int n) {
        SplittableRandom rng = new SplittableRandom(11);
        float[][] rows = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < 0.3 ? 1 : 0;
            rows[i] = new float[] {(float) (1.5 * y[i] + rng.nextGaussian()), i % 2 == 0 ? 1 : 2};
        }
        DataSplit split = Fixtures.split("test", rows, y, null);
        DatasetSchema schema = new DatasetSchema(List.of("marker", "group"), "y", List.of("healthy", "ill"), new int[] {2});
        // logit = 2 x + w (group - 1) - 1.5 - ... : group 1 adds nothing, group 2 adds w
        LinearModel model = new LinearModel(new float[][] {{2f, groupWeight}}, new float[] {-1.5f - groupWeight}, OutputKind.BINARY_LOGIT, 2);
        return Fixtures.context(model, schema, split, split).with("sensitive", "group").with("bootstrap-resamples", "300");
    }

    static Verdict verdict(List<Finding> f, String start) {
        return f.stream().filter(x -> x instanceof Verdict v && v.title().startsWith(start)).map(Verdict.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict " + start));
    }

    @Test
    void thePlantedBiasFailsAndItsTwinPasses() throws Exception {
        List<Finding> biased = new GroupFairnessExplainer().explain(context(-1.5f));
        assertEquals(Verdict.Outcome.FAIL, verdict(biased, "Equal opportunity").outcome());
        assertEquals(Verdict.Outcome.FAIL, verdict(biased, "Four-fifths rule").outcome());
        assertEquals(Verdict.Outcome.FAIL, verdict(biased, "Equalized odds").outcome());
        // the verdict states the rule and the tolerance it was judged against
        assertTrue(verdict(biased, "Equal opportunity").summary().matches("FAIL: equal opportunity difference \\d\\.\\d{3} \\(95% interval"
                + " \\d\\.\\d{3} to \\d\\.\\d{3}\\) exceeds the tolerance 0\\.1 set by `max-recall-gap`: the whole interval is above it\\..*"),
                verdict(biased, "Equal opportunity").summary());
        assertTrue(verdict(biased, "Four-fifths rule").summary().contains("falls short of the requirement 0.8 set by `min-selection-ratio`"),
                verdict(biased, "Four-fifths rule").summary());

        // 2,000 rows: nothing fails; what warns does so because its interval straddles the tolerance, never on the estimate
        for (Verdict v : verdicts(context(0f))) {
            assertTrue(v.outcome() == Verdict.Outcome.PASS || v.outcome() == Verdict.Outcome.WARN, v.title() + ": " + v.summary());
            if (v.outcome() == Verdict.Outcome.WARN) assertTrue(v.summary().contains("the interval reaches"), v.summary());
        }
        assertEquals(Verdict.Outcome.WARN, verdict(new GroupFairnessExplainer().explain(context(0f)), "Equal opportunity").outcome(),
                "recall gap about 0.05 with an interval up to about 0.12: the data cannot show it is within 0.1");
        // 8,000 rows narrow every interval inside its tolerance: the unbiased twin passes every criterion
        List<Verdict> big = verdicts(context(0f, 4 * N));
        assertEquals(5, big.size());
        for (Verdict v : big) assertEquals(Verdict.Outcome.PASS, v.outcome(), v.title() + ": " + v.summary());
    }

    static List<Verdict> verdicts(TestContext c) throws Exception {
        return new GroupFairnessExplainer().explain(c).stream().filter(x -> x instanceof Verdict).map(Verdict.class::cast).toList();
    }

    @Test
    void perGroupThresholdsEqualiseRecallAndStateTheirCost() throws Exception {
        TestContext c = context(-1.5f);
        List<Finding> f = new GroupRecallThresholdsExplainer().explain(c);
        Table t = (Table) f.get(0);
        double t1 = Double.parseDouble(t.rows().get(0).get(4)), t2 = Double.parseDouble(t.rows().get(1).get(4));
        assertTrue(t2 < t1, "the under-flagged group needs the lower threshold: " + t.rows());

        // the oracle, from scratch: the best group's recall under the model's own decision is the target; each group's
        // threshold is its k-th highest positive score, k = ceil(target * positives); accuracy before and after
        DataSplit s = c.test().orElseThrow();
        float[] x = s.features().toArray();
        int[] y = s.labels();
        double[] p = new double[N];
        int[] g = new int[N];
        for (int i = 0; i < N; i++) {
            double logit = 2 * x[2 * i] - 1.5 - 1.5 * (x[2 * i + 1] - 1);
            p[i] = 1 / (1 + Math.exp(-logit));
            g[i] = (int) x[2 * i + 1];
        }
        double best = 0;
        for (int k = 1; k <= 2; k++) {
            int tp = 0, pos = 0;
            for (int i = 0; i < N; i++) if (g[i] == k && y[i] == 1) {
                pos++;
                if (p[i] > 0.5) tp++;
            }
            best = Math.max(best, (double) tp / pos);
        }
        boolean[] after = new boolean[N];
        for (int k = 1; k <= 2; k++) {
            final int group = k;
            double[] scores = java.util.stream.IntStream.range(0, N).filter(i -> g[i] == group && y[i] == 1).mapToDouble(i -> p[i])
                    .boxed().sorted((a, b) -> Double.compare(b, a)).mapToDouble(Double::doubleValue).toArray();
            double threshold = scores[(int) Math.ceil(best * scores.length - 1e-9) - 1];
            assertEquals(threshold, Double.parseDouble(t.rows().get(k - 1).get(4)), 2e-4);
            for (int i = 0; i < N; i++) if (g[i] == group) after[i] = p[i] >= threshold;
        }
        int rightBefore = 0, rightAfter = 0;
        for (int i = 0; i < N; i++) {
            if ((p[i] > 0.5) == (y[i] == 1)) rightBefore++;
            if (after[i] == (y[i] == 1)) rightAfter++;
        }
        Metric cost = (Metric) f.get(1);
        assertEquals((rightBefore - rightAfter) / (double) N, cost.value(), 1.5 / N);
        assertTrue(cost.lower() <= cost.value() && cost.value() <= cost.upper());
        assertTrue(Arrays.asList(t.note().split(";")).stream().anyMatch(n -> n.contains("an analysis, the model is unchanged")));
    }
}
