package dev.lucent.explain.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.explain.api.Verdict.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The one rule every family judges an interval by: wholly within the tolerance passes, wholly past it takes the family's
 * failing outcome, straddling it (or unknown) warns; the sentence names the estimate, its interval, the tolerance and the
 * parameter that sets it.
 */
class ToleranceTest {

    @Test
    void anIntervalThatStraddlesTheToleranceWarnsNeverPassesNorFails() {
        Tolerance.Judged j = Tolerance.atMost("held-out minus training error rate", 0.064, 0.047, 0.081, 0.95, 0.05, "max-error-gap");
        assertEquals(Tolerance.Position.STRADDLES, j.position());
        assertEquals(Outcome.WARN, j.outcome(Outcome.FAIL));
        assertEquals("WARN: held-out minus training error rate 0.064 (95% interval 0.047 to 0.081) may exceed the tolerance 0.05 set by"
                + " `max-error-gap`: the interval reaches past it, so the data cannot show it is within.", j.summary(j.outcome(Outcome.FAIL)));
        // the point estimate alone does not decide: an estimate under the tolerance with an interval past it still warns
        assertEquals(Tolerance.Position.STRADDLES, Tolerance.atMost("ECE", 0.04, 0.02, 0.07, 0.95, 0.05, "max-ece").position());
    }

    @Test
    void wholeIntervalsDecideOnBothSidesAndBoundsCountAsWithin() {
        Tolerance.Judged within = Tolerance.atMost("membership-attack AUC", 0.52, 0.48, 0.6, 0.9, 0.6, "max-auc");
        assertEquals(Outcome.PASS, within.outcome(Outcome.FAIL));
        assertEquals("membership-attack AUC 0.520 (90% interval 0.480 to 0.600) is within the tolerance 0.6 set by `max-auc`:"
                + " the whole interval is at most 0.6", within.sentence());
        Tolerance.Judged beyond = Tolerance.atMost("membership-attack AUC", 0.8, 0.75, 0.85, 0.95, 0.6, "max-auc");
        assertEquals(Outcome.FAIL, beyond.outcome(Outcome.FAIL));
        assertEquals(Outcome.WARN, beyond.outcome(Outcome.WARN), "how far past is the family's to weigh");
        assertEquals("membership-attack AUC 0.800 (95% interval 0.750 to 0.850) exceeds the tolerance 0.6 set by `max-auc`:"
                + " the whole interval is above it", beyond.sentence());

        assertEquals(Tolerance.Position.WITHIN, Tolerance.atLeast("recall", 0.97, 0.95, 0.99, 0.95, 0.95, "required-recall").position());
        assertEquals(Tolerance.Position.STRADDLES, Tolerance.atLeast("recall", 0.96, 0.94, 0.99, 0.95, 0.95, "required-recall").position());
        Tolerance.Judged short_ = Tolerance.atLeast("recall", 0.9, 0.85, 0.94, 0.95, 0.95, "required-recall");
        assertEquals(Tolerance.Position.BEYOND, short_.position());
        assertEquals("recall 0.900 (95% interval 0.850 to 0.940) falls short of the requirement 0.95 set by `required-recall`:"
                + " the whole interval is below it", short_.sentence());
    }

    @Test
    void anUnknownIntervalCannotPass() {
        Tolerance.Judged j = Tolerance.atMost("ECE", 0.01, Double.NaN, Double.NaN, 0.95, 0.05, "max-ece");
        assertEquals(Outcome.WARN, j.outcome(Outcome.FAIL));
        assertEquals("ECE 0.010 (interval unknown) may exceed the tolerance 0.05 set by `max-ece`: the interval reaches past it,"
                + " so the data cannot show it is within", j.sentence());
    }

    /** A count over every row has no sampling error: within or past, never straddling, and the sentence says so. */
    @Test
    void aCountedQuantityIsWithinOrPastNeverStraddling() {
        Tolerance.Judged within = Tolerance.atMostCounted("training imbalance ratio", 3, "counted on all 400 training rows", 3, "max-imbalance");
        assertEquals(Outcome.PASS, within.outcome(Outcome.WARN));
        assertEquals("training imbalance ratio 3 (counted on all 400 training rows, no sampling error) is within the tolerance 3 set by"
                + " `max-imbalance`", within.sentence());
        Tolerance.Judged past = Tolerance.atMostCounted("share of rows", 0.0125, "5 of all 400 rows", 0, "max-missing-share");
        assertEquals(Tolerance.Position.BEYOND, past.position());
        assertEquals("share of rows 0.013 (5 of all 400 rows, no sampling error) exceeds the tolerance 0 set by `max-missing-share`",
                past.sentence());
        assertEquals("infinite", Tolerance.number(Double.POSITIVE_INFINITY));
    }
}
