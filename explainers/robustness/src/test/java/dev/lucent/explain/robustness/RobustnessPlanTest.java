package dev.lucent.explain.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * adversarial-attacks and corruptions plan their rows from the audit budget (counted model operations at the engine's
 * planned rate), as the other explainers do, instead of running their default rows whatever the model costs: on a 224 px
 * network they timed out.
 */
class RobustnessPlanTest {

    /** The planned rows: the share's operations over a row's (the model's forward counted on one row, times the passes). */
    static int expectedRows(TestContext c, double passes) throws Exception {
        float[] x = c.test().orElseThrow().features().toArray();
        double perRow = passes * TimeShare.forwardFlopsPerRow(c.model(), x, new int[] {1, 8, 8});
        return (int) Math.max(1, Math.floor(TimeShare.flops(c, TimeShare.Rate.ENGINE) / perRow));
    }

    @Test
    void corruptionsTakeTheRowsTheirShareAffords() throws Exception {
        TestContext c = RobustnessExplainersTest.digits().timeBudget(Duration.ofMillis(2));
        int rows = expectedRows(c, 1 + 6 * 5);
        assertTrue(rows > 1 && rows < 297, rows + " rows planned");
        Curve curve = RobustnessExplainersTest.of(new CorruptionsExplainer().explain(c), Curve.class).get(0);
        assertTrue(curve.note().startsWith(rows + " held-out rows;"), curve.note());
        assertTrue(curve.note().contains("plan: " + rows + " of the 297 held-out rows"), curve.note());

        // rows asked are kept as asked
        Curve asked = RobustnessExplainersTest.of(new CorruptionsExplainer().explain(RobustnessExplainersTest.digits()
                .timeBudget(Duration.ofMillis(2)).with("rows", "30")), Curve.class).get(0);
        assertTrue(asked.note().startsWith("30 held-out rows;") && !asked.note().contains("plan:"), asked.note());
    }

    @Test
    void attacksTakeAtLeastOneRowAndSaySo() throws Exception {
        TestContext c = RobustnessExplainersTest.digits().timeBudget(Duration.ofMillis(1)).with("steps", "3").with("flip-search-steps", "3");
        List<Finding> f = new AdversarialExplainer().explain(c);
        Curve linf = RobustnessExplainersTest.of(f, Curve.class).get(0);
        assertTrue(linf.note().startsWith("1 held-out rows;") || linf.note().matches("^\\d+ held-out rows;.*"), linf.note());
        assertTrue(linf.note().contains(" of the 100 held-out rows"), linf.note());
        assertFalse(RobustnessExplainersTest.of(f, Curve.class).isEmpty());
        assertEquals(3, RobustnessExplainersTest.of(f, Curve.class).size(), "L-inf, L2 and least-flip curves, on the planned rows");
    }

    /** One row over the share: PGD's steps, restarts and the search are cut to fit, and the curve says how. */
    @Test
    void attacksCutTheirStepsWhenOneRowIsMoreThanTheShare() throws Exception {
        TestContext c = RobustnessExplainersTest.digits().timeBudget(Duration.ofMillis(1));
        List<Curve> curves = RobustnessExplainersTest.of(new AdversarialExplainer().explain(c), Curve.class);
        Curve linf = curves.get(0);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("so PGD takes (\\d+) steps, no random restarts, and the least-flip search 4 halvings")
                .matcher(linf.note());
        assertTrue(linf.note().startsWith("1 held-out rows;") && m.find(), linf.note());
        int steps = Integer.parseInt(m.group(1));
        assertTrue(steps >= 1 && steps < 10, steps + " steps");
        assertEquals("PGD, " + steps + " steps", linf.series().get(1).name());
    }
}
