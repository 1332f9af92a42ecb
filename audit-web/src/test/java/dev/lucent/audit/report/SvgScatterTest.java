package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Stage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Predicted-versus-actual and residual plots are drawn as points, one per row; curves stay lines. */
class SvgScatterTest {

    @Test
    void seriesWhoseXGoesBackAreDrawnAsOnePointPerRow() {
        Curve c = new Curve("Predicted versus actual", Stage.VALIDATION, "actual value", "predicted value",
                List.of(new Curve.Series("test rows", new double[]{3, 1, 2, 5}, new double[]{2.5, 1.5, 2, 4}),
                        new Curve.Series("predicted = actual", new double[]{1, 5}, new double[]{1, 5})), null);
        String svg = Svg.lines(c);
        assertEquals(4, count(svg, "<circle "), svg);
        assertEquals(1, count(svg, "<polyline "), "the diagonal is the one line: " + svg);
        // the point of the row (3, 2.5) sits where the diagonal's own scale puts it: left 56 + (3-1)/4 * 392
        Matcher m = Pattern.compile("<circle cx=\"([0-9.]+)\"").matcher(svg);
        assertTrue(m.find());
        assertEquals(56 + 2.0 / 4 * 392, Double.parseDouble(m.group(1)), 0.01);
    }

    @Test
    void seriesRunningOneWayStayLines() {
        Curve c = new Curve("Learning curve", Stage.TRAINING, "epoch", "loss",
                List.of(new Curve.Series("train", new double[]{1, 2, 3}, new double[]{3, 2, 1}),
                        new Curve.Series("precision-recall, recall falling", new double[]{1, 0.5, 0.5, 0}, new double[]{0.4, 0.7, 0.8, 1})), null);
        String svg = Svg.lines(c);
        assertFalse(svg.contains("<circle "), svg);
        assertEquals(2, count(svg, "<polyline "));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
