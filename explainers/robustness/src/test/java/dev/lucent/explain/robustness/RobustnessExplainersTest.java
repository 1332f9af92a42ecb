package dev.lucent.explain.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The two explainers on the engine's digits CNN and on tables: what they report, what they read, what they refuse. */
class RobustnessExplainersTest {

    /** The digits CNN, trained on the first 1500 images, audited on the 297 held out. */
    static TestContext digits() {
        var d = EngineModels.digits();
        int train = EngineModels.TRAIN_ROWS, held = d.rows() - train;
        float[] x = d.x();
        TestContext base = TestContext.images(EngineModels.digitsCnn(), x, d.y(), 10);
        DataSplit tr = new DataSplit("train", Tensor.of(Arrays.copyOf(x, train * 64), train, 1, 8, 8), Arrays.copyOf(d.y(), train), null);
        DataSplit te = new DataSplit("test", EngineModels.heldOut(held, true), EngineModels.heldOutLabels(held), null);
        return new TestContext(base.model(), base.schema(), tr, te).with("bootstrap-resamples", "100");
    }

    static <T extends Finding> List<T> of(List<Finding> f, Class<T> kind) {
        return f.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Test
    void attacksOnTheDigitsCnnGiveCurvesAVerdictAndPictures() throws Exception {
        List<Finding> f = ExplainerChecks.assertDeterministic(new AdversarialExplainer(),
                () -> digits().with("rows", "40").with("steps", "5").with("flip-search-steps", "5"));
        List<Curve> curves = of(f, Curve.class);
        assertEquals(3, curves.size(), "L-inf, L2 and least-flip curves");
        for (Curve c : curves.subList(0, 2)) {
            double[] fgsm = c.series().get(0).y(), pgd = c.series().get(1).y();
            for (int i = 0; i < fgsm.length; i++) assertTrue(pgd[i] <= fgsm[i], c.title() + ": PGD above FGSM at " + i);
            assertTrue(pgd[pgd.length - 1] < pgd[0], c.title() + ": the largest budget costs accuracy");
        }
        Verdict v = of(f, Verdict.class).get(0);
        assertTrue(v.summary().contains("set by `max-accuracy-drop`"), v.summary());
        List<ImageHeatmap> pictures = of(f, ImageHeatmap.class);
        assertEquals(9, pictures.size(), "three flipped rows, three pictures each");
        // the perturbation is the perturbed image minus the image
        for (int k = 0; k < 3; k++) {
            double[] image = pictures.get(3 * k).image(), delta = pictures.get(3 * k + 1).values(), moved = pictures.get(3 * k + 2).image();
            for (int p = 0; p < image.length; p++) assertEquals(moved[p] - image[p], delta[p], 1e-4);
        }
    }

    @Test
    void corruptionsOnTheDigitsCnnNameTheWorstAndJudgeIt() throws Exception {
        TestContext c = digits().with("rows", "120");
        List<Finding> f = ExplainerChecks.assertDeterministic(new CorruptionsExplainer(), () -> digits().with("rows", "120"));
        Curve curve = of(f, Curve.class).get(0);
        assertEquals(List.of("Gaussian noise", "Gaussian blur", "brightness", "contrast", "occlusion", "fog"),
                curve.series().stream().map(Curve.Series::name).toList());
        Table t = of(f, Table.class).get(0);
        assertEquals(1 + 6 * 5, t.rows().size());
        Verdict v = of(f, Verdict.class).get(0);
        assertTrue(v.summary().contains("hurts most at severity 3"), v.summary());
        // the worst named is the one whose accuracy at severity 3 is lowest on the curve
        String worst = curve.series().stream().min((a, b) -> Double.compare(a.y()[3], b.y()[3])).orElseThrow().name();
        assertTrue(v.summary().contains(" " + worst + " hurts most"), worst + " vs " + v.summary());
        assertTrue(new CorruptionsExplainer().explain(c).size() > 0);
        ExplainerChecks.assertReportsProgress(c);
    }

    /** A regression model's corruptions are judged on its mean absolute error, by max-error-increase. */
    @Test
    void aRegressionModelIsJudgedOnItsError() throws Exception {
        LinearModel model = LinearModel.of(1f, -2f, 0.5f);
        float[] x = new float[300 * 3];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        for (int k = 0; k < x.length; k++) x[k] = (float) rng.nextGaussian();
        float[] y = model.predict(Tensor.of(x, 300, 3)).toArray();
        for (int i = 0; i < y.length; i++) y[i] += (float) (0.3 * rng.nextGaussian());
        TestContext base = TestContext.tabular(model, x, null, 0);
        DataSplit s = new DataSplit("test", Tensor.of(x, 300, 3), null, y);
        TestContext c = new TestContext(model, new dev.lucent.network.api.DatasetSchema(base.schema().featureNames(), "y", List.of(), new int[] {3}), s, s)
                .with("bootstrap-resamples", "100");
        List<Finding> f = new CorruptionsExplainer().explain(c);
        Verdict v = of(f, Verdict.class).get(0);
        assertTrue(v.summary().contains("relative increase in mean absolute error under"), v.summary());
        assertTrue(v.summary().contains("`max-error-increase`"), v.summary());
        assertEquals(List.of("Gaussian noise", "missing values"), of(f, Curve.class).get(0).series().stream().map(Curve.Series::name).toList());
        // noise of a whole sd on every feature of a model that reads them all: far worse than 25%
        assertEquals(Verdict.Outcome.FAIL, v.outcome(), v.summary());
    }

    /** The runner refuses a name an explainer does not declare: every name the two read while running is declared. */
    @Test
    void everyParameterReadIsDeclared() throws Exception {
        for (Explainer e : List.of(new AdversarialExplainer(), new CorruptionsExplainer())) {
            TestContext c = digits().with("rows", "20").with("steps", "2").with("flip-search-steps", "2");
            e.explain(c);
            Set<String> declared = new TreeSet<>(e.info().parameters().stream().map(Parameter::name).toList());
            assertTrue(c.parametersRead().size() >= 5, "the run read its parameters: " + c.parametersRead());
            assertTrue(declared.containsAll(c.parametersRead()), e.info().id() + " reads " + c.parametersRead() + " but declares " + declared);
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheProblem() {
        float[] w = {1f, 2f};
        LinearModel model = new LinearModel(new float[][] {w}, new float[] {0f}, OutputKind.BINARY_LOGIT);
        TestContext c = AttackOraclesTest.linearContext(model, 2, 3).with("immutable", "f0, age");
        var e = assertThrows(IllegalArgumentException.class, () -> new AdversarialExplainer().explain(c));
        assertEquals("parameter immutable: no feature named 'age' (features: f0, f1)", e.getMessage());
        TestContext d = AttackOraclesTest.linearContext(model, 2, 3).with("l2-budgets", "0.5, -1");
        e = assertThrows(IllegalArgumentException.class, () -> new AdversarialExplainer().explain(d));
        assertEquals("parameter l2-budgets must be positive numbers separated by commas, got '0.5, -1'", e.getMessage());
    }
}
