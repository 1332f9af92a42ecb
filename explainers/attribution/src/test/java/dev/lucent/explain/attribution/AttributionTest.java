package dev.lucent.explain.attribution;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.attribution.core.FeatureAblation;
import dev.lucent.explain.attribution.core.GradCam;
import dev.lucent.explain.attribution.core.Occlusion;
import dev.lucent.explain.attribution.core.PermutationImportance;
import dev.lucent.explain.testkit.ConvNet;
import dev.lucent.explain.testkit.Datasets;
import dev.lucent.explain.testkit.ExplainerChecks;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.Mlp;
import dev.lucent.explain.testkit.SlowModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributionTest {

    /** 400 rows of 3 features; feature 0 decides the label. */
    private static final float[] PLANTED_ROWS = random(400 * 3, 5);
    /** Reads feature 0, barely feature 1 (noise), never feature 2. */
    private static final LinearModel PLANTED = new LinearModel(new float[][]{{0, 0, 0}, {5, 0.01f, 0}}, new float[2],
            OutputKind.CLASS_LOGITS);

    private static int[] plantedLabels() {
        int[] y = new int[PLANTED_ROWS.length / 3];
        for (int i = 0; i < y.length; i++) y[i] = PLANTED_ROWS[i * 3] > 0 ? 1 : 0;
        return y;
    }

    @Test
    void permutationImportanceRanksThePlantedFeatureFirstAndNoiseNearZero() throws Exception {
        PermutationImportance.Result r = PermutationImportance.compute(PLANTED, Tensor.of(PLANTED_ROWS.clone(), 400, 3), plantedLabels(),
                null, 10, 3, 4096, Monitor.NONE);
        assertEquals(1.0, r.baselineScore());
        assertEquals(0.5, r.mean()[0], 0.1); // shuffling the decisive feature leaves a coin toss
        assertTrue(r.mean()[0] - r.halfWidth()[0] > 0.3);
        assertTrue(Math.abs(r.mean()[1]) < 0.01, "noise feature: " + r.mean()[1]);
        assertEquals(0, r.mean()[2]);
        // every shuffle of the unread feature scores alike: no interval, rather than a zero-width one
        assertTrue(PermutationImportance.alike(r.drops()[2]));
        assertTrue(Double.isNaN(r.halfWidth()[2]), "half-width " + r.halfWidth()[2]);
    }

    /**
     * Issue 14: with 5 repeats, a feature whose shuffles all scored alike was reported with a zero-width interval,
     * as if its importance were known exactly. The oracle is the model itself: a feature with weight 0 cannot
     * change any output, so its shuffles must say "no change observed", never a certain 0.
     */
    @Test
    void noZeroWidthIntervalByDefault() throws Exception {
        FeatureAttribution a = (FeatureAttribution) new PermutationImportanceExplainer()
                .explain(TestContext.tabular(PLANTED, PLANTED_ROWS, plantedLabels(), 2)).get(0);
        for (int j = 0; j < 3; j++)
            assertTrue(Double.isNaN(a.uncertainty()[j]) || a.uncertainty()[j] > 0, "f" + j + ": zero-width interval");
        assertEquals(0, a.values()[2]);
        assertTrue(Double.isNaN(a.uncertainty()[2]));
        assertTrue(a.note().contains(", " + PermutationImportance.DEFAULT_REPEATS + " shuffles per feature"), a.note());
        assertTrue(a.note().contains("f2: no change observed in 30 shuffles (a change in fewer than 1 shuffle in 10 could go unseen)"),
                a.note());
        assertTrue(a.uncertainty()[0] > 0 && !a.note().contains("f0:"), a.note());
    }

    @Test
    void permutationImportanceOfARegressionIsTheRiseInSquaredError() throws Exception {
        // f = 2 x0: shuffling x0 raises the MSE by E[(2 x0 - 2 x0')^2] = 8 Var(x0) exactly in expectation
        int n = 2000;
        float[] x = random(n * 2, 7);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) t[i] = 2 * x[i * 2];
        PermutationImportance.Result r = PermutationImportance.compute(LinearModel.of(2, 0), Tensor.of(x, n, 2), null, t, 5, 1,
                4096, Monitor.NONE);
        double var = 16 / 12.0; // uniform on [-2, 2]
        assertEquals(0, r.baselineScore(), 1e-9);
        assertEquals(8 * var, r.mean()[0], 0.1 * 8 * var);
        assertEquals(0, r.mean()[1]);
    }

    @Test
    void occlusionWithSinglePixelsOnALinearModelIsWeightTimesPixel() throws Exception {
        float[] w = random(2 * 4 * 5, 1), x = random(2 * 4 * 5, 2);
        LinearModel model = new LinearModel(new float[][]{w}, new float[1], OutputKind.REGRESSION, 2, 4, 5);
        float[] a = new Occlusion(1, 1, 7).attribute(model, Tensor.of(x, 1, 2, 4, 5), null, new int[1], Monitor.NONE).values();
        for (int p = 0; p < 20; p++) assertEquals((double) w[p] * x[p] + (double) w[20 + p] * x[20 + p], a[p], 1e-5);
    }

    @Test
    void occlusionAveragesTheWindowsCoveringEachPixel() throws Exception {
        int h = 5, w = 6;
        float[] wt = random(h * w, 3), x = random(h * w, 4);
        LinearModel model = new LinearModel(new float[][]{wt}, new float[1], OutputKind.REGRESSION, 1, h, w);
        float[] a = new Occlusion(2, 2, 3).attribute(model, Tensor.of(x, 1, 1, h, w), filled(0.5f, 1, 1, h, w), new int[1], Monitor.NONE).values();
        // windows at rows {0, 2} and columns {0, 2, 4}; row 4 is covered by none (Captum leaves it at 0)
        for (int y = 0; y < h; y++)
            for (int c = 0; c < w; c++) {
                double expected = 0;
                if (y < 4) {
                    int y0 = y / 2 * 2, x0 = c / 2 * 2;
                    for (int yy = y0; yy < y0 + 2; yy++)
                        for (int xx = x0; xx < x0 + 2; xx++) expected += wt[yy * w + xx] * (x[yy * w + xx] - 0.5);
                }
                assertEquals(expected, a[y * w + c], 1e-5, "pixel " + y + "," + c);
            }
    }

    @Test
    void featureAblationOnALinearModelIsWeightTimesDistanceToTheBaseline() throws Exception {
        float[] w = random(6, 5), x = random(12, 6), base = random(6, 7);
        float[] a = new FeatureAblation(3).attribute(LinearModel.of(w), Tensor.of(x, 2, 6), Tensor.of(base, 1, 6), new int[2], Monitor.NONE).values();
        for (int k = 0; k < 12; k++) assertEquals((double) w[k % 6] * (x[k] - base[k % 6]), a[k], 1e-5);
    }

    @Test
    void bilinearResizeMatchesPyTorchsHalfPixelConvention() {
        // torch.nn.functional.interpolate([[1, 2], [3, 4]], size=4, mode="bilinear", align_corners=False)
        float[] expected = {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4};
        assertArrayEquals(expected, invokeResize(new float[]{1, 2, 3, 4}, 2, 2, 4, 4), 1e-6f);
    }

    static float[] invokeResize(float[] src, int sh, int sw, int dh, int dw) {
        try {
            var m = GradCam.class.getDeclaredMethod("resize", float[].class, int.class, int.class, int.class, int.class);
            m.setAccessible(true);
            return (float[]) m.invoke(null, src, sh, sw, dh, dw);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** One identity filter and equal dense weights: alpha = 1/64 and the map is ReLU(x) / 64. */
    @Test
    void gradCamOfAnIdentityConvolutionIsTheRectifiedImage() throws Exception {
        ConvNet cnn = new ConvNet(8, 8, 1, 2, 1);
        cnn.setFilter(0, new double[][]{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}, 0);
        double[] dense = new double[64];
        Arrays.fill(dense, 1);
        cnn.setDense(1, dense, 0);
        float[] x = random(64, 3);
        GradCam.Result r = new GradCam("conv", 8).maps(cnn, Tensor.of(x, 1, 1, 8, 8), new int[]{1}, Monitor.NONE);
        for (int p = 0; p < 64; p++) assertEquals(Math.max(0, x[p]), r.maps()[p], 1e-6);
    }

    @Test
    void gradCamRefusesModelsWithoutAConvolutionalLayer() throws Exception {
        Mlp mlp = new Mlp(5, 4, 2, OutputKind.CLASS_LOGITS, 1);
        // a tabular model: the declared need (image input) is unmet, so Lucent never runs it there
        assertTrue(GradCamExplainer.INFO.unmetNeed(TestContext.tabular(mlp, random(10, 1), null, 2)).orElseThrow()
                .startsWith("needs image input: "));
        // an image model built from dense layers only
        LinearModel dense = new LinearModel(new float[][]{random(64, 1), random(64, 2)}, new float[2], OutputKind.CLASS_LOGITS, 1, 8, 8);
        List<Finding> g = new GradCamExplainer().explain(TestContext.images(dense, random(128, 1), null, 2));
        Verdict v = (Verdict) g.get(0);
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome());
        assertTrue(v.summary().contains("no convolutional layer"), v.summary());
        List<Finding> h = new GradCamExplainer().explain(TestContext.images(new ConvNet(8, 8, 2, 3, 1), random(128, 1), null, 3)
                .with("layer", "dense"));
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) h.get(0)).outcome());
    }

    /**
     * On a CNN trained on the 8x8 digits, Grad-CAM's mass sits on the strokes: the mean map value over ink
     * pixels must exceed the mean over the outer ring of the image, which carries almost no ink. (Measured on
     * this fixture: about 1.7.)
     */
    @Test
    void gradCamOnATrainedDigitsCnnHighlightsTheDigitMoreThanTheBorder() throws Exception {
        Datasets.Labelled digits = Datasets.digits();
        ConvNet cnn = new ConvNet(8, 8, 4, 10, 3);
        double loss = cnn.train(digits.x(), digits.y(), 6, 32, 0.05, 4);
        assertTrue(loss < 0.5, "fixture did not train: " + loss);
        int n = 200;
        float[] x = Arrays.copyOfRange(digits.x(), digits.x().length - n * 64, digits.x().length);
        int[] y = Arrays.copyOfRange(digits.y(), digits.rows() - n, digits.rows());
        GradCam.Result r = new GradCam("conv", 64).maps(cnn, Tensor.of(x, n, 1, 8, 8), y, Monitor.NONE);
        double ink = 0, border = 0;
        int inkCount = 0, borderCount = 0;
        for (int i = 0; i < n; i++)
            for (int p = 0; p < 64; p++) {
                int row = p / 8, col = p % 8;
                double v = r.maps()[i * 64 + p];
                if (x[i * 64 + p] > 0.5) {
                    ink += v;
                    inkCount++;
                }
                if (row == 0 || row == 7 || col == 0 || col == 7) {
                    border += v;
                    borderCount++;
                }
            }
        double ratio = (ink / inkCount) / (border / borderCount + 1e-12);
        assertTrue(ratio > 1.25, "Grad-CAM on ink vs border: ratio " + ratio);
    }

    static List<Explainer> all() {
        return List.of(new KernelShapExplainer(), new ExactShapleyExplainer(), new PermutationImportanceExplainer(),
                new OcclusionExplainer());
    }

    @Test
    void everyExplainerIsDeterministicAndStopsWhenCancelled() throws Exception {
        Mlp mlp = new Mlp(6, 8, 3, OutputKind.CLASS_LOGITS, 1);
        float[] x = random(30 * 6, 2);
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) y[i] = i % 3;
        for (Explainer e : all()) {
            List<Finding> f = ExplainerChecks.assertDeterministic(e, () -> TestContext.tabular(mlp, x, y, 3).with("background", "4"));
            assertTrue(f.get(0) instanceof FeatureAttribution, e.info().id());
            TestContext ctx = TestContext.tabular(mlp, x, y, 3).with("background", "4");
            e.explain(ctx);
            ExplainerChecks.assertReportsProgress(ctx);
            SlowModel slow = new SlowModel(mlp, 30);
            ExplainerChecks.assertHonoursCancellation(e, TestContext.tabular(slow, x, y, 3).with("batch-size", "1").with("background", "4"), slow);
        }
        ConvNet cnn = new ConvNet(8, 8, 2, 3, 1);
        float[] img = random(6 * 64, 3);
        for (Explainer e : List.<Explainer>of(new GradCamExplainer(), new OcclusionExplainer())) {
            List<Finding> f = ExplainerChecks.assertDeterministic(e, () -> TestContext.images(cnn, img, null, 3));
            assertTrue(f.get(0) instanceof ImageHeatmap, e.info().id());
            SlowModel slow = new SlowModel(cnn, 30);
            ExplainerChecks.assertHonoursCancellation(e, TestContext.images(slow, img, null, 3).with("batch-size", "1"), slow);
        }
    }

    @Test
    void parametersThatWouldExhaustTheMemoryBudgetAreRefusedByName() {
        Mlp mlp = new Mlp(6, 8, 3, OutputKind.CLASS_LOGITS, 1);
        var ctx = TestContext.tabular(mlp, random(60, 2), new int[10], 3).with("samples", "2000000000");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new KernelShapExplainer().explain(ctx));
        assertTrue(e.getMessage().contains("parameter samples"), e.getMessage());
    }

    @Test
    void exactShapleyIsNotApplicableBeyondTwelveFeatures() throws Exception {
        List<Finding> f = new ExactShapleyExplainer().explain(TestContext.tabular(LinearModel.of(new float[13]), new float[26], null, 0));
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, ((Verdict) f.get(0)).outcome());
    }

    /** A baseline of one value everywhere, the shape given. */
    static Tensor filled(float value, int... shape) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] v = new float[size];
        java.util.Arrays.fill(v, value);
        return Tensor.of(v, shape);
    }
}
