package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.quality.core.Infidelity;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Stats;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Infidelity of an attribution method (Captum's definition). The perturbation of feature j is Gaussian
 * with standard deviation {@code noise} (0.1) times feature j's standard deviation in the training data.
 * Each method's verdict judges the share of the output change it leaves unexplained against {@code max-unexplained} (0.5)
 * by the one tolerance rule. Parameters: {@code method} (all), {@code noise}, {@code samples} (10, Captum's default), {@code rows} (16).
 */
@Component(service = Explainer.class)
public final class InfidelityExplainer extends QualityExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("infidelity", "Infidelity", "1.0.0", "explanation quality",
            "How badly an explanation predicts the model's response to small random changes of the input (0 is perfect).",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.of(List.of(METHOD),
                    Parameters.explained(16), List.of(Parameter.number("noise", "0.1", 0,
                    Parameter.NO_LIMIT, "perturbation standard deviation"),
                    Parameter.whole("samples", "10", 1, "perturbations per row"),
                    Parameter.number("max-unexplained", "0.5", 0, 1, "largest share of the output change a method may leave"
                            + " unexplained (Captum's normalized infidelity over the mean squared change)"))));

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
        double tolerance = context.doubleParameter("max-unexplained", 0.5);
        double[] sigma = featureStd(context.train().features());
        for (int j = 0; j < sigma.length; j++) sigma[j] *= noise;
        String how = "up to " + e.rows() + " rows, " + samples + " Gaussian perturbations each, sigma = " + noise
                + " x each feature's training standard deviation";
        List<Finding> findings = new ArrayList<>();
        List<Checked<Judgement>> checked = forEachMethod(context, e, 1, (name, method, rows, monitor) -> {
            float[] attr = method.attribute(context.model(), rows.inputs(), null, rows.targets(), Monitor.NONE).values();
            Infidelity.Result r = Infidelity.compute(context.model(), rows.inputs(), attr, rows.targets(), sigma, samples,
                    Seeds.derive(context.seed(), INFO.id()), rows.batchRows(), monitor.range(0.5, 1));
            double mean = Stats.mean(r.infidelity()), hw = Stats.ci95HalfWidth(r.infidelity());
            findings.add(new Metric("Infidelity of " + name + " (lower is better)", Stage.EXPLANATIONS, "infidelity",
                    mean, mean - hw, mean + hw, Double.isNaN(hw) ? Double.NaN : 0.95, how + "; in squared output units"));
            double[] u = finite(r.unexplained());
            double share = u.length == 0 ? Double.NaN : Stats.mean(u), uhw = Stats.ci95HalfWidth(u);
            Tolerance.Judged judged = Tolerance.atMost("share of the output change " + name + " leaves unexplained", share,
                    share - uhw, share + uhw, 0.95, tolerance, "max-unexplained");
            // past the tolerance warns, not fails: small Gaussian moves judge local fidelity, which methods attributing the
            // change from a baseline (x times gradient, integrated gradients, SHAP, ablation) do not claim
            Verdict v = verdict("Does " + name + " predict how the output responds?", judged, Verdict.Outcome.WARN,
                    List.of(String.format(Locale.ROOT, "infidelity %.4g (Captum's, unnormalized) over %d rows; the share is Captum's"
                            + " normalized infidelity over the mean squared output change, per row, with a 95%% t-interval over %d rows",
                            mean, rows.rows(), u.length)),
                    "Do not read " + name + "'s values as how much a small change of each feature moves this output (methods that"
                            + " explain the change from a baseline are not meant to); for that reading prefer a method that passes, among "
                            + otherMethods(name) + ".");
            findings.add(v);
            return new Judgement(share, share - uhw, share + uhw, v);
        });
        findings.add(comparison("Infidelity by attribution method", "unexplained share (at most " + tolerance + ")", checked, e.rows(), how));
        return findings;
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

    /** The values that are numbers: a row whose output never changed has no share to give. */
    static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }
}
