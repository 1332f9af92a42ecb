package dev.lucent.explain.overfitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.2 on the overall overfitting verdict: its sentence states each rule and tolerance, is worded from the evidence
 * (a gap whose interval excludes zero is never "no sign of overfitting"), and an interval straddling a tolerance warns.
 */
class OverfittingWordingTest {

    static final OverfittingAssessment.Limits LIMITS = new OverfittingAssessment.Limits(0.05, 0.5, 0.6, 0.95, 0.05);

    static OverfittingAssessment judge(double gap, double lower, double upper) {
        GeneralisationGap error = new GeneralisationGap(0.01, 0.01 + gap, gap, new Bootstrap.Interval(lower, upper, 1000));
        GeneralisationGap loss = new GeneralisationGap(0.1, 0.12, 0.02, new Bootstrap.Interval(0.01, 0.03, 1000));
        MembershipInference mi = new MembershipInference(0.52, 0.04, new double[] {0, 1}, new double[] {0, 1},
                new Bootstrap.Interval(0.48, 0.56, 1000));
        return OverfittingAssessment.of(error, loss, mi, null, -1, 0.99, 400, LIMITS);
    }

    @Test
    void aToleratedGapWhoseIntervalExcludesZeroIsCalledAGap() {
        OverfittingAssessment a = judge(0.02, 0.01, 0.03);
        assertEquals(Verdict.Outcome.PASS, a.outcome());
        assertTrue(a.summary().startsWith("PASS: The model does worse on held-out rows than on its training rows, within the tolerances."
                + " Held-out minus training error rate 0.020 (95% interval 0.010 to 0.030) is within the tolerance 0.05 set by"
                + " `max-error-gap`: the whole interval is at most 0.05; membership-attack AUC 0.520 (95% interval 0.480 to 0.560)"
                + " is within the tolerance 0.6 set by `max-membership-auc`"), a.summary());
        assertFalse(a.summary().toLowerCase().contains("no sign"), a.summary());
        assertTrue(judge(0.01, -0.01, 0.03).summary().startsWith("PASS: No gap beyond chance between training and held-out rows."));
    }

    @Test
    void anIntervalStraddlingTheToleranceWarnsAndSaysWhatWouldDecide() {
        OverfittingAssessment a = judge(0.064, 0.047, 0.081);
        assertEquals(Verdict.Outcome.WARN, a.outcome(), a.summary());
        assertTrue(a.summary().startsWith("WARN: Overfitting cannot be ruled out: an interval reaches past its tolerance. Held-out minus"
                + " training error rate 0.064 (95% interval 0.047 to 0.081) may exceed the tolerance 0.05 set by `max-error-gap`"), a.summary());
        assertEquals("Audit with more held-out rows to narrow the intervals before deciding.", a.remedy());
        OverfittingAssessment past = judge(0.09, 0.06, 0.12);
        assertEquals(Verdict.Outcome.WARN, past.outcome(), "one sign, not twice the tolerance");
        assertTrue(past.summary().startsWith("WARN: The model overfits: a generalisation gap. Held-out minus training error rate 0.090"
                + " (95% interval 0.060 to 0.120) exceeds the tolerance 0.05 set by `max-error-gap`"), past.summary());
    }
}
