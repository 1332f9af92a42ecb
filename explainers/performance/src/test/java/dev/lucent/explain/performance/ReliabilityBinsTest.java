package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15.5: the reliability diagram joined every non-empty bin into one line, a bin of one row and a bin across an
 * empty one included, as if each point were as reliable as the next, and gave the bin counts only as a list in a note.
 */
class ReliabilityBinsTest {

    /**
     * Five bins, P(sick) = the first feature: bin 0 holds 0.1 and 0.15, bin 1 only 0.3, bin 2 nothing, bin 3 0.7 and
     * 0.75, bin 4 0.9 and 0.95. The line is bin 0, a break, bins 3 to 4; the one-row bin is a point of its own.
     */
    @Test
    void theLineJoinsOnlyNeighbouringBinsOfTwoRowsOrMoreAndTheCountsAreATable() throws Exception {
        float[][] rows = {{0.1f}, {0.15f}, {0.3f}, {0.7f}, {0.75f}, {0.9f}, {0.95f}};
        int[] labels = {0, 1, 0, 1, 1, 1, 1};
        TestContext c = Fixtures.context(Fixtures.probabilityIsFirstFeature(1), Fixtures.schema(1, PerformanceExplainersTest.CLASSES),
                Fixtures.split("train", rows, labels, null), Fixtures.split("test", rows, labels, null))
                .with("positive-class", "sick").with("bins", "5").with("bootstrap-resamples", "20");
        List<Finding> f = new CalibrationExplainer().explain(c);
        Curve diagram = PerformanceExplainersTest.of(f, Curve.class).stream().filter(k -> k.title().equals("Reliability diagram"))
                .findFirst().orElseThrow();
        Curve.Series model = diagram.series().get(0);
        assertEquals(4, model.x().length, java.util.Arrays.toString(model.x()));
        assertEquals(0.125, model.x()[0], 1e-6);
        assertTrue(Double.isNaN(model.x()[1]) && Double.isNaN(model.y()[1]), "a break across the empty and the one-row bin");
        assertEquals(0.725, model.x()[2], 1e-6);
        assertEquals(0.925, model.x()[3], 1e-6);
        Curve.Series lone = diagram.series().get(1);
        assertTrue(lone.name().contains("one row"), lone.name());
        assertEquals(0.3, lone.x()[0], 1e-6);
        assertEquals(0.0, lone.y()[0], 1e-9);
        Table counts = PerformanceExplainersTest.of(f, Table.class).stream().filter(t -> t.title().contains("rows per bin"))
                .findFirst().orElseThrow();
        assertArrayEquals(new String[]{"2", "1", "0", "2", "2"}, counts.rows().stream().map(r -> r.get(1)).toArray(String[]::new));
        assertEquals("-", counts.rows().get(2).get(2), "an empty bin has no mean");
    }
}
