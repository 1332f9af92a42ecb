package dev.lucent.explain.saliency;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.DataSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Vanilla gradient saliency (Simonyan et al. 2014): |d output / d input| averaged over the held-out rows,
 * for the class each row is predicted as.
 */
@Component(service = Explainer.class)
public final class VanillaGradients implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("saliency", "Gradient saliency", "1.0.0", "saliency",
            "How strongly each input feature moves the predicted class's score: the magnitude of the gradient.",
            Set.of(ExplainerInfo.Need.GRADIENTS));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        DataSplit data = context.test().orElse(context.train());
        Tensor x = data.features();
        int n = data.rows();
        int[] targets = predictedClasses(context, x);
        context.checkCancelled();
        float[] g = context.model().inputGradient(x, targets).toArray();
        int m = g.length / n;
        double[] mean = new double[m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) mean[j] += Math.abs(g[i * m + j]) / n;
        context.progress(1.0, "gradients of " + n + " rows");
        List<Finding> findings = new ArrayList<>();
        findings.add(new FeatureAttribution("Mean gradient magnitude per feature", Stage.EXPLANATIONS,
                "mean over " + n + " " + data.name() + " rows, predicted class", context.schema().featureNames(),
                mean, null, "unsigned: saliency says how sensitive, not in which direction"));
        return findings;
    }

    static int[] predictedClasses(AuditContext context, Tensor x) {
        float[][] p = context.model().probabilities(x);
        int[] t = new int[p.length];
        boolean binary = context.model().outputCount() == 1;
        for (int i = 0; i < p.length; i++) {
            if (binary) {
                t[i] = 0; // the single logit is the only output unit
                continue;
            }
            int best = 0;
            for (int j = 1; j < p[i].length; j++) if (p[i][j] > p[i][best]) best = j;
            t[i] = best;
        }
        return t;
    }
}
