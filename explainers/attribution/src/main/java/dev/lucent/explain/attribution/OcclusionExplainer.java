package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.attribution.core.FeatureAblation;
import dev.lucent.explain.attribution.core.Occlusion;
import dev.lucent.explain.support.AttributionFindings;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Heatmaps;
import dev.lucent.explain.support.Monitor;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Occlusion for images (parameters {@code window}, default max(2, min(h, w) / 7); {@code stride}, default
 * half the window; {@code fill}, 0) and, for tabular data, feature ablation to the training mean. Also
 * {@code rows} (8), {@code shown} (4), {@code target}.
 */
@Component(service = Explainer.class)
public final class OcclusionExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("occlusion", "Occlusion / feature ablation", "1.0.0",
            "feature attribution",
            "How much the score drops when a patch of the image is blanked out (or, for tables, one feature is set to "
                    + "its average): a direct, model-agnostic test of what the prediction depends on.",
            Set.of());

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 8);
        Tensor x = e.inputs();
        int[] s = x.shape();
        if (s.length != 4) {
            float[] mean = meanRow(context.train().features());
            float[] a = FeatureAblation.attribute(context.model(), x, mean, e.targets(), e.batchRows(), Monitor.of(context));
            return AttributionFindings.of(context, "Feature ablation", a, null, x, e.targets(), null, e.shown(),
                    "each feature set to its training mean in turn");
        }
        int h = s[2], w = s[3];
        int window = context.intParameter("window", Math.max(2, Math.min(h, w) / 7));
        int stride = context.intParameter("stride", Math.max(1, window / 2));
        float fill = (float) context.doubleParameter("fill", 0);
        float[] maps = Occlusion.attribute(context.model(), x, e.targets(), window, stride, fill, e.batchRows(), Monitor.of(context));
        String how = window + "x" + window + " window, stride " + stride + ", filled with " + fill;
        List<Finding> findings = new ArrayList<>();
        double[] mean = new double[h * w];
        int n = e.rows();
        for (int i = 0; i < n; i++) for (int p = 0; p < h * w; p++) mean[p] += Math.abs(maps[i * h * w + p]) / n;
        findings.add(new ImageHeatmap("Occlusion: mean |score drop| per pixel", Stage.EXPLANATIONS, "mean over " + n + " rows",
                h, w, mean, null, how));
        float[] images = x.toArray();
        int[] sample = {s[1], h, w};
        for (int i = 0; i < Math.min(e.shown(), n); i++) {
            double[] v = new double[h * w];
            for (int p = 0; p < h * w; p++) v[p] = maps[i * h * w + p];
            findings.add(Heatmaps.of("Occlusion, row " + i, Stage.EXPLANATIONS, "row " + i, v, images, i, sample, how));
        }
        return findings;
    }

    static float[] meanRow(Tensor data) {
        int n = data.shape()[0];
        int m = data.size() / n;
        float[] d = data.toArray();
        double[] s = new double[m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) s[j] += d[i * m + j];
        float[] out = new float[m];
        for (int j = 0; j < m; j++) out[j] = (float) (s[j] / n);
        return out;
    }
}
