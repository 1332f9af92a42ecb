package dev.lucent.explain.saliency;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.testkit.ConvNet;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 15.5: a per-row chart names the row's true label and the model's prediction, not only "row 2". */
class RowFactsTest {

    @Test
    void perRowAttributionsNameTheTrueLabelAndThePrediction() throws Exception {
        float[][] w = {random(4, 1), random(4, 2), random(4, 3)};
        float[] b = {0.1f, -0.2f, 0.3f};
        LinearModel model = new LinearModel(w, b, OutputKind.CLASS_LOGITS);
        float[] x = random(10 * 4, 5);
        int[] labels = {2, 0, 1, 1, 0, 2, 2, 1, 0, 0};
        TestContext ctx = TestContext.tabular(model, x, labels, 3);
        List<String> classes = ctx.schema().classNames();
        List<Finding> f = new VanillaGradientsExplainer().explain(ctx);
        List<FeatureAttribution> rows = f.stream().filter(FeatureAttribution.class::isInstance).map(FeatureAttribution.class::cast)
                .filter(a -> a.subject().startsWith("row ")).toList();
        assertEquals(4, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            // the prediction worked out here from the weights: argmax of w.x + b
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                double s = b[c];
                for (int j = 0; j < 4; j++) s += w[c][j] * x[i * 4 + j];
                if (s > bestScore) { bestScore = s; best = c; }
            }
            String subject = rows.get(i).subject();
            int truth = labels[i];
            assertTrue(subject.startsWith("row " + i + " (true label " + classes.get(truth) + ", predicted " + classes.get(best) + "), "),
                    subject);
        }
    }

    @Test
    void perRowHeatmapsNameThemToo() throws Exception {
        ConvNet cnn = new ConvNet(6, 5, 2, 3, 4);
        List<Finding> f = new VanillaGradientsExplainer().explain(TestContext.images(cnn, random(3 * 30, 9), new int[]{1, 0, 2}, 3).with("shown", "2"));
        List<ImageHeatmap> rows = f.stream().map(ImageHeatmap.class::cast).filter(h -> h.subject().startsWith("row ")).toList();
        assertEquals(2, rows.size());
        for (ImageHeatmap h : rows) assertTrue(h.subject().matches("row \\d \\(true label [^,]+, predicted [^)]+\\), .*"), h.subject());
    }
}
