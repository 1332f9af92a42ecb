package dev.lucent.explain.quality;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.attribution.AttributionMethods;
import dev.lucent.explain.integratedgradients.IntegratedGradientsMethods;
import dev.lucent.explain.quality.core.DeletionInsertion;
import dev.lucent.explain.quality.core.Infidelity;
import dev.lucent.explain.quality.core.MaxSensitivity;
import dev.lucent.explain.saliency.SaliencyMethods;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.explain.saliency.core.InputXGradient;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.GaussianBlur;
import dev.lucent.explain.testkit.ConvNet;
import dev.lucent.explain.testkit.Datasets;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.Mlp;
import dev.lucent.explain.testkit.ReluCounterexample;
import dev.lucent.explain.testkit.SlowModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QualityTest {

    static Datasets.Labelled digits;
    static ConvNet trainedCnn;
    static Mlp trainedMlp;

    @BeforeAll
    static void train() throws Exception {
        digits = Datasets.digits();
        trainedCnn = new ConvNet(8, 8, 4, 10, 3);
        assertTrue(trainedCnn.train(digits.x(), digits.y(), 6, 32, 0.05, 4) < 0.5);
        trainedMlp = new Mlp(64, 32, 10, OutputKind.CLASS_LOGITS, 1);
        assertTrue(trainedMlp.train(digits.x(), digits.y(), null, 5, 32, 0.1, 2) < 0.5);
    }

    static TestContext digitImages(AuditableModel model, int rows) {
        int from = digits.rows() - rows;
        return TestContext.images(model, Arrays.copyOfRange(digits.x(), from * 64, digits.x().length),
                Arrays.copyOfRange(digits.y(), from, digits.rows()), 10);
    }

    /** An "explainer" that ignores the model: the Sobel edge magnitude of the image (Adebayo et al.'s point). */
    static final Attribution EDGE_DETECTOR = (model, inputs, baselines, targets, monitor) -> {
        int[] s = inputs.shape();
        int n = s[0], h = s[2], w = s[3];
        float[] x = inputs.toArray(), out = new float[x.length];
        for (int i = 0; i < n; i++)
            for (int y = 0; y < h; y++)
                for (int c = 0; c < w; c++) {
                    double gx = 0, gy = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.min(h - 1, Math.max(0, y + dy)), xx = Math.min(w - 1, Math.max(0, c + dx));
                            double v = x[i * h * w + yy * w + xx];
                            gx += dx * (dy == 0 ? 2 : 1) * v;
                            gy += dy * (dx == 0 ? 2 : 1) * v;
                        }
                    out[i * h * w + y * w + c] = (float) Math.hypot(gx, gy);
                }
        return Attributions.of(out, "Sobel edge magnitude");
    };

    /** The methods the quality bundle finds as services in a running host, by name. */
    static final List<AttributionProvider> METHODS = List.of(new SaliencyMethods(), new IntegratedGradientsMethods(),
            new AttributionMethods());

    @Test
    void sanityCheckFailsAnExplainerThatIgnoresTheModel() throws Exception {
        TestContext ctx = digitImages(trainedCnn, 16);
        List<Finding> f = RandomizationSanityExplainer.check(ctx, Explained.from(ctx, 16), EDGE_DETECTOR, "edge detector",
                trainedCnn.layerNames(), 0.5);
        Verdict v = lastVerdict(f);
        assertEquals(Verdict.Outcome.FAIL, v.outcome());
        for (double c : ((Curve) f.get(0)).series().get(0).y()) assertEquals(1.0, c, 1e-12);
    }

    @Test
    void sanityCheckPassesGradientsOfTrainedNetworks() throws Exception {
        for (AuditableModel model : List.<AuditableModel>of(trainedCnn, trainedMlp)) {
            TestContext ctx = model == trainedCnn ? digitImages(model, 16)
                    : TestContext.tabular(model, Arrays.copyOf(digits.x(), 16 * 64), Arrays.copyOf(digits.y(), 16), 10);
            List<Finding> f = new RandomizationSanityExplainer(METHODS).explain(ctx.with("method", "gradient"));
            Verdict v = lastVerdict(f);
            assertEquals(Verdict.Outcome.PASS, v.outcome(), model.name() + ": " + v.summary());
            double[] corr = ((Curve) f.get(0)).series().get(0).y();
            assertTrue(corr[corr.length - 1] < 0.5, Arrays.toString(corr));
        }
    }

    @Test
    void sanityCheckIsNotApplicableWithoutLayers() throws Exception {
        List<Finding> f = new RandomizationSanityExplainer(METHODS).explain(TestContext.tabular(new ReluCounterexample(), new float[]{1, 2}, null, 0));
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) f.get(0)).outcome());
    }

    /** p = sigmoid(w . x) with w, x > 0: the curves have a closed form for any pixel order. */
    @Test
    void deletionAndInsertionCurvesFollowTheirDefinition() throws Exception {
        int h = 4, w = 4;
        SplittableRandom r = new SplittableRandom(3);
        float[] wt = new float[16], x = new float[16];
        for (int p = 0; p < 16; p++) {
            wt[p] = (float) (0.1 + r.nextDouble());
            x[p] = (float) (0.1 + r.nextDouble());
        }
        LinearModel model = new LinearModel(new float[][]{new float[16], wt}, new float[]{0, -3}, OutputKind.CLASS_LOGITS, 1, h, w);
        float[] good = new float[16], reversed = new float[16];
        for (int p = 0; p < 16; p++) {
            good[p] = wt[p] * x[p];
            reversed[p] = -good[p];
        }
        GaussianBlur blur = GaussianBlur.rise();
        Tensor img = Tensor.of(x, 1, 1, h, w);
        DeletionInsertion.Result a = DeletionInsertion.run(model, img, good, new int[]{1}, 16, blur, 7, Monitor.NONE);
        DeletionInsertion.Result b = DeletionInsertion.run(model, img, reversed, new int[]{1}, 16, blur, 64, Monitor.NONE);
        Integer[] order = new Integer[16];
        for (int p = 0; p < 16; p++) order[p] = p;
        Arrays.sort(order, (p, q) -> Float.compare(good[q], good[p]));
        float[] blurred = blur.apply(x, 1, 1, h, w);
        for (int k = 0; k <= 16; k++) {
            double kept = -3, inserted = -3;
            boolean[] top = new boolean[16];
            for (int q = 0; q < k; q++) top[order[q]] = true;
            for (int p = 0; p < 16; p++) {
                if (!top[p]) kept += (double) wt[p] * x[p];
                inserted += (double) wt[p] * (top[p] ? x[p] : blurred[p]);
            }
            assertEquals(1 / (1 + Math.exp(-kept)), a.deletion()[k], 1e-6, "deletion step " + k);
            assertEquals(1 / (1 + Math.exp(-inserted)), a.insertion()[k], 1e-6, "insertion step " + k);
        }
        assertTrue(a.deletionAuc() < b.deletionAuc());
        assertTrue(a.insertionAuc() > b.insertionAuc());
        assertEquals(0.5, DeletionInsertion.auc(new double[]{1, 0}), 0);
    }

    @Test
    void infidelityOfTheGradientOfALinearModelIsZeroAndOfNothingIsTheOutputVariance() throws Exception {
        float[] w = random(5, 1);
        LinearModel model = LinearModel.of(w);
        Tensor x = Tensor.of(random(10, 2), 2, 5);
        double[] sigma = {0.1, 0.2, 0.3, 0.4, 0.5};
        float[] grad = new float[10];
        for (int k = 0; k < 10; k++) grad[k] = w[k % 5];
        Infidelity.Result zero = Infidelity.compute(model, x, grad, new int[2], sigma, 50, 1, 64, Monitor.NONE);
        for (double v : zero.infidelity()) assertEquals(0, v, 1e-9);
        for (double v : zero.unexplained()) assertEquals(0, v, 1e-6); // the gradient predicts every change exactly
        Infidelity.Result nothing = Infidelity.compute(model, x, new float[10], new int[2], sigma, 20000, 2, 4096, Monitor.NONE);
        double[] none = nothing.infidelity();
        for (double v : nothing.unexplained()) assertEquals(1, v, 0); // zero attributions explain none of it
        double expected = 0;
        for (int j = 0; j < 5; j++) expected += w[j] * w[j] * sigma[j] * sigma[j];
        for (double v : none) assertEquals(expected, v, 0.05 * expected);
    }

    @Test
    void maxSensitivityOfGradientsOnALinearModelIsZeroAndOfGradientTimesInputIsBounded() throws Exception {
        float[] w = random(6, 3);
        LinearModel model = LinearModel.of(w);
        float[] xv = random(6, 4);
        Tensor x = Tensor.of(xv, 1, 6);
        double[] g = MaxSensitivity.compute(new Gradients(64), model, x, new int[1],
                0.02, 10, 1, Monitor.NONE);
        assertEquals(0, g[0], 0);
        double[] gi = MaxSensitivity.compute(new InputXGradient(64), model, x, new int[1],
                0.02, 10, 1, Monitor.NONE);
        double wn = 0, wxn = 0;
        for (int j = 0; j < 6; j++) {
            wn += w[j] * w[j];
            wxn += (double) w[j] * xv[j] * w[j] * xv[j];
        }
        // phi(x + d) - phi(x) = w * d with |d_j| <= r
        assertTrue(gi[0] > 0 && gi[0] <= 0.02 * Math.sqrt(wn) / Math.sqrt(wxn) + 1e-6, "max-sensitivity " + gi[0]);
    }

    @Test
    void deletionInsertionOfGradientTimesInputOnTheTrainedCnnGivesCurvesMetricsAndAVerdict() throws Exception {
        List<Finding> f = ExplainerChecks.assertDeterministic(new DeletionInsertionExplainer(METHODS),
                () -> digitImages(trainedCnn, 8).with("method", "gradient-x-input"));
        Curve c = (Curve) f.get(0);
        assertEquals(4, c.series().size());
        assertTrue(f.get(1) instanceof Metric && f.get(2) instanceof Metric && f.get(3) instanceof Verdict);
    }

    @Test
    void tabularDeletionAndInsertionTakeFeaturesInAttributionOrderFromTheTrainingMeans() throws Exception {
        // by hand: f = 2 x0 - x1 + 0.5 x2 at x = (1, 1, 1), means 0, attribution order x0 (2), x2 (0.5), x1 (-1)
        DeletionInsertion.Result r = DeletionInsertion.runTabular(LinearModel.of(2, -1, 0.5f), Tensor.of(new float[] {1, 1, 1}, 1, 3),
                new float[3], new float[] {2, -1, 0.5f}, new int[] {0}, 3, 8, Monitor.NONE);
        assertEquals(List.of(1.5, -0.5, -1.0, 0.0), Arrays.stream(r.deletion()).boxed().toList());
        assertEquals(List.of(0.0, 2.0, 2.5, 1.5), Arrays.stream(r.insertion()).boxed().toList());

        // the explainer on a tabular model: gradient x input ranks what moves a linear score, far better than chance
        float[] w = {3, -2, 1.5f, 0.5f, -0.25f, 2};
        float[] x = random(60 * 6, 11);
        List<Finding> g = new DeletionInsertionExplainer(METHODS).explain(TestContext.tabular(LinearModel.of(w), x, null, 0)
                .with("method", "gradient-x-input").with("rows", "40"));
        Curve c = (Curve) g.get(0);
        assertEquals("fraction of features changed, most salient first", c.xLabel());
        Verdict v = (Verdict) g.get(3);
        assertEquals(Verdict.Outcome.PASS, v.outcome(), v.summary() + " " + v.evidence());
        assertTrue(v.summary().startsWith("PASS: deletion AUC gain of gradient-x-input") && v.summary().contains("The features gradient-x-input ranks highest"), v.summary());
    }

    /** The last verdict among a check's findings (the comparison table follows it). */
    static Verdict lastVerdict(List<Finding> findings) {
        Verdict last = null;
        for (Finding f : findings) if (f instanceof Verdict v) last = v;
        return last;
    }

    static List<Explainer> all() {
        return List.of(new RandomizationSanityExplainer(METHODS), new DeletionInsertionExplainer(METHODS), new InfidelityExplainer(METHODS),
                new MaxSensitivityExplainer(METHODS));
    }

    @Test
    void everyExplainerIsDeterministicReportsProgressAndStopsWhenCancelled() throws Exception {
        ConvNet cnn = new ConvNet(8, 8, 2, 3, 1);
        float[] img = random(6 * 64, 3);
        for (Explainer e : all()) {
            for (String method : new String[]{"gradient", "smoothgrad", "integrated-gradients"}) {
                List<Finding> f = ExplainerChecks.assertDeterministic(e, () -> TestContext.images(cnn, img, null, 3).with("method", method));
                assertTrue(f.size() >= 1);
            }
            TestContext ctx = TestContext.images(cnn, img, null, 3);
            e.explain(ctx);
            ExplainerChecks.assertReportsProgress(ctx);
            SlowModel slow = new SlowModel(cnn, 30);
            ExplainerChecks.assertHonoursCancellation(e, TestContext.images(slow, img, null, 3).with("batch-size", "1"), slow);
        }
    }
}
