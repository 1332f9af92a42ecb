package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.attribution.core.ExactShapley;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Exact Shapley values for models with at most 12 input features, against the training data summarised by
 * k-means: exact for that background (the one KernelSHAP uses in the same audit), not for the full data.
 * Parameters: {@code background} (10 centres), {@code rows} (8), {@code shown}, {@code target}.
 */
@Component(service = Explainer.class)
public final class ExactShapleyExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("exact-shapley", "Exact Shapley values", "1.0.0",
            "feature attribution",
            "Each feature's exact Shapley value (its fair share of the difference between this prediction and the "
                    + "average one), computed over every coalition; only for models with up to 12 features.",
            Set.of(),
            Parameters.of(Parameters.explained(8), List.of(Parameter.whole("background", "10", 1, "k-means centres summarising the training data: the background the values are measured against"))));

    public ExactShapleyExplainer() {
        super(INFO, "Exact Shapley", 8);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        int m = 1;
        for (int d : context.model().inputShape()) m *= d;
        if (m > ExactShapley.MAX_FEATURES)
            return List.of(new Verdict("Exact Shapley values", Stage.EXPLANATIONS, Verdict.Outcome.NOT_APPLICABLE,
                    "The model has " + m + " input features; exact Shapley values enumerate 2^M coalitions and are limited to "
                            + ExactShapley.MAX_FEATURES + ".", List.of("input shape " + java.util.Arrays.toString(context.model().inputShape())),
                    "Use KernelSHAP (kernel-shap), which estimates the same values from samples."));
        return super.explain(context);
    }

    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        KMeans.Summary bg = Backgrounds.of(context);
        return Backgrounds.noted(new ExactShapley(bg.centres(), bg.weights(), rows.batchRows()),
                (1 << Data.sampleSize(rows.inputs().shape())) + " coalitions; exact relative to the " + Backgrounds.describe(bg));
    }
}
