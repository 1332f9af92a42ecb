package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12/15: a logistic baseline that cannot be held in the worker's memory says so, naming the memory, instead of
 * ending the worker out of memory (a 1000-class model on 224x224 photos asked for about 30 GB).
 */
class LogisticMemoryTest {

    private static TestContext images(long budget) {
        int n = 40, m = 30 * 30;
        LinearModel model = new LinearModel(new float[10][m], new float[10], OutputKind.CLASS_LOGITS, 1, 30, 30);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        return TestContext.images(model, Fixtures.random(n * m, 3), labels, 10).memoryBudget(budget);
    }

    @Test
    void aFitOverTheMemoryBudgetIsNotApplicableAndSaysHowMuchItNeeds() throws Exception {
        // 40 rows x 900 pixels twice and 26 x 10 x 901 coefficients, as doubles: about 2.2 MB
        List<Finding> f = new LogisticRegressionBaselineExplainer().explain(images(1L << 20));
        Verdict v = (Verdict) f.get(0);
        assertEquals(1, f.size());
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome());
        assertTrue(v.summary().contains("needs about 2 MB") && v.summary().contains("memory budget of 1 MB"), v.summary());
    }

    /** An ImageNet-sized head (1000 units) over photos of ten classes: the fit is over the ten, as scikit-learn's classes_. */
    @Test
    void onlyTheClassesTheTrainingRowsHoldAreFitted() throws Exception {
        int n = 40, m = 30 * 30;
        float[] x = Fixtures.random(n * m, 3);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        // 1000 classes would need about 180 MB; the ten held fit in 64 MB
        TestContext wide = TestContext.images(new LinearModel(new float[1000][m], new float[1000], OutputKind.CLASS_LOGITS, 1, 30, 30),
                x, labels, 1000).memoryBudget(64L << 20);
        TestContext ten = TestContext.images(new LinearModel(new float[10][m], new float[10], OutputKind.CLASS_LOGITS, 1, 30, 30),
                x, labels, 10).memoryBudget(64L << 20);
        List<Finding> f = new LogisticRegressionBaselineExplainer().explain(wide);
        assertTrue(f.stream().noneMatch(v -> v instanceof Verdict w && w.outcome() == Verdict.Outcome.NOT_APPLICABLE), Fixtures.render(f));
        assertEquals(Fixtures.render(new LogisticRegressionBaselineExplainer().explain(ten)), Fixtures.render(f),
                "the same fit and comparison as the model with only those ten units");
    }

    @Test
    void withinTheBudgetItFits() throws Exception {
        List<Finding> f = new LogisticRegressionBaselineExplainer().explain(images(64L << 20));
        assertTrue(f.stream().noneMatch(x -> x instanceof Verdict v && v.outcome() == Verdict.Outcome.NOT_APPLICABLE), Fixtures.render(f));
    }
}
