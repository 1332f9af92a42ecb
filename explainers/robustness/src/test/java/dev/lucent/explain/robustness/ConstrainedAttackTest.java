package dev.lucent.explain.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.Standardizer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tabular attacks keep the counterfactuals' constraints (issue 17): the least constrained flip of a linear model in
 * closed form, and on a model over integer, categorical, monotone and ranged features every attacked row is valid
 * data within its budget and, re-run through the model, still flips.
 */
class ConstrainedAttackTest {

    static final Attack.Check NEVER = () -> { };

    /**
     * On f(x) = w.x + b, in budget units (feature j moves sd_j u_j, so f moves by v_j u_j with v = D w), the least L2
     * change that flips the sign under per-coordinate caps (0 for an immutable feature, and for a monotone one whose
     * move would be down; a range's room otherwise) is u_j = min(cap_j, t |v_j|) with t such that sum |v_j| u_j = |f|
     * (the KKT point of the projection onto the hyperplane within the box). The least L-inf one is the eps with
     * sum |v_j| min(eps, cap_j) = |f|. Both are solved here by bisection on their one unknown.
     */
    @Test
    void theLeastConstrainedFlipOfALinearModelIsTheClosedForm() throws Exception {
        float[] w = {0.8f, -0.5f, 0.3f, 0.6f, 1.2f};
        LinearModel model = new LinearModel(new float[][] {w}, new float[] {0.4f}, OutputKind.BINARY_LOGIT);
        // f4 immutable, f1 may only rise, f3 kept to -1..1 in the CSV's units
        TestContext c = AttackOraclesTest.linearContext(model, w.length, 1).with("immutable", "f4").with("monotone-increasing", "f1")
                .with("ranges", "f3:-1..1");
        Attack.Space space = AdversarialExplainer.space(c, false);
        Attack attack = new Attack(model, space, 64);
        int n = 40, m = w.length;
        float[] x = Arrays.copyOf(c.train().features().toArray(), n * m);
        for (int k = 0; k < x.length; k++) x[k] *= 0.3f; // inside the training range, which never binds
        for (int i = 0; i < n; i++) x[i * m + 3] = Math.max(-0.9f, Math.min(0.9f, x[i * m + 3])); // inside f3's range
        float[] z = model.predict(Tensor.of(x, n, m)).toArray();
        int[] decided = new int[n];
        for (int i = 0; i < n; i++) decided[i] = z[i] > 0 ? 1 : 0;
        double max = 4;
        int steps = 14;
        for (Attack.Norm norm : Attack.Norm.values()) {
            float[] flipped = new float[x.length];
            double[] least = attack.minimalBudget(x, decided, max, steps, Attack.Settings.pgd(norm, 10, 0), flipped, NEVER);
            int checked = 0, capped = 0;
            for (int i = 0; i < n; i++) {
                double[] v = new double[m], cap = new double[m];
                double sign = decided[i] == 1 ? -1 : 1; // the way f must move
                for (int j = 0; j < m; j++) {
                    v[j] = Math.abs(space.scale()[j] * w[j]);
                    double dir = Math.signum(sign * w[j]); // the way feature j must move
                    cap[j] = j == 4 || j == 1 && dir < 0 ? 0
                            : j == 3 ? (dir > 0 ? 1 - x[i * m + 3] : x[i * m + 3] + 1) / space.scale()[j] : Double.POSITIVE_INFINITY;
                }
                double exact = norm == Attack.Norm.L2 ? leastL2(v, cap, Math.abs(z[i])) : leastLinf(v, cap, Math.abs(z[i]));
                if (!(exact < max * 0.99)) {
                    assertTrue(Double.isNaN(least[i]) || least[i] >= exact - 1e-3, norm + " row " + i + " flipped below its distance " + exact);
                    continue;
                }
                checked++;
                if (norm == Attack.Norm.LINF && Math.abs(x[i * m + 3] + Math.signum(sign * w[3]) * exact * space.scale()[3]) > 1) capped++;
                assertEquals(exact, least[i], max / (1 << steps) + 2e-3 * exact, norm + " row " + i + " (f = " + z[i] + ")");
                assertEquals(x[i * m + 4], flipped[i * m + 4], 0f, "the immutable feature moved");
                assertTrue(flipped[i * m + 1] >= x[i * m + 1], "the monotone feature fell");
                assertTrue(Math.abs(flipped[i * m + 3]) <= 1 + 1e-6, "f3 left its range: " + flipped[i * m + 3]);
            }
            assertTrue(checked >= 25, norm + ": most rows lie within the largest budget: " + checked);
            if (norm == Attack.Norm.LINF) assertTrue(capped >= 3, "the range binds on some rows: " + capped);
        }
    }

    /** The least L2 norm of u with 0 <= u_j <= cap_j and sum v_j u_j = f: u_j = min(cap_j, t v_j), t by bisection. */
    static double leastL2(double[] v, double[] cap, double f) {
        double reach = 0;
        for (int j = 0; j < v.length; j++) reach += v[j] * cap[j];
        if (reach < f) return Double.POSITIVE_INFINITY;
        double lo = 0, hi = 1e6;
        for (int it = 0; it < 200; it++) {
            double t = (lo + hi) / 2, s = 0;
            for (int j = 0; j < v.length; j++) s += v[j] * Math.min(cap[j], t * v[j]);
            if (s < f) lo = t;
            else hi = t;
        }
        double norm = 0;
        for (int j = 0; j < v.length; j++) norm += Math.pow(Math.min(cap[j], hi * v[j]), 2);
        return Math.sqrt(norm);
    }

    /** The least eps with sum v_j min(eps, cap_j) >= f, by bisection. */
    static double leastLinf(double[] v, double[] cap, double f) {
        double reach = 0;
        for (int j = 0; j < v.length; j++) reach += v[j] * cap[j];
        if (reach < f) return Double.POSITIVE_INFINITY;
        double lo = 0, hi = 1e6;
        for (int it = 0; it < 200; it++) {
            double e = (lo + hi) / 2, s = 0;
            for (int j = 0; j < v.length; j++) s += v[j] * Math.min(cap[j], e);
            if (s < f) lo = e;
            else hi = e;
        }
        return hi;
    }

    static final List<String> NAMES = List.of("income", "children", "region", "debt");
    static final Set<Double> REGIONS = Set.of(1.0, 2.0, 5.0);

    /**
     * Loans: income (continuous, may only rise), children (whole numbers, found from the data), region (a category,
     * 1, 2 or 5), debt (continuous, kept to 100..900); a linear model on the standardized inputs, as Lucent trains them.
     */
    static TestContext loans(float[][] testCsv, Standardizer[] st) {
        SplittableRandom rng = new SplittableRandom(5);
        int nTrain = 400, nTest = testCsv.length, d = 4;
        float[][] train = new float[nTrain][];
        double[] regions = {1, 2, 5};
        for (float[][] rows : List.of(train, testCsv))
            for (int i = 0; i < rows.length; i++)
                rows[i] = new float[] {(float) (3000 + 800 * rng.nextGaussian()), rng.nextInt(7), (float) regions[rng.nextInt(3)],
                        (float) (500 + 200 * rng.nextGaussian())};
        st[0] = Standardizer.fit(Fixtures.tensor(train));
        LinearModel model = new LinearModel(new float[][] {{1.2f, -0.8f, 0.9f, -1.0f}}, new float[] {0.1f}, OutputKind.BINARY_LOGIT);
        int[] yTrain = labels(model, train, st[0]), yTest = labels(model, testCsv, st[0]);
        DatasetSchema schema = new DatasetSchema(NAMES, "approved", List.of("no", "yes"), new int[] {d});
        TestContext c = new TestContext(model, schema, new DataSplit("train", st[0].apply(Fixtures.tensor(train)), yTrain, null),
                new DataSplit("test", st[0].apply(Fixtures.tensor(testCsv)), yTest, null)).seed(7);
        c.csvUnits(Fixtures.split("train", train, yTrain, null),
                Fixtures.split("test", testCsv, yTest, null)).standardization(st[0]);
        return c.with("categorical", "region").with("monotone-increasing", "income").with("ranges", "debt:100..900");
    }

    static int[] labels(LinearModel m, float[][] rows, Standardizer st) {
        float[] out = m.predict(st.apply(Fixtures.tensor(rows))).toArray();
        int[] y = new int[rows.length];
        for (int i = 0; i < y.length; i++) y[i] = out[i] > 0 ? 1 : 0;
        return y;
    }



    /** The constraints checked on one changed value in the CSV's units, independently of the code under test. */
    static void assertValid(int j, double v, float[] row, String where) {
        double slack = 1e-3;
        switch (NAMES.get(j)) {
            case "income" -> assertTrue(v >= row[0] - slack, where + ": income may only rise from " + row[0]);
            case "children" -> assertTrue(Math.abs(v - Math.rint(v)) < slack && v >= -slack && v <= 6 + slack, where + ": whole children 0..6");
            case "region" -> assertTrue(REGIONS.stream().anyMatch(r -> Math.abs(r - v) < slack), where + ": a region seen in training");
            case "debt" -> assertTrue(v >= Math.min(100, row[3]) - slack && v <= Math.max(900, row[3]) + slack,
                    where + ": debt in 100..900, widened to the row's own " + row[3]);
            default -> throw new AssertionError(where);
        }
    }

    /**
     * FGSM, PGD (random start) and the least-flip search at L-inf and L2: every attacked row, in the CSV's units, is
     * valid data; its perturbation is within the budget; re-run through the model, every row counted broken is decided
     * otherwise. The attack still breaks rows (it is not valid by standing still).
     */
    @Test
    void everyAttackedRowIsValidDataWithinItsBudgetAndStillFlips() throws Exception {
        float[][] testCsv = new float[120][];
        Standardizer[] st = new Standardizer[1];
        TestContext c = loans(testCsv, st);
        Attack.Space space = AdversarialExplainer.space(c, false);
        Attack attack = new Attack(c.model(), space, 64);
        int n = testCsv.length, m = 4;
        float[] x = st[0].apply(Fixtures.tensor(testCsv)).toArray();
        int[] y = c.test().orElseThrow().labels();
        int movedWhole = 0;
        for (Attack.Norm norm : Attack.Norm.values())
            for (double eps : norm == Attack.Norm.LINF ? new double[] {0.5, 1, 2} : new double[] {1, 2, 4})
                for (Attack.Settings s : List.of(Attack.Settings.fgsm(norm), Attack.Settings.pgd(norm, 10, 1))) {
                    double[] budget = new double[n];
                    Arrays.fill(budget, eps);
                    Attack.Result r = attack.run(x, y, budget, s, 3, NEVER);
                    assertTrue(r.brokenCount() > 0, norm + " " + eps + ": the attack bites");
                    float[] out = c.model().predict(Tensor.of(r.rows(), n, m)).toArray();
                    for (int i = 0; i < n; i++) {
                        double size = 0;
                        for (int j = 0; j < m; j++) {
                            double v = r.rows()[i * m + j] * (double) st[0].std()[j] + st[0].mean()[j];
                            double u = Math.abs(r.rows()[i * m + j] - x[i * m + j]) / space.scale()[j];
                            size = norm == Attack.Norm.LINF ? Math.max(size, u) : size + u * u;
                            if (r.rows()[i * m + j] == x[i * m + j]) continue;
                            assertValid(j, v, testCsv[i], norm + " " + eps + " row " + i + " " + NAMES.get(j) + " = " + v);
                            if (j == 1 || j == 2) movedWhole++;
                        }
                        size = norm == Attack.Norm.L2 ? Math.sqrt(size) : size;
                        assertTrue(size <= eps * (1 + 1e-5), norm + " row " + i + ": perturbation " + size + " past the budget " + eps);
                        if (r.broken()[i]) assertNotEquals(y[i], out[i] > 0 ? 1 : 0, norm + " " + eps + " row " + i + ": broken, yet re-run it is not");
                    }
                }
        assertTrue(movedWhole > 0, "the attack moves integer and categorical features by whole steps");
    }

    /** The report's flipped rows: each value shown is valid data, and the row rebuilt from the values shown still flips. */
    @Test
    void theFlippedRowsShownAreValidAndStillFlipWhenRebuiltFromTheTable() throws Exception {
        float[][] testCsv = new float[120][];
        Standardizer[] st = new Standardizer[1];
        TestContext c = loans(testCsv, st).with("rows", "120").with("shown", "20").with("steps", "5").with("flip-search-steps", "6");
        List<Finding> findings = new AdversarialExplainer().explain(c);
        int shown = 0;
        for (Finding f : findings) {
            if (!(f instanceof Table t) || !t.title().startsWith("Held-out row")) continue;
            int i = Integer.parseInt(t.title().split(" ")[2].replace(":", ""));
            float[] row = testCsv[i].clone();
            for (int r = 0; r < t.rows().size(); r++) {
                List<String> cells = t.rows().get(r);
                int j = NAMES.indexOf(cells.get(0).replace(" (may only increase)", ""));
                double v = Double.parseDouble(cells.get(2));
                assertValid(j, v, testCsv[i], t.title() + ", " + cells.get(0) + " = " + v);
                assertTrue(t.isEmphasized(r, 2), "the changed value is emphasized");
                row[j] = (float) v;
            }
            assertTrue(!t.rows().isEmpty(), "a flipped row changes something");
            float[] before = c.model().predict(st[0].apply(Fixtures.tensor(new float[][] {testCsv[i]}))).toArray();
            float[] after = c.model().predict(st[0].apply(Fixtures.tensor(new float[][] {row}))).toArray();
            assertNotEquals(before[0] > 0, after[0] > 0, t.title() + ": the row rebuilt from the values shown does not flip");
            shown++;
        }
        assertTrue(shown >= 5, "flipped rows shown: " + shown);
    }
}
