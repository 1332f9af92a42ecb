package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.4: one budget for the whole audit, shared among its explainers by arithmetic on the request alone (so a
 * replay on another machine plans the same work), written out here by hand.
 */
class AuditBudgetTest {

    @Test
    void theBudgetLessStartUpIsSharedOverTwoWorkersAndTheExplainers() {
        // (100 s - 10 s) x 2 workers / 38 explainers = 4.736 s each
        AuditBudget b = AuditBudget.of(Duration.ofSeconds(100), Duration.ofSeconds(180), 38);
        assertEquals(4736, b.share().toMillis());
        assertEquals("100 s for the whole audit: each of 38 explainers plans 4.7 s of counted work (the budget less 10 s of"
                + " worker start-up, over 2 workers at once, at most half the time limit)", b.described());
    }

    @Test
    void aShareIsNeverMoreThanHalfTheTimeLimitNorLessThanHalfASecond() {
        assertEquals(90_000, AuditBudget.of(Duration.ofSeconds(3600), Duration.ofSeconds(180), 2).share().toMillis());
        assertEquals(500, AuditBudget.of(Duration.ofSeconds(10), Duration.ofSeconds(180), 38).share().toMillis());
        assertEquals(500, AuditBudget.of(Duration.ofSeconds(10), Duration.ofSeconds(1), 38).share().toMillis(), "half of a 1 s limit");
    }

    @Test
    void theBudgetIsReadAsTheOtherLimitsAreWithOneLineNamingTheBound() {
        assertEquals(Duration.ofSeconds(120), AuditRequest.budget("120s"));
        assertEquals(Duration.ofMillis(90_500), AuditRequest.budget("90.5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditRequest.budget("5"));
        assertEquals("the audit budget is 10 to 604800 seconds for the whole audit, got '5'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuditRequest.budget("soon"));
        AuditRequest r = AuditRequest.of(Path.of("m"), Path.of("d"), "label");
        assertEquals(AuditRequest.DEFAULT_BUDGET, r.budget());
        assertEquals(Duration.ofSeconds(60), r.withBudget(Duration.ofSeconds(60)).withSeed(3).withLimits(Duration.ofSeconds(9), 512).budget(),
                "every with* keeps the budget");
    }

    @Test
    void lanesAreBalancedLongestFirstByWhatEachTookLastTime(@org.junit.jupiter.api.io.TempDir Path dir) {
        ExpectedCosts costs = new ExpectedCosts(dir.resolve("explainer-times.properties"));
        assertEquals(java.util.Map.of(), costs.read(), "nothing recorded yet");
        // longest first, each to the lane free first: a (100) | b (90); c to lane 1 (150); e to lane 0 (110); d to lane 0
        // (115); each lane keeps the asked order
        java.util.Map<String, Long> took = java.util.Map.of("a", 100L, "b", 90L, "c", 60L, "d", 5L, "e", 10L);
        assertEquals(java.util.List.of(java.util.List.of("a", "d", "e"), java.util.List.of("b", "c")),
                ExpectedCosts.lanes(java.util.List.of("a", "b", "c", "d", "e"), 2, took, 1));
        // an explainer never seen counts its share, here 95: a (100) | x (95); b to lane 1 (185); c to lane 0 (160)
        assertEquals(java.util.List.of(java.util.List.of("a", "c"), java.util.List.of("b", "x")),
                ExpectedCosts.lanes(java.util.List.of("a", "b", "c", "x"), 2, took, 95));
        costs.record(java.util.List.of(new dev.lucent.audit.api.ExplainerRun(dev.lucent.audit.api.ExplainerRef.unknown("a"),
                dev.lucent.audit.api.ExplainerRun.Status.OK, java.util.List.of(), 1234)));
        assertEquals(java.util.Map.of("a", 1234L), costs.read());
    }
}
