package dev.lucent.explain.counterfactuals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.data.Standardizer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A logistic model on standardized inputs: its decision boundary is a hyperplane, so the nearest point of the other
 * class in the search's metric (Euclidean in training standard deviations) is known in closed form, the projection
 * onto the boundary. Worked out here in the CSV's units from the model's weights, its standardization and the training
 * data's standard deviations (double precision), independently of the search.
 */
class LinearOracleTest {

    static final double[] MEAN = {50, 0.1, 1000, 5}, SD = {10, 0.02, 300, 2};
    static final float[] W = {1.5f, -2f, 0.5f, 1f};
    static final float B = 0.2f;

    /** Training and test rows in the CSV's units, labels from the logit plus noise (so some test rows are misclassified). */
    record Fixture(TestContext context, float[][] trainCsv, float[][] testCsv, Standardizer st, LinearModel model) {
    }

    static Fixture fixture(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nTrain = 400, nTest = 120, d = 4;
        float[][] train = new float[nTrain][d], test = new float[nTest][d];
        for (float[][] rows : List.of(train, test))
            for (float[] r : rows) for (int j = 0; j < d; j++) r[j] = (float) (MEAN[j] + SD[j] * rng.nextGaussian());
        Standardizer st = Standardizer.fit(Fixtures.tensor(train));
        LinearModel model = new LinearModel(new float[][] {W}, new float[] {B}, OutputKind.BINARY_LOGIT);
        int[] yTrain = labels(train, st, rng), yTest = labels(test, st, rng);
        DatasetSchema schema = new DatasetSchema(List.of("age", "ratio", "income", "visits"), "y", List.of("refused", "granted"), new int[] {d});
        DataSplit trainIn = new DataSplit("train", st.apply(Fixtures.tensor(train)), yTrain, null);
        DataSplit testIn = new DataSplit("test", st.apply(Fixtures.tensor(test)), yTest, null);
        TestContext c = new TestContext(model, schema, trainIn, testIn).seed(7)
                .csvUnits(Fixtures.split("train", train, yTrain, null), Fixtures.split("test", test, yTest, null))
                .standardization(st);
        return new Fixture(c, train, test, st, model);
    }

    static int[] labels(float[][] rows, Standardizer st, SplittableRandom rng) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) y[i] = logit(rows[i], st) + 0.8 * rng.nextGaussian() > 0 ? 1 : 0;
        return y;
    }

    static double logit(float[] csv, Standardizer st) {
        double s = B;
        for (int j = 0; j < csv.length; j++) s += W[j] * ((csv[j] - (double) st.mean()[j]) / st.std()[j]);
        return s;
    }



    /** The training data's population SD of each column, in double precision: the search's unit of distance. */
    static double[] trainingSd(float[][] train) {
        int d = train[0].length;
        double[] mean = new double[d], sd = new double[d];
        for (float[] r : train) for (int j = 0; j < d; j++) mean[j] += r[j] / (double) train.length;
        for (float[] r : train) for (int j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / train.length;
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]);
        return sd;
    }

    @Test
    void theGradientSearchFindsTheProjectionOntoTheDecisionBoundary() throws Exception {
        Fixture f = fixture(3);
        f.context().with("k", "1").with("method", "gradient");
        FeatureSpace space = FeatureSpace.of(f.context());
        Counterfactuals run = new Counterfactuals(f.context(), 1, space);
        int[] rows = CounterfactualsExplainer.chosenRows(run.probabilities, run.test.labels(), 0.1, 30);
        assertTrue(rows.length >= 10, "enough misclassified and borderline rows: " + rows.length);
        List<CounterfactualSearch.Found> found = run.run(f.context(), rows, 0);
        double[] sd = trainingSd(f.trainCsv());
        // in units y_j = x_j / sd_j the logit is sum_j c_j y_j + const with c_j = w_j sd_j / std_j; the nearest point of the
        // boundary is at distance |logit| / |c|, reached by moving each x_j by -logit / |c|^2 * c_j * sd_j
        double[] c = new double[4];
        double c2 = 0;
        for (int j = 0; j < 4; j++) {
            c[j] = W[j] * sd[j] / f.st().std()[j];
            c2 += c[j] * c[j];
        }
        double worst = 0;
        for (int r = 0; r < rows.length; r++) {
            float[] x = f.testCsv()[rows[r]];
            double l = logit(x, f.st());
            double expected = Math.abs(l) / Math.sqrt(c2);
            List<CounterfactualSearch.Counterfactual> cfs = found.get(r).counterfactuals();
            assertEquals(1, cfs.size(), "row " + rows[r] + ": the linear model always has a counterfactual");
            CounterfactualSearch.Counterfactual cf = cfs.get(0);
            // tolerance: 1% of the distance, plus what the 5 significant digits shown in the report may add
            assertEquals(expected, cf.proximity(), 0.01 * expected + 2e-3, "row " + rows[r] + " distance");
            for (int j = 0; j < 4; j++) {
                double projected = x[j] - l / c2 * c[j] * sd[j];
                double got = space.csv(j, cf.point()[j]);
                assertEquals(projected, got, (0.01 * expected + 2e-3) * sd[j], "row " + rows[r] + ", feature " + space.names.get(j));
            }
            worst = Math.max(worst, Math.abs(cf.proximity() - expected) / expected);
            assertTrue(logit(csvOf(space, cf.point()), f.st()) * l < 0, "the counterfactual lies across the boundary");
        }
        System.out.printf("linear oracle: %d rows, worst relative distance error %.2e%n", rows.length, worst);
    }

    static float[] csvOf(FeatureSpace space, double[] z) {
        float[] x = new float[z.length];
        for (int j = 0; j < z.length; j++) x[j] = (float) space.csv(j, z[j]);
        return x;
    }

    @Test
    void immutableFeaturesNeverChangeAndTheOthersTakeUpTheChange() throws Exception {
        Fixture f = fixture(5);
        f.context().with("method", "gradient").with("immutable", "age,visits").with("k", "3");
        FeatureSpace space = FeatureSpace.of(f.context());
        Counterfactuals run = new Counterfactuals(f.context(), 3, space);
        int[] rows = CounterfactualsExplainer.chosenRows(run.probabilities, run.test.labels(), 0.1, 30);
        List<CounterfactualSearch.Found> found = run.run(f.context(), rows, 0);
        double[] sd = trainingSd(f.trainCsv());
        int withOne = 0;
        for (int r = 0; r < rows.length; r++) {
            float[] x = f.testCsv()[rows[r]];
            double l = logit(x, f.st());
            // with age and visits fixed the boundary is nearest along the other two: |logit| / |c restricted to them|
            double c1 = W[1] * sd[1] / f.st().std()[1], c2 = W[2] * sd[2] / f.st().std()[2];
            double expected = Math.abs(l) / Math.hypot(c1, c2);
            for (CounterfactualSearch.Counterfactual cf : found.get(r).counterfactuals()) {
                assertEquals(x[0], space.csv(0, cf.point()[0]), 1e-9 * Math.abs(x[0]) + 1e-4, "age is immutable");
                assertEquals(x[3], space.csv(3, cf.point()[3]), 1e-9 * Math.abs(x[3]) + 1e-4, "visits is immutable");
                assertTrue(cf.proximity() >= expected * (1 - 1e-3) - 1e-4, "no counterfactual beats the closed form");
            }
            if (!found.get(r).counterfactuals().isEmpty()) {
                withOne++;
                assertEquals(expected, found.get(r).counterfactuals().get(0).proximity(), 0.01 * expected + 2e-3, "row " + rows[r]);
            }
        }
        assertEquals(rows.length, withOne, "a linear model with two free features always has a counterfactual");
    }

    @Test
    void theExplainerShowsOnlyCounterfactualsTheModelDecidesForWhenReRunOnTheShownValues() throws Exception {
        Fixture f = fixture(9);
        f.context().with("k", "3").with("shown", "100");
        List<Finding> findings = new CounterfactualsExplainer().explain(f.context());
        Metric share = (Metric) findings.stream().filter(x -> x.title().equals("Rows with a valid counterfactual")).findFirst().orElseThrow();
        assertEquals(1.0, share.value(), 1e-12);
        int checked = ReRun.everyShownCounterfactual(findings, f.context(), f.testCsv(), f.st(), f.context().schema().featureNames());
        assertTrue(checked >= 20, "counterfactuals re-run: " + checked);
        Table first = findings.stream().filter(x -> x instanceof Table t && t.title().startsWith("Held-out row")).map(Table.class::cast).findFirst().orElseThrow();
        assertFalse(first.emphasized().isEmpty(), "the changed values are set apart");
        for (Table.Cell cell : first.emphasized()) assertTrue(cell.column() >= 2, "only counterfactual cells are set apart");
    }
}
