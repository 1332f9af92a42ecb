package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RidgeTest {

    @Test
    void ridgeSolvesItsNormalEquations() {
        // Exact linear data y = 2 x0 - 3 x1 + 1: with alpha 0 the fit is exact.
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = new double[50][2];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i][0] = rng.nextGaussian();
            x[i][1] = rng.nextGaussian();
            y[i] = 2 * x[i][0] - 3 * x[i][1] + 1;
        }
        RidgeRegression exact = RidgeRegression.fit(x, y, 0);
        assertArrayEquals(new double[] {2, -3}, exact.coefficients(), 1e-10);
        assertEquals(1, exact.intercept(), 1e-10);
        // With alpha 5: the stationarity condition Xc^T (yc - Xc w) = alpha w holds.
        RidgeRegression r = RidgeRegression.fit(x, y, 5);
        double[] mx = new double[2];
        double my = 0;
        for (int i = 0; i < 50; i++) {
            mx[0] += x[i][0] / 50;
            mx[1] += x[i][1] / 50;
            my += y[i] / 50;
        }
        for (int j = 0; j < 2; j++) {
            double g = 0;
            for (int i = 0; i < 50; i++) {
                double res = (y[i] - my) - (x[i][0] - mx[0]) * r.coefficients()[0] - (x[i][1] - mx[1]) * r.coefficients()[1];
                g += (x[i][j] - mx[j]) * res;
            }
            assertEquals(5 * r.coefficients()[j], g, 1e-9);
        }
        double[][] constant = {{1, 0}, {1, 1}, {1, 2}};
        assertThrows(IllegalArgumentException.class, () -> RidgeRegression.fit(constant, new double[] {1, 2, 3}, 0));
    }

    @Test
    void aNetworkCapturingACurveBeatsRidgeAndANoisyOneLoses() throws Exception {
        SplittableRandom rng = new SplittableRandom(2);
        float[][] tr = new float[300][1];
        float[][] te = new float[200][1];
        float[] ty = new float[300];
        float[] sy = new float[200];
        for (int i = 0; i < 300; i++) {
            tr[i][0] = (float) rng.nextGaussian();
            ty[i] = tr[i][0] * tr[i][0];
        }
        for (int i = 0; i < 200; i++) {
            te[i][0] = (float) rng.nextGaussian();
            sy[i] = te[i][0] * te[i][0];
        }
        Fixtures.FnModel square = new Fixtures.FnModel(OutputKind.REGRESSION, 1, 1, r -> new float[] {r[0] * r[0]});
        TestContext c = Fixtures.context(square, Fixtures.schema(1, List.of()), Fixtures.split("train", tr, null, ty),
                Fixtures.split("test", te, null, sy));
        List<Finding> f = new RidgeRegressionBaselineExplainer().explain(c);
        assertEquals(Verdict.Outcome.PASS, BaselinesTest.verdict(f).outcome());
        assertEquals(-BaselinesTest.metric(f, "ridge MAE").value(), BaselinesTest.metric(f, "MAE difference").value(), 1e-6);
        Fixtures.FnModel constant = new Fixtures.FnModel(OutputKind.REGRESSION, 1, 1, r -> new float[] {5f});
        TestContext d = Fixtures.context(constant, c.schema(), c.train(), c.test().orElse(null));
        assertEquals(Verdict.Outcome.FAIL, BaselinesTest.verdict(new RidgeRegressionBaselineExplainer().explain(d)).outcome());
        TestContext cls = Fixtures.context(BaselinesTest.XOR_NET, Fixtures.schema(1, List.of("a", "b")), c.train(), c.test().orElse(null));
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, BaselinesTest.verdict(new RidgeRegressionBaselineExplainer().explain(cls)).outcome());
    }
}
