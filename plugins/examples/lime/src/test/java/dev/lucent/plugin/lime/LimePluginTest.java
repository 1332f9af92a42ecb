package dev.lucent.plugin.lime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.OutputKind;
import dev.lucent.plugin.kit.Fixtures;
import dev.lucent.plugin.kit.KitContext;
import dev.lucent.plugin.kit.LinearModel;
import dev.lucent.plugin.kit.LucentKit;
import dev.lucent.plugin.kit.Mlp;
import dev.lucent.plugin.kit.PluginAssertions;
import dev.lucent.plugin.kit.PluginUnderTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The LIME plugin as Lucent runs it: the bundle started in a real framework by the plugin kit, its explainer
 * found in the service registry, checked against models whose true local behaviour is known.
 */
@ExtendWith(LucentKit.class)
class LimePluginTest {

    static final double[] WEIGHTS = {3.0, -2.0, 1.0, 0.5, -0.25, 0.0};
    static final double[] SCALES = {1.0, 2.0, 0.5, 1.0, 3.0, 1.0};

    @Test
    void onALinearModelTheSlopesAreTheWeights(PluginUnderTest plugin) throws Exception {
        Explainer lime = plugin.explainer("lime");
        LinearModel model = new LinearModel("linear", WEIGHTS, 0.7, OutputKind.REGRESSION);
        Fixtures.Data data = Fixtures.tabular(model, 90, SCALES, 11);
        List<Finding> findings = lime.explain(KitContext.of(model, data).seed(5).parameter("rows", "2").build());
        PluginAssertions.assertStandardFindings(findings);
        List<FeatureAttribution> attributions = rowFindings(findings, FeatureAttribution.class);
        assertEquals(2, attributions.size(), "one attribution per explained row");
        for (FeatureAttribution a : attributions) {
            double[] v = a.values();
            // A linear model is its own local linear model: the fit recovers w up to the ridge's small shrinkage.
            for (int j = 0; j < WEIGHTS.length; j++)
                assertEquals(WEIGHTS[j], v[j], 0.02 * Math.abs(WEIGHTS[j]) + 0.005, "slope of f" + j + " in " + a.subject());
            assertEquals(ranking(WEIGHTS), ranking(v), "LIME ranks features as the weights do");
            assertTrue(a.note().contains("weighted R^2 of the local fit 1.000"), a.note());
        }
        Verdict verdict = (Verdict) findings.get(findings.size() - 1);
        assertEquals(Verdict.Outcome.PASS, verdict.outcome(), verdict.summary());
    }

    @Test
    void onALogisticModelTheRankingIsTheWeights(PluginUnderTest plugin) throws Exception {
        LinearModel model = new LinearModel("logistic", WEIGHTS, -0.2, OutputKind.BINARY_LOGIT);
        double[] unit = {1, 1, 1, 1, 1, 1};
        Fixtures.Data data = Fixtures.tabular(model, 60, unit, 3);
        // A narrow kernel keeps the fit local, where the sigmoid is close to linear: slopes are sigmoid' * w.
        List<Finding> findings = plugin.explainer("lime").explain(KitContext.of(model, data).seed(2)
                .parameter("rows", "3").parameter("samples", "3000").parameter("kernelWidth", "0.5").build());
        for (FeatureAttribution a : rowFindings(findings, FeatureAttribution.class)) {
                double[] v = a.values();
                // the explained output is the predicted class's probability: its slopes flip sign for class 0
                double sign = a.subject().contains("class1") ? 1 : -1;
                double[] signed = new double[v.length];
                for (int j = 0; j < v.length; j++) signed[j] = sign * v[j];
                assertEquals(ranking(WEIGHTS), ranking(signed), "ranking for " + a.subject() + ": " + java.util.Arrays.toString(v));
                for (int j = 0; j < 5; j++) assertEquals(Math.signum(WEIGHTS[j]), Math.signum(signed[j]), "sign of f" + j);
        }
    }

    @Test
    void topKKeepsOnlyTheStrongestFeatures(PluginUnderTest plugin) throws Exception {
        LinearModel model = new LinearModel("linear", WEIGHTS, 0, OutputKind.REGRESSION);
        Fixtures.Data data = Fixtures.tabular(model, 30, SCALES, 4);
        List<Finding> findings = plugin.explainer("lime").explain(KitContext.of(model, data).parameter("topK", "2")
                .parameter("rows", "1").build());
        double[] v = rowFindings(findings, FeatureAttribution.class).get(0).values();
        // |w_j| * scale_j decides in LIME's standardised space: f1 (4.0) and f0 (3.0) lead
        for (int j = 2; j < v.length; j++) assertEquals(0.0, v[j], "f" + j + " is not among the top 2");
        assertEquals(3.0, v[0], 0.06);
        assertEquals(-2.0, v[1], 0.04);
    }

    @Test
    void onALinearImageModelSuperpixelWeightsAreExact(PluginUnderTest plugin) throws Exception {
        int size = 8;
        double[] w = new double[size * size];
        // the model looks only at the top-left quadrant, with a weight per pixel
        for (int r = 0; r < size / 2; r++) for (int c = 0; c < size / 2; c++) w[r * size + c] = 1 + r - 0.5 * c;
        LinearModel model = new LinearModel("linear image", w, 0, OutputKind.REGRESSION, 1, size, size);
        Fixtures.Data data = Fixtures.images(model, 12, size, 9);
        List<Finding> findings = plugin.explainer("lime").explain(KitContext.of(model, data).seed(3)
                .parameter("rows", "1").parameter("gridSide", "4").parameter("topK", "16").parameter("ridge", "1e-9")
                .parameter("imageSamples", "400").build());
        PluginAssertions.assertStandardFindings(findings);
        ImageHeatmap heatmap = rowFindings(findings, ImageHeatmap.class).get(0);
        float[] image = data.test().features().toArray();
        double fill = 0;
        for (int p = 0; p < size * size; p++) fill += image[p];
        fill /= size * size;
        // Switching a superpixel off changes a linear model's output by exactly sum_p w_p (x_p - fill).
        double[] values = heatmap.values();
        for (int r = 0; r < size; r++)
            for (int c = 0; c < size; c++) {
                double expected = 0;
                int top = (r / 2) * 2;
                int left = (c / 2) * 2;
                for (int dr = 0; dr < 2; dr++) for (int dc = 0; dc < 2; dc++) {
                    int p = (top + dr) * size + left + dc;
                    expected += w[p] * (image[p] - fill);
                }
                assertEquals(expected, values[r * size + c], 1e-3 + 1e-3 * Math.abs(expected), "pixel " + r + "," + c);
            }
    }

    @Test
    void mlpFindingsAreStandardAndDeterministic(PluginUnderTest plugin) throws Exception {
        Explainer lime = plugin.explainer("lime");
        Mlp tabular = new Mlp(new int[] {5}, 8, 3, 21);
        Fixtures.Data rows = Fixtures.tabular(tabular, 45, new double[] {1, 1, 1, 1, 1}, 8);
        List<Finding> f = PluginAssertions.assertDeterministic(lime, () -> KitContext.of(tabular, rows).seed(17).build());
        PluginAssertions.assertStandardFindings(f);
        Table fits = (Table) f.stream().filter(Table.class::isInstance).findFirst().orElseThrow();
        assertEquals(3, fits.rows().size(), "three rows explained by default");

        Mlp images = new Mlp(new int[] {1, 8, 8}, 6, 4, 5);
        Fixtures.Data pictures = Fixtures.images(images, 9, 8, 2);
        List<Finding> g = PluginAssertions.assertDeterministic(lime,
                () -> KitContext.of(images, pictures).seed(4).parameter("rows", "2").build());
        PluginAssertions.assertStandardFindings(g);
        assertEquals(2, rowFindings(g, ImageHeatmap.class).size(), "one heatmap per explained image");
        assertEquals(3, g.stream().filter(ImageHeatmap.class::isInstance).count(), "and the mean over them");
    }

    @Test
    void cancellationStopsItAndTheDefaultRunFitsTheBudget(PluginUnderTest plugin) throws Exception {
        Explainer lime = plugin.explainer("lime");
        Mlp model = new Mlp(new int[] {10}, 16, 2, 3);
        double[] scales = new double[10];
        java.util.Arrays.fill(scales, 1);
        Fixtures.Data data = Fixtures.tabular(model, 300, scales, 1);
        PluginAssertions.assertCancellable(lime, KitContext.of(model, data).parameter("samples", "200000")
                .parameter("rows", "50").build(), Duration.ofMillis(200));
        PluginAssertions.assertStandardFindings(PluginAssertions.assertWithinBudget(lime,
                KitContext.of(model, data).timeBudget(Duration.ofSeconds(60)).build()));
    }

    @Test
    void anAuditsParametersOverrideTheBuiltInDefaults(PluginUnderTest plugin) throws Exception {
        Explainer lime = plugin.explainer("lime");
        assertTrue(lime.info().description().contains("1000 samples per row"), lime.info().description());
        LinearModel model = new LinearModel("linear", WEIGHTS, 0, OutputKind.REGRESSION);
        List<Finding> findings = lime.explain(KitContext.of(model, Fixtures.tabular(model, 30, SCALES, 1))
                .parameter("rows", "1").parameter("samples", "250").parameter("topK", "4").build());
        Table fits = (Table) findings.stream().filter(Table.class::isInstance).findFirst().orElseThrow();
        assertEquals(List.of("0", "the prediction", "250", "4 of 6"), fits.rows().get(0).subList(0, 4));
    }

    @Test
    void aMismatchedSchemaIsNotApplicableAndBadParametersAreNamed(PluginUnderTest plugin) throws Exception {
        Explainer lime = plugin.explainer("lime");
        LinearModel model = new LinearModel("linear", WEIGHTS, 0, OutputKind.REGRESSION);
        LinearModel other = new LinearModel("other", new double[] {1, 2}, 0, OutputKind.REGRESSION);
        List<Finding> f = lime.explain(KitContext.of(model, Fixtures.tabular(other, 9, new double[] {1, 1}, 1)).build());
        Verdict v = assertInstanceOf(Verdict.class, f.get(0));
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome());
        assertTrue(v.summary().contains("2 features but the model takes 6"), v.summary());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> lime.explain(KitContext.of(model, Fixtures.tabular(model, 9, SCALES, 1)).parameter("topK", "0").build()));
        assertTrue(e.getMessage().contains("topK"), e.getMessage());
    }

    /** Feature indices by decreasing |value|. */
    static List<Integer> ranking(double[] v) {
        return java.util.stream.IntStream.range(0, v.length).boxed()
                .sorted((a, b) -> Double.compare(Math.abs(v[b]), Math.abs(v[a]))).toList();
    }

    /** The findings of single rows (the shared attribution findings also summarise all rows). */
    static <T extends Finding> List<T> rowFindings(List<Finding> findings, Class<T> kind) {
        return findings.stream().filter(kind::isInstance).map(kind::cast)
                .filter(f -> (f instanceof FeatureAttribution a ? a.subject() : ((ImageHeatmap) f).subject()).startsWith("row "))
                .toList();
    }
}
