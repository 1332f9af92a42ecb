package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.DataSplit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The multi-class paths (one-vs-rest ROC, top-label calibration) and the regression paths (metrics, subgroup MAE gap). */
class MultiClassAndRegressionTest {

    /** Three classes; the model's logits are the first three features, noisy around the true class. */
    static TestContext threeClasses(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] x = new float[n][3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            for (int k = 0; k < 3; k++) x[i][k] = (float) ((k == y[i] ? 1.0 : 0.0) + rng.nextGaussian());
        }
        DataSplit s = Fixtures.split("test", x, y, null);
        Fixtures.FnModel logits = new Fixtures.FnModel(OutputKind.CLASS_LOGITS, 3, 3, r -> r.clone());
        return Fixtures.context(logits, Fixtures.schema(3, List.of("a", "b", "c")), s, s);
    }

    @Test
    void multiClassRocAucIsTheMeanOfOneVsRestAucs() throws Exception {
        TestContext c = threeClasses(300, 1);
        List<Finding> f = new RocPrExplainer().explain(c);
        float[] x = c.test().orElseThrow().features().toArray();
        int[] y = c.test().orElseThrow().labels();
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            // softmax probability of class k, ranked against the rest by brute-force pair counting
            double[] p = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                double z = 0;
                for (int j = 0; j < 3; j++) z += Math.exp(x[3 * i + j]);
                p[i] = Math.exp(x[3 * i + k]) / z;
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < y.length; i++)
                for (int j = 0; j < y.length; j++)
                    if (y[i] == k && y[j] != k) {
                        pairs++;
                        wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                    }
            sum += wins / pairs;
        }
        assertEquals(sum / 3, PerformanceExplainersTest.metric(f, "ROC-AUC").value(), 1e-5);
        Curve roc = (Curve) f.get(0);
        assertEquals(4, roc.series().size()); // three classes and the chance line
    }

    @Test
    void multiClassCalibrationUsesTheTopLabel() throws Exception {
        TestContext c = threeClasses(300, 2);
        List<Finding> f = new CalibrationExplainer().explain(c);
        // Independent: top-label confidence and correctness, 15 bins by floor(15 p) (no value lies on an edge here).
        float[] x = c.test().orElseThrow().features().toArray();
        int[] y = c.test().orElseThrow().labels();
        double[] conf = new double[15];
        double[] hits = new double[15];
        int[] count = new int[15];
        for (int i = 0; i < y.length; i++) {
            double z = 0;
            int best = 0;
            for (int j = 0; j < 3; j++) {
                z += Math.exp(x[3 * i + j]);
                if (x[3 * i + j] > x[3 * i + best]) best = j;
            }
            double p = (float) (Math.exp(x[3 * i + best]) / z);
            int b = Math.min(14, (int) Math.floor(p * 15));
            conf[b] += p;
            hits[b] += best == y[i] ? 1 : 0;
            count[b]++;
        }
        double ece = 0;
        for (int b = 0; b < 15; b++) if (count[b] > 0) ece += (double) count[b] / y.length * Math.abs(hits[b] / count[b] - conf[b] / count[b]);
        assertEquals(ece, PerformanceExplainersTest.metric(f, "ECE").value(), 1e-6);
    }

    @Test
    void regressionMetricsAndASubgroupErrorGap() throws Exception {
        // Target = 3 x0; the model is exact for group 1 (feature 1 = 1) and off by +-2 for group 2.
        int n = 400;
        SplittableRandom rng = new SplittableRandom(3);
        float[][] x = new float[n][2];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) rng.nextGaussian();
            x[i][1] = i % 2 + 1;
            t[i] = 3 * x[i][0] + (x[i][1] == 2 ? (rng.nextBoolean() ? 2f : -2f) : 0f);
        }
        DataSplit s = Fixtures.split("test", x, null, t);
        Fixtures.FnModel model = new Fixtures.FnModel(OutputKind.REGRESSION, 2, 1, r -> new float[] {3 * r[0]});
        TestContext c = Fixtures.context(model, Fixtures.schema(2, List.of()), s, s).with("feature", "f1");
        List<Finding> m = new RegressionMetricsExplainer().explain(c);
        // Half the rows miss by exactly 2 (up to float rounding): MAE 1, RMSE sqrt(2).
        assertEquals(1.0, PerformanceExplainersTest.metric(m, "MAE").value(), 1e-5);
        assertEquals(Math.sqrt(2), PerformanceExplainersTest.metric(m, "RMSE").value(), 1e-5);
        List<Finding> g = new SubgroupGapExplainer().explain(c);
        assertEquals(2.0, PerformanceExplainersTest.metric(g, "gap").value(), 1e-5);
        Table table = (Table) g.get(0);
        assertEquals("f1 = 1", table.rows().get(0).get(0));
        assertEquals(Verdict.Outcome.FAIL, ((Verdict) g.get(g.size() - 1)).outcome());
        Metric r2 = PerformanceExplainersTest.metric(m, "R^2");
        assertTrue(r2.value() > 0.5 && r2.value() < 1);
    }
}
