package dev.lucent.explain.counterfactuals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.data.Standardizer;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Counterfactuals stay valid data: integer columns (found from the data: every training value whole) end on whole
 * numbers, categorical ones on a category seen in training, monotone ones never decrease, ranges hold; and each shown
 * counterfactual is decided for its target when the model is re-run on the values shown.
 */
class ConstraintsTest {

    static final List<String> NAMES = List.of("income", "children", "region", "debt");
    static final Set<Double> REGIONS = Set.of(1.0, 2.0, 5.0);

    record Fixture(TestContext context, float[][] testCsv, Standardizer st) {
    }

    static Fixture fixture(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int nTrain = 400, nTest = 150, d = 4;
        float[][] train = new float[nTrain][], test = new float[nTest][];
        double[] regions = {1, 2, 5};
        for (float[][] rows : List.of(train, test))
            for (int i = 0; i < rows.length; i++)
                rows[i] = new float[] {(float) (3000 + 800 * rng.nextGaussian()), rng.nextInt(7), (float) regions[rng.nextInt(3)],
                        (float) (500 + 200 * rng.nextGaussian())};
        Standardizer st = Standardizer.fit(Fixtures.tensor(train));
        // approval rises with income and region, falls with children and debt
        LinearModel model = new LinearModel(new float[][] {{1.2f, -0.8f, 0.6f, -1.0f}}, new float[] {0.1f}, OutputKind.BINARY_LOGIT);
        int[] yTrain = labels(model, train, st, rng), yTest = labels(model, test, st, rng);
        DatasetSchema schema = new DatasetSchema(NAMES, "approved", List.of("no", "yes"), new int[] {d});
        TestContext c = new TestContext(model, schema,
                new DataSplit("train", st.apply(Fixtures.tensor(train)), yTrain, null),
                new DataSplit("test", st.apply(Fixtures.tensor(test)), yTest, null)).seed(7);
        c.csvUnits(Fixtures.split("train", train, yTrain, null),
                Fixtures.split("test", test, yTest, null)).standardization(st);
        return new Fixture(c, test, st);
    }

    static int[] labels(LinearModel m, float[][] rows, Standardizer st, SplittableRandom rng) {
        float[] out = m.predict(st.apply(Fixtures.tensor(rows))).toArray();
        int[] y = new int[rows.length];
        for (int i = 0; i < y.length; i++) y[i] = out[i] + 0.7 * rng.nextGaussian() > 0 ? 1 : 0;
        return y;
    }

    @Test
    void integerCategoricalMonotoneAndRangedFeaturesStayValid() throws Exception {
        for (String method : List.of("gradient", "genetic")) {
            Fixture f = fixture(21);
            f.context().with("method", method).with("categorical", "region").with("monotone-increasing", "income")
                    .with("ranges", "debt:100..900").with("shown", "100").with("k", "3");
            FeatureSpace space = FeatureSpace.of(f.context());
            assertEquals("children", space.integerFeatures(), "children is found integer from the data");
            List<Finding> findings = new CounterfactualsExplainer().explain(f.context());
            int checked = 0;
            for (Finding x : findings) {
                if (!(x instanceof Table t) || !t.title().startsWith("Held-out row")) continue;
                int row = Integer.parseInt(t.title().split(" ")[2]);
                for (List<String> cells : t.rows()) {
                    int j = NAMES.indexOf(cells.get(0).replace(" (may only increase)", ""));
                    if (j < 0) continue;
                    for (int c = 2; c < cells.size(); c++) {
                        double v = (float) Double.parseDouble(cells.get(c)); // the CSV is read as floats
                        String where = method + ", " + t.title() + ", " + cells.get(0) + " = " + v;
                        switch (NAMES.get(j)) {
                            case "children" -> assertTrue(v == Math.rint(v) && v >= 0 && v <= 6, where);
                            case "region" -> assertTrue(REGIONS.contains(v), where);
                            case "income" -> assertTrue(v >= f.testCsv()[row][0], where + ": may only increase from " + f.testCsv()[row][0]);
                            case "debt" -> assertTrue(v >= 100 && v <= 900 || v == f.testCsv()[row][3], where);
                            default -> throw new AssertionError(where);
                        }
                        checked++;
                    }
                }
            }
            assertTrue(checked >= 20, method + ": changed values checked " + checked);
            assertTrue(ReRun.everyShownCounterfactual(findings, f.context(), f.testCsv(), f.st(), NAMES) >= 10, method);
        }
    }

    @Test
    void aMisspeltFeatureIsRefusedInOneLineNamingIt() {
        Fixture f = fixture(1);
        f.context().with("immutable", "incme");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CounterfactualsExplainer().explain(f.context()));
        assertEquals("parameter immutable: no feature named 'incme' (features: income, children, region, debt)", e.getMessage());
        Fixture g = fixture(1);
        g.context().with("ranges", "debt:900..100");
        e = assertThrows(IllegalArgumentException.class, () -> new CounterfactualsExplainer().explain(g.context()));
        assertEquals("parameter ranges: 'debt:900..100' runs backwards (low above high)", e.getMessage());
        Fixture h = fixture(1);
        h.context().with("target-class", "maybe");
        e = assertThrows(IllegalArgumentException.class, () -> new CounterfactualsExplainer().explain(h.context()));
        assertEquals("parameter target-class: 'maybe' is neither 'next', a class name [no, yes] nor an index below 2", e.getMessage());
    }
}
