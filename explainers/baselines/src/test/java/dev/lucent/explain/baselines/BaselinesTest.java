package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.DataSplit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    /** Separable: label 1 iff 2 x0 - x1 > 0, rows within 0.2 of the boundary dropped (a margin); x2 is noise. */
    static double[][] separable(int n, long seed, int[] y) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; ) {
            double a = rng.nextGaussian();
            double b = rng.nextGaussian();
            double s = 2 * a - b;
            if (Math.abs(s) < 0.2) continue;
            x[i] = new double[] {a, b, rng.nextGaussian()};
            y[i] = s > 0 ? 1 : 0;
            i++;
        }
        return x;
    }

    /**
     * XOR of two coordinates at the corners of the unit square, each corner n/4 times. Exact corners make every
     * first split worthless (zero Gini decrease), the case greedy CART must still split to solve.
     */
    static double[][] xor(int n, long seed, int[] y) {
        double[][] x = new double[n][2];
        for (int i = 0; i < n; i++) {
            int a = i % 2;
            int b = (i / 2) % 2;
            x[i][0] = a;
            x[i][1] = b;
            y[i] = a ^ b;
        }
        return x;
    }

    @Test
    void logisticRegressionSeparatesSeparableDataWithTheRightSignsAtAStationaryPoint() throws Exception {
        int[] y = new int[300];
        double[][] x = separable(300, 1, y);
        LogisticRegression lr = LogisticRegression.fit(x, y, 2, 1.0, 5000, 1e-7, null);
        int right = 0;
        for (int i = 0; i < x.length; i++) if (lr.predict(x[i]) == y[i]) right++;
        assertEquals(300, right, "training accuracy");
        int[] ty = new int[200];
        double[][] tx = separable(200, 2, ty);
        right = 0;
        for (int i = 0; i < tx.length; i++) if (lr.predict(tx[i]) == ty[i]) right++;
        assertEquals(200, right, "held-out accuracy");
        // log-odds of class 1 rise with x0 and fall with x1, as the rule 2 x0 - x1 says, about twice as fast.
        double w0 = lr.coefficient(1, 0) - lr.coefficient(0, 0);
        double w1 = lr.coefficient(1, 1) - lr.coefficient(0, 1);
        double w2 = lr.coefficient(1, 2) - lr.coefficient(0, 2);
        assertTrue(w0 > 0 && w1 < 0, w0 + " " + w1);
        assertEquals(-2.0, w0 / w1, 0.4);
        assertTrue(Math.abs(w2) < 0.2 * w0, "noise coefficient " + w2);
        // First-order optimality of the penalised objective, checked with the gradient at the returned weights.
        double[][] w = new double[2][4];
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < 3; j++) w[k][j] = lr.coefficient(k, j);
            w[k][3] = lr.intercept(k);
        }
        double[][] g = new double[2][4];
        LogisticRegression.gradient(x, y, w, 1.0 / 300, g);
        for (double[] gk : g) for (double v : gk) assertEquals(0.0, v, 1e-6);
    }

    @Test
    void logisticGradientMatchesFiniteDifferencesOfTheObjective() {
        int[] y = {0, 1, 2, 1};
        double[][] x = {{0.5, -1}, {1, 2}, {-1, 0.3}, {0.2, 0.2}};
        double[][] w = {{0.1, -0.2, 0.05}, {0.3, 0.1, -0.1}, {-0.2, 0.4, 0.2}};
        double lambda = 0.3;
        double[][] g = new double[3][3];
        LogisticRegression.gradient(x, y, w, lambda, g);
        double h = 1e-6;
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 3; j++) {
                double keep = w[k][j];
                w[k][j] = keep + h;
                double up = objective(x, y, w, lambda);
                w[k][j] = keep - h;
                double down = objective(x, y, w, lambda);
                w[k][j] = keep;
                assertEquals((up - down) / (2 * h), g[k][j], 1e-7);
            }
    }

    /** Mean cross-entropy plus lambda/2 times the squared weights (intercepts, the last column, unpenalised). */
    static double objective(double[][] x, int[] y, double[][] w, double lambda) {
        double s = 0;
        double[] p = new double[w.length];
        for (int i = 0; i < x.length; i++) {
            LogisticRegression.softmax(w, x[i], p);
            s -= Math.log(p[y[i]]);
        }
        s /= x.length;
        for (double[] wk : w) for (int j = 0; j < wk.length - 1; j++) s += lambda / 2 * wk[j] * wk[j];
        return s;
    }

    @Test
    void theTreeFitsXorAtDepthTwoButNotAtDepthOne() throws Exception {
        int[] y = new int[200];
        double[][] x = xor(200, 3, y);
        DecisionTree two = DecisionTree.fit(x, y, 2, 2, 1, null);
        for (int i = 0; i < x.length; i++) assertEquals(y[i], two.predict(x[i]), "row " + i);
        assertEquals(4, two.leaves());
        // Between the corners: the splits sit midway, at 0.5.
        assertEquals(1, two.predict(new double[] {0.4, 0.6}));
        assertEquals(0, two.predict(new double[] {0.6, 0.6}));
        DecisionTree one = DecisionTree.fit(x, y, 2, 1, 1, null);
        int right = 0;
        for (int i = 0; i < x.length; i++) if (one.predict(x[i]) == y[i]) right++;
        assertTrue(right <= 150, "one split cannot solve XOR: " + right); // a stump gets at most 3 of 4 corners
        // Gini of counts (3, 1): 1 - (3/4)^2 - (1/4)^2 = 0.375
        assertEquals(0.375, DecisionTree.gini(new double[] {3, 1}, 4), 1e-15);
    }

    @Test
    void pairedComparisonCountsTheSameRows() throws Exception {
        int[] truth = {0, 1, 1, 0, 1, 0, 1, 1, 0, 0};
        int[] net = {0, 1, 1, 0, 1, 0, 1, 1, 0, 1}; // 9 right
        int[] base = {0, 1, 0, 0, 0, 0, 1, 0, 1, 1}; // 5 right
        PairedComparison c = PairedComparison.of(truth, net, base, new Bootstrap(200, 0.95), 1, null);
        assertEquals(0.9, c.networkAccuracy(), 1e-15);
        assertEquals(0.5, c.baselineAccuracy(), 1e-15);
        assertEquals(0.4, c.difference(), 1e-15);
        assertTrue(c.differenceInterval().lower() <= 0.4 && 0.4 <= c.differenceInterval().upper());
    }

    static TestContext ctx(Fixtures.FnModel model, double[][] train, int[] ty, double[][] test, int[] sy) {
        return Fixtures.context(model, Fixtures.schema(train[0].length, List.of("zero", "one")),
                Fixtures.split("train", toFloat(train), ty, null), Fixtures.split("test", toFloat(test), sy, null));
    }

    static float[][] toFloat(double[][] x) {
        float[][] f = new float[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) f[i][j] = (float) x[i][j];
        return f;
    }

    static Verdict verdict(List<Finding> f) {
        return f.stream().filter(Verdict.class::isInstance).map(Verdict.class::cast).findFirst().orElseThrow();
    }

    static Metric metric(List<Finding> f, String name) {
        return f.stream().filter(Metric.class::isInstance).map(Metric.class::cast).filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** A "network" that computes XOR of the rounded coordinates exactly. */
    static final Fixtures.FnModel XOR_NET = new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 2, 1,
            r -> new float[] {(Math.round(r[0]) ^ Math.round(r[1])) == 1 ? 5f : -5f});

    @Test
    void onXorTheNetworkBeatsLogisticRegressionButNotATree() throws Exception {
        int[] ty = new int[200];
        int[] sy = new int[200];
        TestContext c = ctx(XOR_NET, xor(200, 3, ty), ty, xor(200, 4, sy), sy);
        List<Finding> lr = new LogisticRegressionBaselineExplainer().explain(c);
        assertTrue(metric(lr, "logistic regression accuracy").value() <= 0.75, "a line cannot separate XOR");
        assertEquals(Verdict.Outcome.PASS, verdict(lr).outcome());
        List<Finding> tree = new DecisionTreeBaselineExplainer().explain(c);
        assertEquals(1.0, metric(tree, "accuracy difference").value() + metric(tree, "decision tree (depth 5) accuracy").value(), 1e-12);
        assertEquals(0.0, metric(tree, "accuracy difference").value(), 1e-12);
        assertEquals(Verdict.Outcome.WARN, verdict(tree).outcome());
    }

    @Test
    void aNetworkWorseThanLogisticRegressionFailsAndCoefficientsAreReported() throws Exception {
        int[] ty = new int[300];
        int[] sy = new int[200];
        Fixtures.FnModel constant = new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 3, 1, r -> new float[] {1f});
        TestContext c = ctx(constant, separable(300, 1, ty), ty, separable(200, 2, sy), sy);
        List<Finding> f = new LogisticRegressionBaselineExplainer().explain(c);
        assertEquals(1.0, metric(f, "logistic regression accuracy").value());
        assertEquals(Verdict.Outcome.FAIL, verdict(f).outcome());
        // On a seeded sample of 60 training rows the separable rule is still found.
        List<Finding> sampled = new LogisticRegressionBaselineExplainer().explain(ctx(constant, separable(300, 1, ty), ty, separable(200, 2, sy), sy)
                .with("max-train-rows", "60"));
        assertTrue(metric(sampled, "logistic regression accuracy").value() > 0.95);
        assertTrue(metric(sampled, "logistic regression accuracy").note().startsWith("trained on 60 of 300 training rows"));
        FeatureAttribution coef = f.stream().filter(FeatureAttribution.class::isInstance).map(FeatureAttribution.class::cast).findFirst().orElseThrow();
        assertTrue(coef.values()[0] > 0 && coef.values()[1] < 0);
    }

    @Test
    void refusalsDeterminismAndCancellation() throws Exception {
        int[] ty = new int[200];
        int[] sy = new int[200];
        double[][] tr = xor(200, 3, ty);
        double[][] te = xor(200, 4, sy);
        Fixtures.FnModel reg = new Fixtures.FnModel(OutputKind.REGRESSION, 2, 1, r -> new float[] {r[0]});
        DataSplit s = Fixtures.split("train", toFloat(tr), null, new float[200]);
        TestContext regression = Fixtures.context(reg, Fixtures.schema(2, List.of()), s, s);
        TestContext noTest = Fixtures.context(XOR_NET, Fixtures.schema(2, List.of("zero", "one")), Fixtures.split("train", toFloat(tr), ty, null), null);
        for (Explainer e : List.of(new LogisticRegressionBaselineExplainer(), new DecisionTreeBaselineExplainer())) {
            assertEquals(Verdict.Outcome.NOT_APPLICABLE, verdict(e.explain(regression)).outcome());
            // no held-out split: a declared need, checked before the explainer runs
            assertEquals("needs a held-out split: there is no held-out split", e.info().unmetNeed(noTest).orElseThrow());
            assertEquals(Fixtures.render(e.explain(ctx(XOR_NET, tr, ty, te, sy))), Fixtures.render(e.explain(ctx(XOR_NET, tr, ty, te, sy))));
            TestContext c = ctx(XOR_NET, tr, ty, te, sy);
            c.cancelAfterChecks(1);
            assertThrows(AuditCancelledException.class, () -> e.explain(c));
            TestContext d = ctx(XOR_NET, tr, ty, te, sy);
            e.explain(d);
            assertEquals(1.0, d.lastProgress());
        }
    }
}
