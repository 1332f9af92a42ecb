package dev.lucent.explain.quality;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.testkit.Datasets;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.Mlp;
import dev.lucent.network.api.OutputKind;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The quality checks over every attribution method: a verdict per method, the failing one named, a table comparing them. */
class EveryMethodTest {
    static final int M = 30;

    /**
     * A plugin-style method that ignores the model: each input value times a fixed random weight. Its values track the
     * input, not what moves the output, so it must fail infidelity and the randomization check.
     */
    static final AttributionProvider SCRAMBLED = offering("scrambled", (model, inputs, baselines, targets, monitor) -> {
        float[] x = inputs.toArray(), out = new float[x.length];
        int m = x.length / inputs.shape()[0];
        SplittableRandom r = new SplittableRandom(7);
        float[] weight = new float[m];
        for (int j = 0; j < m; j++) weight[j] = (float) (r.nextDouble() * 2 - 1);
        for (int k = 0; k < x.length; k++) out[k] = x[k] * weight[k % m];
        return Attributions.of(out, "input times fixed random weights");
    });

    /** A plugin's provider of one method under one name. */
    static AttributionProvider offering(String name, Attribution method) {
        return new AttributionProvider() {
            @Override
            public java.util.Set<String> names() {
                return java.util.Set.of(name);
            }

            @Override
            public Attribution create(String n, dev.lucent.explain.api.AuditContext context, int batchRows, long seed) {
                return method;
            }
        };
    }

    static List<AttributionProvider> withScrambled() {
        List<AttributionProvider> p = new ArrayList<>(QualityTest.METHODS);
        p.add(SCRAMBLED);
        return p;
    }

    static TestContext linear(String method) {
        return TestContext.tabular(LinearModel.of(random(M, 5)), random(64 * M, 6), null, 0).with("method", method).with("rows", "32");
    }

    /** The verdicts of a check by the method named in their title. */
    static Map<String, Verdict> verdicts(List<Finding> findings, String... methods) {
        Map<String, Verdict> out = new HashMap<>();
        for (Finding f : findings)
            if (f instanceof Verdict v)
                for (String m : methods) if (v.title().contains(" " + m + "'") || v.title().contains(" " + m + " ")
                        || v.title().endsWith(" " + m) || v.title().contains(m + "'s")) out.put(m, v);
        return out;
    }

    static Table table(List<Finding> findings) {
        Finding last = findings.get(findings.size() - 1);
        assertTrue(last instanceof Table, "the comparison comes last: " + last);
        return (Table) last;
    }

    @Test
    void infidelityPassesTheGradientOfALinearModelExactlyAndWarnsOfAMethodThatIgnoresTheModel() throws Exception {
        List<Finding> f = new InfidelityExplainer(withScrambled()).explain(linear("gradient, scrambled"));
        Map<String, Verdict> v = verdicts(f, "gradient", "scrambled");
        assertEquals(Verdict.Outcome.PASS, v.get("gradient").outcome(), v.get("gradient").summary());
        // infidelity's failing outcome is a warning (methods explaining the change from a baseline do not claim local fidelity)
        assertEquals(Verdict.Outcome.WARN, v.get("scrambled").outcome(), v.get("scrambled").summary());
        // the sentence states the rule and the tolerance
        assertTrue(v.get("scrambled").summary().contains("exceeds the tolerance 0.5 set by `max-unexplained`"), v.get("scrambled").summary());
        Table t = table(f);
        // closed form: f(x) - f(x - I) = w . I, which the gradient w predicts exactly, so nothing is left unexplained
        assertEquals(List.of("gradient", "32", "0.0000", "0.0000 to 0.0000", "PASS", ""), t.rows().get(0));
        assertEquals("scrambled", t.rows().get(1).get(0));
        assertEquals("WARN", t.rows().get(1).get(4));
        assertTrue(t.note().endsWith("no method failed; warned: scrambled"), t.note() + "|" + t.rows());
    }

    @Test
    void maxSensitivityOfTheGradientOfALinearModelIsZero() throws Exception {
        List<Finding> f = new MaxSensitivityExplainer(withScrambled()).explain(linear("gradient"));
        Metric m = (Metric) f.get(0);
        assertEquals(0, m.value(), 0); // the gradient of w . x is w wherever x moves
        assertEquals(Verdict.Outcome.PASS, ((Verdict) f.get(1)).outcome());
        assertEquals(1, table(f).rows().size());
    }

    @Test
    void theRandomizationCheckPassesGradientAndFailsTheMethodThatIgnoresTheModel() throws Exception {
        Datasets.Labelled digits = Datasets.digits();
        Mlp mlp = new Mlp(64, 32, 10, OutputKind.CLASS_LOGITS, 1);
        assertTrue(mlp.train(digits.x(), digits.y(), null, 5, 32, 0.1, 2) < 0.5);
        TestContext ctx = TestContext.tabular(mlp, java.util.Arrays.copyOf(digits.x(), 16 * 64),
                java.util.Arrays.copyOf(digits.y(), 16), 10).with("method", "gradient,scrambled");
        List<Finding> f = new RandomizationSanityExplainer(withScrambled()).explain(ctx);
        Map<String, Verdict> v = verdicts(f, "gradient", "scrambled");
        assertEquals(Verdict.Outcome.PASS, v.get("gradient").outcome(), v.get("gradient").summary());
        assertEquals(Verdict.Outcome.FAIL, v.get("scrambled").outcome(), v.get("scrambled").summary());
        assertTrue(table(f).note().endsWith("failed: scrambled"), table(f).note());
    }

    @Test
    void deletionInsertionFailsTheMethodThatIgnoresTheModelAndPassesGradientTimesInput() throws Exception {
        List<Finding> f = new DeletionInsertionExplainer(withScrambled()).explain(linear("gradient-x-input,scrambled"));
        Map<String, Verdict> v = verdicts(f, "gradient-x-input", "scrambled");
        assertEquals(Verdict.Outcome.PASS, v.get("gradient-x-input").outcome(), v.get("gradient-x-input").summary());
        assertTrue(v.get("scrambled").outcome() != Verdict.Outcome.PASS, v.get("scrambled").summary());
        assertEquals(2, table(f).rows().size());
    }

    /** With no method named, every installed method is checked, cheapest first, each once (saliency is gradient). */
    @Test
    void withNoMethodNamedEveryInstalledMethodIsChecked() throws Exception {
        TestContext ctx = TestContext.tabular(LinearModel.of(2, -1, 0.5f, 1, -3, 0.25f), random(40 * 6, 9), null, 0).with("rows", "8");
        for (Explainer e : List.<Explainer>of(new InfidelityExplainer(withScrambled()), new MaxSensitivityExplainer(withScrambled()))) {
            Table t = table(e.explain(ctx));
            List<String> methods = t.rows().stream().map(r -> r.get(0)).toList();
            assertEquals(List.of("gradient", "gradient-x-input", "smoothgrad", "integrated-gradients", "feature-ablation", "kernel-shap",
                    "exact-shapley", "scrambled"), methods, e.info().id());
            for (List<String> row : t.rows()) assertTrue(!row.get(4).equals("NOT CHECKED"), row.toString());
        }
    }

    /** A method that cannot run on this model, or for which no time is left, is named as not checked, with the reason. */
    @Test
    void methodsNotCheckedAreNamedWithTheReason() throws Exception {
        // exact Shapley enumerates 2^30 coalitions: refused by the method, reported by the check
        Table t = table(new MaxSensitivityExplainer(QualityTest.METHODS).explain(linear("gradient,exact-shapley")));
        assertEquals("NOT CHECKED", t.rows().get(1).get(4));
        assertTrue(t.rows().get(1).get(5).startsWith("cannot run here: exact Shapley values enumerate"), t.rows().get(1).toString());
        assertTrue(t.note().endsWith("not checked: exact-shapley"), t.note());
        // no share of the budget at all: the first method is still tried, the next is not even counted
        Table late = table(new MaxSensitivityExplainer(QualityTest.METHODS).explain(linear("gradient,smoothgrad").timeBudget(Duration.ZERO)));
        assertEquals(List.of("smoothgrad", "-", "-", "-", "NOT CHECKED"), late.rows().get(1).subList(0, 5));
        assertTrue(late.rows().get(1).get(5).startsWith("not started: the methods before it spent the check's share"), late.rows().get(1).toString());
    }

    /**
     * A method costly on every row is checked on fewer rows, at least 2, so the check keeps to its share of the budget;
     * the cost is the engine's counted operations, so the rows do not depend on how busy the machine is.
     */
    @Test
    void aCostlyMethodIsCheckedOnFewerRowsAndTheTableSaysSo() throws Exception {
        AttributionProvider costly = offering("costly", (model, inputs, baselines, targets, monitor) -> {
            int n = inputs.shape()[0];
            Tensor.ones(n, 100).matmul(Tensor.ones(100, 5000)); // 1,000,000 operations a row, counted by the engine
            return Attributions.of(new float[inputs.size()], "zeros, at a cost");
        });
        List<AttributionProvider> methods = new ArrayList<>(QualityTest.METHODS);
        methods.add(costly);
        // a share of 2 ms is 5,000,000 operations at 2.5 GFLOP/s; the gradient of a linear model takes a few thousand of
        // them for its 32 rows, and counting costly's row 1,000,000, leaving it just under 4,000,000: 3 rows of 1,000,000
        Table t = table(new InfidelityExplainer(methods).explain(linear("gradient,costly").timeBudget(Duration.ofMillis(2))));
        assertEquals("32", t.rows().get(0).get(1));
        assertEquals("3", t.rows().get(1).get(1), t.rows().get(1).toString());
        assertEquals("rows cut to fit its share of the audit budget", t.rows().get(1).get(5));
    }
}
