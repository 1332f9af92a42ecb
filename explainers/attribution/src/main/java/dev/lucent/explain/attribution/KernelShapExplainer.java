package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.Finding;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * KernelSHAP over the first rows of the held-out split, against the training data summarised by k-means.
 * Parameters: {@code samples} (2 M + 2048 for M features), {@code background} (10 centres), {@code rows} (8),
 * {@code shown}, {@code target}, for images {@code patch} (pixels per patch side; default a seventh of the shorter
 * side, 0 for every value alone): an image's features are its patches ({@link FeatureGroups}), 49 by default, not
 * its 784 to 150,528 values. Explains raw outputs (logits), where contributions add up. Coalitions, then rows, left at
 * their defaults are cut to fit its share of the audit budget, from the model's counted operations a row (every
 * coalition is one row per background centre through the model; {@link #plan}); the note states the plan.
 */
@Component(service = Explainer.class)
public final class KernelShapExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("kernel-shap", "KernelSHAP", "1.0.0", "feature attribution",
            "Shapley values estimated from the model's answers on mixtures of the row and typical data: each feature's "
                    + "fair share of the difference between this prediction and the average one.",
            Set.of(),
            Parameters.of(Parameters.explained(8), List.of(Parameter.whole("samples", "0: chosen from the number of features", 0, "coalitions sampled per row"),
                    Parameter.whole("background", "10", 1, "k-means centres summarising the training data: the background the values are measured against"),
                    Parameters.patch())));

    public KernelShapExplainer() {
        super(INFO, "KernelSHAP", 8);
    }

    /** Fewer coalitions than this per feature (plus the empty and full ones) leave the regression too few equations to weigh. */
    static final int MIN_SAMPLES_PER_FEATURE = 2;

    /** Rows and coalitions for this run, and why, in the auditor's words. */
    record Plan(int rows, int samples, String reason) {
    }

    /**
     * Rows x coalitions within {@code shareFlops}: a coalition costs {@code coalitionFlops} (a row per background centre
     * through the model). Coalitions are cut first, down to {@link #MIN_SAMPLES_PER_FEATURE} per feature plus 2, then rows,
     * down to 1; a setting the auditor gave is kept.
     */
    static Plan plan(double shareFlops, double coalitionFlops, int rows, boolean rowsGiven, int samples, boolean samplesGiven, int features) {
        if (rows * (double) samples * coalitionFlops <= shareFlops) return new Plan(rows, samples, "");
        StringBuilder cut = new StringBuilder();
        int s = samples, r = rows;
        if (!samplesGiven) {
            int floor = Math.min(samples, MIN_SAMPLES_PER_FEATURE * features + 2);
            s = (int) Math.max(floor, Math.min(samples, Math.floor(shareFlops / (rows * coalitionFlops))));
            if (s < samples) cut.append("coalitions cut from ").append(samples).append(" to ").append(s);
        }
        if (r * (double) s * coalitionFlops > shareFlops && !rowsGiven) {
            r = (int) Math.max(1, Math.min(rows, Math.floor(shareFlops / (s * coalitionFlops))));
            if (r < rows) cut.append(cut.length() == 0 ? "" : ", ").append("rows cut from ").append(rows).append(" to ").append(r);
        }
        boolean fits = r * (double) s * coalitionFlops <= shareFlops;
        return new Plan(r, s, (cut.length() == 0 ? "nothing could be cut (the settings were given)" : cut.toString())
                + String.format(java.util.Locale.ROOT, ", because a coalition is %.3g MFLOP through the model", coalitionFlops / 1e6)
                + (fits ? "" : "; even so it is planned to take longer than its share, so it may be stopped at its limit"));
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Explained rows = rows(context);
        int[] shape = rows.inputs().shape();
        int[] sample = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        int features = FeatureGroups.of(context, sample, context.schema().featureNames()).count();
        int samples = context.intParameter("samples", 0);
        if (samples < 0) throw new IllegalArgumentException("parameter samples must be positive, got " + samples);
        double coalition = context.intParameter("background", 10) * TimeShare.forwardFlopsPerRow(context.model(), rows.inputs().toArray(), sample);
        Plan plan = plan(TimeShare.flops(context, TimeShare.Rate.ENGINE), coalition, rows.rows(), context.parameters().containsKey("rows"),
                samples > 0 ? samples : KernelShap.defaultSamples(features), samples > 0, features);
        Explained planned = rows.first(plan.rows());
        Attribution method = attribution(context, planned, plan.samples(), plan.reason().isEmpty() ? ""
                : "; plan: " + plan.reason() + " and it has " + TimeShare.described(context, TimeShare.Rate.ENGINE));
        return findings(context, planned, "KernelSHAP", method);
    }

    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        return attribution(context, rows, context.intParameter("samples", 0), "");
    }

    private Attribution attribution(AuditContext context, Explained rows, int samples, String plan) {
        if (samples < 0) throw new IllegalArgumentException("parameter samples must be positive, got " + samples);
        int[] shape = rows.inputs().shape();
        FeatureGroups groups = FeatureGroups.of(context, java.util.Arrays.copyOfRange(shape, 1, shape.length), context.schema().featureNames());
        int features = groups.count();
        long coalitions = samples > 0 ? samples : KernelShap.defaultSamples(features);
        Batching.requireWithinBudget(context.memoryBudgetBytes(), coalitions * (features + 16L), "parameter samples (" + coalitions + " coalitions)");
        KMeans.Summary bg = Backgrounds.of(context);
        return Backgrounds.noted(new KernelShap(bg.centres(), bg.weights(), samples, Seeds.derive(context.seed(), INFO.id()),
                rows.batchRows(), groups.single() ? null : groups), coalitions + " coalitions, " + Backgrounds.describe(bg)
                + (groups.single() ? "" : "; " + groups.described() + ", each patch's value shared equally by its pixels") + plan);
    }
}
