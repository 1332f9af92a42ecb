package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.Diabetes;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regression metrics and the error gap between the sexes for an engine-trained MLP on the diabetes data. */
class DiabetesPerformanceTest {

    @Test
    void regressionMetricsAndTheGapBetweenTheSexesMatchDirectComputation() throws Exception {
        Diabetes.Data d = Diabetes.load();
        Model m = Diabetes.trainedMlp(d);
        TestContext c = Fixtures.context(m, d.schema(), d.train(), d.test()).with("feature", "sex");
        float[] pred = m.predict(d.test().features()).toArray();
        float[] y = d.test().targets();
        float[] x = d.test().features().toArray();
        double mae = 0;
        double[] groupErr = new double[3];
        int[] groupN = new int[3];
        for (int i = 0; i < y.length; i++) {
            double e = Math.abs(pred[i] - y[i]);
            mae += e / y.length;
            int sex = (int) x[i * 10 + 1];
            groupErr[sex] += e;
            groupN[sex]++;
        }
        List<Finding> f = new RegressionMetricsExplainer().explain(c);
        assertEquals(mae, PerformanceExplainersTest.metric(f, "MAE").value(), 1e-6);
        assertTrue(PerformanceExplainersTest.metric(f, "R^2").value() > 0.3, "an MLP explains a good part of diabetes progression");
        List<Finding> g = new SubgroupGapExplainer().explain(c);
        Table t = (Table) g.get(0);
        assertEquals(List.of("sex = 1", Integer.toString(groupN[1])), t.rows().get(0).subList(0, 2));
        assertEquals(List.of("sex = 2", Integer.toString(groupN[2])), t.rows().get(1).subList(0, 2));
        assertEquals(Math.abs(groupErr[1] / groupN[1] - groupErr[2] / groupN[2]), PerformanceExplainersTest.metric(g, "gap").value(), 1e-6);
    }

    /** The plots' points are the model's own predictions on the test rows against their targets, row by row. */
    @Test
    void predictedVersusActualAndResidualPlotsHoldEveryTestRow() throws Exception {
        Diabetes.Data d = Diabetes.load();
        Model m = Diabetes.trainedMlp(d);
        TestContext c = Fixtures.context(m, d.schema(), d.train(), d.test());
        float[] pred = m.predict(d.test().features()).toArray();
        float[] y = d.test().targets();
        List<Finding> f = new RegressionMetricsExplainer().explain(c);
        Curve versus = curve(f, "Predicted versus actual"), residuals = curve(f, "Residuals");
        Curve.Series rows = versus.series().get(0), res = residuals.series().get(0);
        assertEquals(y.length, rows.x().length);
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], rows.x()[i], 1e-6);
            assertEquals(pred[i], rows.y()[i], 1e-4);
            assertEquals(pred[i], res.x()[i], 1e-4);
            assertEquals(y[i] - pred[i], res.y()[i], 1e-3);
        }
        double[] diagonal = versus.series().get(1).x();
        assertArrayEquals(diagonal, versus.series().get(1).y());
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int i = 0; i < y.length; i++) {
            lo = Math.min(lo, Math.min(y[i], pred[i]));
            hi = Math.max(hi, Math.max(y[i], pred[i]));
        }
        assertEquals(lo, diagonal[0], 1e-3);
        assertEquals(hi, diagonal[1], 1e-3);
        assertArrayEquals(new double[]{0, 0}, residuals.series().get(1).y());
    }

    private static Curve curve(List<Finding> f, String title) {
        return f.stream().filter(x -> x instanceof Curve cv && cv.title().equals(title)).map(x -> (Curve) x).findFirst()
                .orElseThrow(() -> new AssertionError("no curve '" + title + "' among " + f.stream().map(Finding::title).toList()));
    }
}
