package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Predicted-versus-actual and residual plots are drawn as points, one per row; curves stay lines. */
class ChartsScatterTest {

    @Test
    void seriesWhoseXGoesBackAreDrawnAsOnePointPerRow() {
        Curve c = new Curve("Predicted versus actual", Stage.VALIDATION, "actual value", "predicted value",
                List.of(new Curve.Series("test rows", new double[]{3, 1, 2, 5}, new double[]{2.5, 1.5, 2, 4}),
                        new Curve.Series("predicted = actual", new double[]{1, 5}, new double[]{1, 5})), null);
        Charts.Lines lines = Charts.lines(c);
        Charts.Line rows = lines.series().get(0), diagonal = lines.series().get(1);
        assertEquals(4, rows.dots().size());
        assertTrue(rows.runs().isEmpty(), "no line joins the rows: " + rows.runs());
        assertEquals(1, diagonal.runs().size(), "the diagonal is a line");
        // the point of the row (3, 2.5) sits where the diagonal's own scale puts it: left 56 + (3-1)/4 * 392
        assertEquals(56 + 2.0 / 4 * 392, Double.parseDouble(rows.dots().get(0).x()), 0.01);
    }

    @Test
    void seriesRunningOneWayStayLines() {
        Curve c = new Curve("Learning curve", Stage.TRAINING, "epoch", "loss",
                List.of(new Curve.Series("train", new double[]{1, 2, 3}, new double[]{3, 2, 1}),
                        new Curve.Series("precision-recall, recall falling", new double[]{1, 0.5, 0.5, 0}, new double[]{0.4, 0.7, 0.8, 1})), null);
        for (Charts.Line l : Charts.lines(c).series()) assertEquals(1, l.runs().size(), l.name());
    }
}
