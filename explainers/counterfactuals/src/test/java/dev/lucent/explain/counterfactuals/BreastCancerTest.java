package dev.lucent.explain.counterfactuals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.SlowModel;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Model;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared breast cancer set and an MLP the engine trained on it: every counterfactual shown is decided for its
 * target when the model is re-run on the shown values, immutable features are never among the changes, and the
 * model-agnostic search serves the same network handed over as a black box without gradients.
 */
class BreastCancerTest {

    static BreastCancer.Data data;
    static Model mlp;
    static float[][] testRows;

    @BeforeAll
    static void train() throws Exception {
        data = BreastCancer.load(5);
        mlp = BreastCancer.trainedMlp(data);
        float[] x = data.test().features().toArray();
        testRows = new float[data.test().rows()][];
        for (int i = 0; i < testRows.length; i++) testRows[i] = java.util.Arrays.copyOfRange(x, i * 30, (i + 1) * 30);
    }

    static double share(List<Finding> findings) {
        return ((Metric) findings.stream().filter(f -> f.title().equals("Rows with a valid counterfactual")).findFirst().orElseThrow()).value();
    }

    @Test
    void gradientCounterfactualsAreValidWhenReRunAndLeaveImmutableFeaturesAlone() throws Exception {
        List<String> fixed = List.of("mean radius", "mean texture", "worst area");
        TestContext c = Fixtures.context(mlp, data.schema(), data.train(), data.test()).with("immutable", String.join(",", fixed))
                .with("borderline", "0.3").with("shown", "100");
        List<Finding> findings = new CounterfactualsExplainer().explain(c);
        assertTrue(share(findings) >= 0.9, "share with a valid counterfactual " + share(findings));
        int checked = ReRun.everyShownCounterfactual(findings, c, testRows, null, data.schema().featureNames());
        assertTrue(checked >= 5, "re-run " + checked);
        for (Finding f : findings)
            if (f instanceof Table t && t.title().startsWith("Held-out row"))
                for (List<String> row : t.rows()) assertFalse(fixed.contains(row.get(0)), t.title() + " changes " + row.get(0));
        assertTrue(findings.stream().anyMatch(f -> f instanceof Table t && t.note() != null && t.note().contains("gradient search")));
    }

    @Test
    void theGeneticSearchServesTheSameNetworkGivenWithoutGradients() throws Exception {
        Fixtures.FnModel blackBox = new Fixtures.FnModel(OutputKind.BINARY_LOGIT, 30, 1, row -> mlp.predict(Tensor.of(row, 1, 30)).toArray());
        TestContext c = Fixtures.context(blackBox, data.schema(), data.train(), data.test()).with("borderline", "0.3").with("shown", "100");
        List<Finding> findings = new CounterfactualsExplainer().explain(c); // method auto: the model refuses gradients
        assertTrue(findings.stream().anyMatch(f -> f instanceof Table t && t.note() != null && t.note().contains("genetic search")));
        assertTrue(share(findings) >= 0.9, "share with a valid counterfactual " + share(findings));
        assertTrue(ReRun.everyShownCounterfactual(findings, c, testRows, null, data.schema().featureNames()) >= 5);
    }

    @Test
    void sameSeedSameFindingsProgressAndCancellation() throws Exception {
        ExplainerChecks.assertDeterministic(new CounterfactualsExplainer(),
                () -> Fixtures.context(mlp, data.schema(), data.train(), data.test()).with("rows", "4"));
        TestContext c = Fixtures.context(mlp, data.schema(), data.train(), data.test()).with("rows", "4");
        new CounterfactualsExplainer().explain(c);
        ExplainerChecks.assertReportsProgress(c);
        assertTrue(c.lastProgress() == 1.0);
        for (String method : List.of("gradient", "genetic")) {
            SlowModel slow = new SlowModel(mlp, 5);
            ExplainerChecks.assertHonoursCancellation(new CounterfactualsExplainer(),
                    Fixtures.context(slow, data.schema(), data.train(), data.test()).with("method", method), slow);
        }
    }
}
