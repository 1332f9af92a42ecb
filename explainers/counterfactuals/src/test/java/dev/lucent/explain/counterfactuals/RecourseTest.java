package dev.lucent.explain.counterfactuals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A linear model that ignores sex, on data where one sex sits further from the decision boundary: that group needs
 * larger changes to obtain the other decision. Each row's cost is known in closed form (|logit| over the norm of the
 * weights of the features that may change, in training SDs), so the per-group means are checked against it, and the
 * verdict must fail; on the twin data without the shift it must not.
 */
class RecourseTest {

    static final float[] W = {0f, 1f, 0.7f, -0.5f};

    record Fixture(TestContext context, float[][] test, double[] sd) {
    }

    static Fixture fixture(double shift) {
        SplittableRandom rng = new SplittableRandom(13);
        int nTrain = 300, nTest = 400;
        float[][] train = rows(nTrain, shift, rng), test = rows(nTest, shift, rng);
        LinearModel model = new LinearModel(new float[][] {W}, new float[] {0f}, OutputKind.BINARY_LOGIT);
        DatasetSchema schema = new DatasetSchema(List.of("sex", "a", "b", "c"), "y", List.of("no", "yes"), new int[] {4});
        TestContext c = new TestContext(model, schema, split("train", train, model), split("test", test, model)).seed(3)
                .with("sensitive", "sex").with("rows", "400").with("bootstrap-resamples", "400");
        return new Fixture(c, test, LinearOracleTest.trainingSd(train));
    }

    static float[][] rows(int n, double shift, SplittableRandom rng) {
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            int sex = 1 + rng.nextInt(2);
            x[i] = new float[] {sex, (float) (rng.nextGaussian() + (sex == 2 ? shift : 0)), (float) rng.nextGaussian(), (float) rng.nextGaussian()};
        }
        return x;
    }

    static DataSplit split(String name, float[][] x, LinearModel m) {
        float[] out = m.predict(Fixtures.tensor(x)).toArray();
        int[] y = new int[x.length];
        for (int i = 0; i < y.length; i++) y[i] = out[i] > 0 ? 1 : 0;
        return new DataSplit(name, Fixtures.tensor(x), y, null);
    }

    /** Closed-form mean cost of the rows of one sex. */
    static double expectedMean(Fixture f, int sex) {
        double norm = 0;
        for (int j = 1; j < 4; j++) norm += Math.pow(W[j] * f.sd()[j], 2);
        double s = 0;
        int n = 0;
        for (float[] r : f.test()) {
            if (r[0] != sex) continue;
            double logit = 0;
            for (int j = 0; j < 4; j++) logit += W[j] * r[j];
            s += Math.abs(logit) / Math.sqrt(norm);
            n++;
        }
        return s / n;
    }

    static Verdict verdict(List<Finding> findings) {
        return (Verdict) findings.stream().filter(f -> f instanceof Verdict).findFirst().orElseThrow();
    }

    @Test
    void aGroupFurtherFromTheBoundaryNeedsLargerChangesAndFails() throws Exception {
        Fixture f = fixture(2.0);
        List<Finding> findings = new RecourseExplainer().explain(f.context());
        Table t = (Table) findings.stream().filter(x -> x instanceof Table).findFirst().orElseThrow();
        for (List<String> row : t.rows()) {
            int sex = row.get(0).endsWith("= 1") ? 1 : 2;
            double expected = expectedMean(f, sex);
            assertEquals(expected, Double.parseDouble(row.get(3)), 0.01 * expected + 2e-3, row.get(0) + " mean cost");
            assertEquals(row.get(1), row.get(2), "every row has a counterfactual: " + row);
        }
        Verdict v = verdict(findings);
        assertEquals(Verdict.Outcome.FAIL, v.outcome(), v.summary());
        assertTrue(v.summary().contains("max-relative-gap"), v.summary());
    }

    @Test
    void withoutTheShiftTheGroupsNeedAlikeChanges() throws Exception {
        Verdict v = verdict(new RecourseExplainer().explain(fixture(0).context()));
        assertTrue(v.outcome() == Verdict.Outcome.PASS || v.outcome() == Verdict.Outcome.WARN, v.outcome() + ": " + v.summary());
    }
}
