package dev.lucent.explain.overfitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.TrainingHistory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Norm growth is a least-squares slope with a t-interval, judged by the one tolerance rule. */
class NormTrendToleranceTest {

    /** ln(weight norm) = growth * epoch + wobble; the gradient norm stays 2. */
    static TrainingHistory history(double growth, double wobble, int epochs) {
        List<TrainingHistory.EpochRecord> e = new ArrayList<>();
        for (int i = 1; i <= epochs; i++)
            e.add(new TrainingHistory.EpochRecord(i, 1.0 / i, 1.0 / i, Double.NaN, Double.NaN, 1e-3, List.of(new TrainingHistory.LayerTelemetry(
                    "dense", Math.exp(growth * i + (i % 2 == 0 ? wobble : -wobble)), 2.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN))));
        return new TrainingHistory(e, null, epochs);
    }

    static Verdict verdict(TrainingHistory h) throws Exception {
        TestContext c = Fixtures.context(new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 1, 1, r -> new float[] {r[0]}),
                Fixtures.schema(1, List.of("no", "yes")), Fixtures.split("train", new float[][] {{0}, {1}}, new int[] {0, 1}, null), null);
        c.history(h);
        List<Finding> f = new NormTrendsExplainer().explain(c);
        return (Verdict) f.get(f.size() - 1);
    }

    @Test
    void theSlopeIntervalDecides() throws Exception {
        // closed form: an exact exponential has no scatter, so the interval is the slope itself
        NormTrend exact = NormTrend.of(history(0.1, 0, 10)).get(0);
        assertEquals(0.1, exact.weightGrowth().lower(), 1e-12);
        assertEquals(0.1, exact.weightGrowth().upper(), 1e-12);

        Verdict settled = verdict(history(0.005, 0, 10));
        assertEquals(Verdict.Outcome.PASS, settled.outcome(), settled.summary());
        assertTrue(settled.summary().contains("set by `max-weight-growth`"), settled.summary());

        // growth 0.01 per epoch, under the tolerance 0.02, but the wobble leaves an interval reaching past it:
        // the point estimate alone would pass; the one rule warns
        NormTrend wobbly = NormTrend.of(history(0.01, 0.05, 10)).get(0);
        assertTrue(wobbly.weightGrowth().slope() < 0.02 && wobbly.weightGrowth().upper() > 0.02, wobbly.weightGrowth().toString());
        Verdict v = verdict(history(0.01, 0.05, 10));
        assertEquals(Verdict.Outcome.WARN, v.outcome(), v.summary());
        assertTrue(v.summary().startsWith("WARN: Weights may still have been growing at the end of training: dense's weight-norm growth"
                + " per epoch") && v.summary().contains("may exceed the tolerance 0.02 set by `max-weight-growth`"), v.summary());

        Verdict growing = verdict(history(0.1, 0, 10));
        assertEquals(Verdict.Outcome.WARN, growing.outcome());
        assertTrue(growing.summary().contains("exceeds the tolerance 0.02"), growing.summary());
    }
}
