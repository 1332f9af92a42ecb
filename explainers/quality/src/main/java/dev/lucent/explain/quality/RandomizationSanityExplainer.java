package dev.lucent.explain.quality;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionProvider;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.quality.core.RandomizationCheck;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Stats;
import dev.lucent.explain.support.Tolerance;
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
 * The model-parameter randomization sanity check (Adebayo et al. 2018) of an attribution method.
 * Parameters: {@code method} (all by default, or names an {@code AttributionProvider} offers: gradient, gradient-x-input,
 * smoothgrad, integrated-gradients, kernel-shap, exact-shapley, feature-ablation),
 * {@code threshold} (0.5: the rank correlation left after randomizing every layer, judged with its interval by the one
 * tolerance rule),
 * {@code rows} (16).
 */
@Component(service = Explainer.class)
public final class RandomizationSanityExplainer extends QualityExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("sanity-randomization", "Sanity check: model randomization",
            "1.0.0", "explanation quality",
            "Whether an explanation method actually depends on what the model learned: its explanations must change "
                    + "when the model's layers are replaced by random ones.",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.of(List.of(METHOD),
                    Parameters.explained(16), List.of(Parameter.number("threshold", "0.5", -1, 1, "rank correlation with the trained model's attributions that must not be reached once every layer is randomized"))));

    /** @param methods the attribution methods installed, one of which parameter {@code method} names */
    @Activate
    public RandomizationSanityExplainer(@Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
                        List<AttributionProvider> methods) {
        super(INFO, methods);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained e = Explained.from(context, 16);
        double threshold = context.doubleParameter("threshold", 0.5);
        List<String> layers = context.model().layerNames();
        List<String> names = methodNames(context);
        String which = names.size() == 1 ? names.get(0) : "the attribution methods";
        if (layers.isEmpty())
            return List.of(new Verdict("Sanity check of " + which, Stage.EXPLANATIONS, Verdict.Outcome.NOT_APPLICABLE,
                    context.model().name() + " names no layers, so none can be randomized.", List.of(),
                    "Run the check on a model whose layers are known (Lucent-trained or imported with layer names)."));
        List<Finding> findings = new ArrayList<>();
        try {
            List<Checked<Judgement>> checked = forEachMethod(context, e, Math.min(layers.size(), RandomizationCheck.MAX_STEPS) + 1, (name, method, rows, monitor) -> {
                List<Finding> one;
                try {
                    one = check(context, rows, method, name, layers, threshold, otherMethods(name), monitor);
                } catch (UnsupportedOperationException model) {
                    throw new CannotRandomize(model); // the model's limit, not the method's: not applicable to any method
                }
                findings.addAll(one);
                Metric left = (Metric) one.get(1);
                return new Judgement(left.value(), left.lower(), left.upper(), (Verdict) one.get(one.size() - 1));
            });
            findings.add(comparison("Sanity check by attribution method", "rank correlation left (below " + threshold + ")", checked, e.rows(),
                    "mean over up to " + e.rows() + " rows of the Spearman correlation of |attributions| once every layer is randomized"));
            return findings;
        } catch (CannotRandomize unsupported) {
            // e.g. an imported graph whose parameters cannot be re-drawn
            return List.of(new Verdict("Sanity check of " + which, Stage.EXPLANATIONS, Verdict.Outcome.NOT_APPLICABLE,
                    context.model().name() + " cannot randomize its layers: " + unsupported.getCause().getMessage(), List.of(),
                    "Run the check on a model that supports re-drawing its parameters (Lucent-trained models do)."));
        }
    }

    /** The check with any method: the test suite gives it methods that ignore the model. */
    static List<Finding> check(AuditContext context, Explained e, Attribution method, String methodName,
                               List<String> layers, double threshold) throws AuditCancelledException {
        return check(context, e, method, methodName, layers, threshold, "another attribution method", Monitor.of(context));
    }

    /**
     * One method's curve, the correlation left with its interval, and its verdict by the one tolerance rule.
     *
     * @param others the methods a failing check sends the user to (not the one it checked)
     */
    static List<Finding> check(AuditContext context, Explained e, Attribution method, String methodName,
                               List<String> layers, double threshold, String others, Monitor monitor) throws AuditCancelledException {
        RandomizationCheck.Result r = RandomizationCheck.run(context.model(), e.inputs(), e.targets(), method, layers,
                Seeds.derive(context.seed(), INFO.id()), monitor);
        double[] steps = new double[r.correlation().length];
        List<String> evidence = new ArrayList<>();
        for (int s = 0; s < steps.length; s++) {
            steps[s] = s + 1;
            evidence.add(String.format(Locale.ROOT, "randomized %s: rank correlation %.3f", r.randomized().get(s), r.correlation()[s]));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(new Curve("Sanity check of " + methodName + ": rank correlation as layers are randomized",
                Stage.EXPLANATIONS, "layers with parameters randomized, from the top", "Spearman correlation of |attributions|",
                List.of(new Curve.Series(methodName, steps, r.correlation())),
                "mean over " + e.rows() + " rows; a method that explains the model falls towards 0"));
        double last = r.finalCorrelation(), hw = Stats.ci95HalfWidth(r.lastRows());
        findings.add(new Metric("Rank correlation left after randomizing every layer", Stage.EXPLANATIONS,
                "Spearman correlation", last, last - hw, last + hw, Double.isNaN(hw) ? Double.NaN : 0.95,
                methodName + ", " + r.lastRows().length + " rows; interval: 95% t-interval over rows"));
        if (Double.isNaN(last)) {
            findings.add(new Verdict("Sanity check of " + methodName, Stage.EXPLANATIONS, Verdict.Outcome.WARN,
                    "The method's attributions were constant on every row, so there was nothing to compare.", evidence,
                    "Check that the model's outputs depend on its inputs and try another method."));
            return findings;
        }
        // "below" the threshold is the tolerance: a correlation at most the threshold passes when its whole interval is
        Tolerance.Judged judged = Tolerance.atMost("rank correlation " + methodName + " keeps with every layer randomized",
                last, last - hw, last + hw, 0.95, threshold, "threshold");
        Verdict.Outcome o = judged.outcome(Verdict.Outcome.FAIL);
        findings.add(new Verdict("Sanity check of " + methodName, Stage.EXPLANATIONS, o,
                judged.summary(o) + switch (o) {
                    case PASS -> " " + methodName + " depends on what the model learned.";
                    case FAIL -> " " + methodName + "'s maps show the input, not what the model learned.";
                    default -> " More rows (parameter rows) narrow the interval.";
                },
                evidence,
                o == Verdict.Outcome.PASS ? "None needed." : "Do not use " + methodName + " to explain this model's decisions; run this check"
                        + " with method set to " + others + " and prefer one that passes."));
        return findings;
    }

    /** The model cannot re-draw its layers: the check does not apply, whichever method. */
    private static final class CannotRandomize extends RuntimeException {
        CannotRandomize(UnsupportedOperationException cause) {
            super(cause);
        }
    }
}
