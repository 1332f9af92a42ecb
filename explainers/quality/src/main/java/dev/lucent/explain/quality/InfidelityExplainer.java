package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.quality.core.Infidelity;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Stats;
import dev.lucent.network.api.Tensor;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Infidelity of an attribution method (Captum's definition). The perturbation of feature j is Gaussian
 * with standard deviation {@code noise} (0.1) times feature j's standard deviation in the training data.
 * Parameters: {@code method} (gradient), {@code noise}, {@code samples} (10, Captum's default), {@code rows} (16).
 */
@Component(service = Explainer.class)
public final class InfidelityExplainer extends QualityExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("infidelity", "Infidelity", "1.0.0", "explanation quality",
            "How badly an explanation predicts the model's response to small random changes of the input (0 is perfect).",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.of(List.of(METHOD),
                    Parameters.explained(16), List.of(Parameter.number("noise", "0.1", 0,
                    Parameter.NO_LIMIT, "perturbation standard deviation"),
                    Parameter.whole("samples", "10", 1, "perturbations per row"))));

    /** @param methods the attribution methods installed, one of which parameter {@code method} names */
    @Activate
    public InfidelityExplainer(@Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
                        List<AttributionProvider> methods) {
        super(INFO, methods);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 16);
        double noise = context.doubleParameter("noise", 0.1);
        int samples = context.intParameter("samples", Infidelity.DEFAULT_SAMPLES);
        String methodName = methodName(context);
        Monitor monitor = Monitor.of(context);
        monitor.progress(0, "explaining " + e.rows() + " rows with " + methodName);
        float[] attr = attributions(context, e);
        double[] sigma = featureStd(context.train().features());
        for (int j = 0; j < sigma.length; j++) sigma[j] *= noise;
        double[] infid = Infidelity.compute(context.model(), e.inputs(), attr, e.targets(), sigma, samples,
                Seeds.derive(context.seed(), INFO.id()), e.batchRows(), monitor.range(0.5, 1));
        double mean = Stats.mean(infid), hw = Stats.ci95HalfWidth(infid);
        return List.of(new Metric("Infidelity of " + methodName + " (lower is better)", Stage.EXPLANATIONS, "infidelity",
                mean, mean - hw, mean + hw, Double.isNaN(hw) ? Double.NaN : 0.95,
                e.rows() + " rows, " + samples + " Gaussian perturbations each, sigma = " + noise
                        + " x each feature's training standard deviation; in squared output units"));
    }

    static double[] featureStd(Tensor data) {
        int n = data.shape()[0];
        int m = data.size() / n;
        float[] d = data.toArray();
        double[] sd = new double[m];
        for (int j = 0; j < m; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = d[i * m + j];
            sd[j] = n > 1 ? Stats.sd(col) : 0;
        }
        return sd;
    }
}
