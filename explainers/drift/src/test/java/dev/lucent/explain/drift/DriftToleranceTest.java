package dev.lucent.explain.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.TestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Performance drift and the domain classifier are judged by the shared rule (support Tolerance): the outcome follows
 * from where the reported interval lies against the tolerance the user set, worked out here from the reported Metric
 * alone (PASS wholly within, FAIL wholly past, WARN straddling), and the verdict names the tolerance's parameter.
 */
class DriftToleranceTest {

    static Metric metric(List<Finding> f, String unit) {
        return f.stream().filter(Metric.class::isInstance).map(Metric.class::cast).filter(m -> m.name().equals(unit)).findFirst().orElseThrow();
    }

    /** The rule written out independently of Tolerance: a quantity that must stay at or under {@code tol}. */
    static Verdict.Outcome expected(double lower, double upper, double tol) {
        return upper <= tol ? Verdict.Outcome.PASS : lower > tol ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN;
    }

    @Test
    void performanceDriftFollowsTheIntervalAgainstMaxAccuracyLoss() throws Exception {
        DriftOraclesTest.Halves h = DriftOraclesTest.Halves.of(BreastCancer.raw(), 13);
        // identical halves: the accuracy lost lies around 0, so each tolerance puts the interval on a known side
        for (String tol : List.of("0", "0.02", "0.1", "0.5")) {
            TestContext c = DriftOraclesTest.context(null, h).with("max-accuracy-loss", tol);
            List<Finding> f = new PredictionDriftExplainer().explain(c);
            Metric change = metric(f, "accuracy change");
            // accuracy lost = -(change), so its interval is [-upper, -lower]
            Verdict v = DriftOraclesTest.verdict(f, "Performance drift");
            System.out.println("performance drift, identical halves, max-accuracy-loss " + tol + ": " + change.value() + " [" + change.lower()
                    + ", " + change.upper() + "] " + v.outcome());
            assertEquals(expected(-change.upper(), -change.lower(), Double.parseDouble(tol)), v.outcome(), tol + ": " + change + " " + v.summary());
            assertTrue(v.summary().contains("set by `max-accuracy-loss`"), v.summary());
        }
        // tolerance 0 on identical halves: an interval around 0 cannot show no loss, and cannot show one: WARN
        List<Finding> zero = new PredictionDriftExplainer().explain(DriftOraclesTest.context(null, h).with("max-accuracy-loss", "0"));
        Metric change = metric(zero, "accuracy change");
        assertTrue(change.lower() < 0 && change.upper() > 0, change.toString());
        assertEquals(Verdict.Outcome.WARN, DriftOraclesTest.verdict(zero, "Performance drift").outcome());
        // confidence sets the interval's level: a 0.99 interval contains the 0.8 one
        Metric wide = metric(new PredictionDriftExplainer().explain(DriftOraclesTest.context(null, h).with("confidence", "0.99")), "accuracy change");
        Metric narrow = metric(new PredictionDriftExplainer().explain(DriftOraclesTest.context(null, h).with("confidence", "0.8")), "accuracy change");
        assertTrue(wide.lower() < narrow.lower() && narrow.upper() < wide.upper(), wide + " vs " + narrow);
        assertEquals(0.99, wide.confidence(), 1e-12);
    }

    @Test
    void theDomainClassifierFollowsTheIntervalAgainstMaxAuc() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        DriftOraclesTest.Halves h = DriftOraclesTest.Halves.of(raw, 7);
        double shift = 0.5 * DriftOraclesTest.sd(raw, DriftOraclesTest.SHIFTED);
        for (float[] r : h.cur()) r[DriftOraclesTest.SHIFTED] += (float) shift;
        for (String tol : List.of("0.5", "0.6", "0.9", "1")) {
            List<Finding> f = new DomainClassifierExplainer().explain(DriftOraclesTest.context(null, h).with("max-auc", tol).with("epochs", "20"));
            Metric auc = metric(f, "AUC");
            Verdict v = DriftOraclesTest.verdict(f, "Domain classifier");
            System.out.println("domain classifier, shifted half, max-auc " + tol + ": " + auc.value() + " [" + auc.lower() + ", " + auc.upper() + "] "
                    + v.outcome());
            assertEquals(expected(auc.lower(), auc.upper(), Double.parseDouble(tol)), v.outcome(), tol + ": " + v.summary());
            assertTrue(v.summary().contains("set by `max-auc`"), v.summary());
        }
    }
}
