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
import dev.lucent.explain.quality.core.MaxSensitivity;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Stats;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Max-sensitivity of an attribution method (Captum's definition and defaults: uniform perturbations of
 * radius 0.02, 10 of them); each method's verdict judges its mean against {@code max-change} (0.5) by the one
 * tolerance rule. Parameters: {@code method} (all), {@code radius}, {@code samples}, {@code rows} (16).
 */
@Component(service = Explainer.class)
public final class MaxSensitivityExplainer extends QualityExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("max-sensitivity", "Max-sensitivity", "1.0.0", "explanation quality",
            "How much an explanation changes, at worst, when the input moves a little: a robust explanation changes little.",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.of(List.of(METHOD),
                    Parameters.explained(16), List.of(Parameter.number("radius", "0.02", 0,
                    Parameter.NO_LIMIT, "largest perturbation, as a share of each feature's range"),
                    Parameter.whole("samples", "10", 1, "perturbations tried per row"),
                    Parameter.number("max-change", "0.5", 0, Parameter.NO_LIMIT, "largest mean max-sensitivity tolerated: the"
                            + " attributions' worst relative change under the perturbations"))));

    /** @param methods the attribution methods installed, one of which parameter {@code method} names */
    @Activate
    public MaxSensitivityExplainer(@Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
                        List<AttributionProvider> methods) {
        super(INFO, methods);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 16);
        double radius = context.doubleParameter("radius", MaxSensitivity.DEFAULT_RADIUS);
        int samples = context.intParameter("samples", MaxSensitivity.DEFAULT_SAMPLES);
        double tolerance = context.doubleParameter("max-change", 0.5);
        String how = "up to " + e.rows() + " rows, " + samples + " uniform perturbations of radius " + radius
                + " each; relative change of the attributions (Frobenius norm)";
        List<Finding> findings = new ArrayList<>();
        List<Checked<Judgement>> checked = forEachMethod(context, e, samples + 1, (name, method, rows, monitor) -> {
            double[] s = MaxSensitivity.compute(method, context.model(), rows.inputs(), rows.targets(),
                    radius, samples, Seeds.derive(context.seed(), INFO.id()), monitor);
            double mean = Stats.mean(s), hw = Stats.ci95HalfWidth(s);
            findings.add(new Metric("Max-sensitivity of " + name + " (lower is better)", Stage.EXPLANATIONS,
                    "max-sensitivity", mean, mean - hw, mean + hw, Double.isNaN(hw) ? Double.NaN : 0.95, how));
            // an unstable map misleads but does not show the method unfaithful: the family's failing outcome is WARN
            Verdict v = verdict("Is " + name + " stable under small input changes?", Tolerance.atMost("max-sensitivity of " + name,
                    mean, mean - hw, mean + hw, 0.95, tolerance, "max-change"), Verdict.Outcome.WARN,
                    List.of(how + "; 95% t-interval over rows"),
                    "Read " + name + "'s maps as fragile: nearby inputs get different ones; smoothgrad averages that away,"
                            + " or run this check with method set to " + otherMethods(name) + ".");
            findings.add(v);
            return new Judgement(mean, mean - hw, mean + hw, v);
        });
        findings.add(comparison("Max-sensitivity by attribution method", "max-sensitivity (at most " + tolerance + ")", checked, e.rows(), how));
        return findings;
    }
}
