package dev.lucent.explain.attribution;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.attribution.core.FeatureAblation;
import dev.lucent.explain.attribution.core.Occlusion;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.AttributionPlan;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.Parameters;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Occlusion for images (parameters {@code window}, default max(2, min(h, w) / 7); {@code stride}, default
 * half the window; {@code fill}, 0) and, for tabular data, feature ablation to the training mean. Also
 * {@code rows} (8), {@code shown} (4), {@code target}.
 */
@Component(service = Explainer.class)
public final class OcclusionExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("occlusion", "Occlusion / feature ablation", "1.0.0",
            "feature attribution",
            "How much the score drops when a patch of the image is blanked out (or, for tables, one feature is set to "
                    + "its average): a direct, model-agnostic test of what the prediction depends on.",
            Set.of(),
            Parameters.of(Parameters.explained(8), List.of(Parameter.whole("window", "min(height, width) / 7, at least 2", 1, "side of the square patch hidden, in pixels"),
                    Parameter.whole("stride", "window / 2, at least 1", 1, "pixels the patch moves between positions"),
                    Parameter.number("fill", "0", -Parameter.NO_LIMIT,
                    Parameter.NO_LIMIT, "the value put in place of the hidden pixels"))));

    public OcclusionExplainer() {
        super(INFO, "Occlusion", 8);
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        AttributionPlan plan = plan(context);
        return findings(context, plan.rows(), image(plan.rows()) ? "Occlusion" : "Feature ablation", attribution(context, plan), plan.note());
    }

    @Override
    protected Attribution attribution(AuditContext context, Explained rows) {
        return attribution(context, new AttributionPlan(rows, Double.POSITIVE_INFINITY, ""));
    }

    /**
     * A larger window (its stride half of it) when one row's positions are more than the plan's passes a row: the
     * default's 169 positions of a 224 px image at ResNet-18's 3.6 GFLOP a pass were 23 times a default share. A window
     * or stride the auditor gave is kept.
     */
    @Override
    protected Attribution attribution(AuditContext context, AttributionPlan plan) {
        Explained rows = plan.rows();
        if (!image(rows)) return new FeatureAblation(rows.batchRows());
        int[] s = rows.inputs().shape();
        int window = context.intParameter("window", defaultWindow(s));
        if (!context.parameters().containsKey("window") && !context.parameters().containsKey("stride"))
            while (window < Math.min(s[2], s[3]) && positions(s, window, Math.max(1, window / 2)) + 1 > plan.rowPasses()) window++;
        return new Occlusion(window, stride(context, window), rows.batchRows());
    }

    /** Occluded copies a row, plus its own pass; for tables a copy per feature. */
    @Override
    protected double passesPerRow(AuditContext context, Tensor inputs) {
        int[] s = inputs.shape();
        if (s.length != 4) return Data.sampleSize(s) + 1;
        int window = context.intParameter("window", defaultWindow(s));
        return positions(s, window, stride(context, window)) + 1;
    }

    /** The stride given, else half the window. */
    private static int stride(AuditContext context, int window) {
        return context.intParameter("stride", Math.max(1, window / 2));
    }

    private static int defaultWindow(int[] s) {
        return Math.max(2, Math.min(s[2], s[3]) / 7);
    }

    /** Where the window is placed on an image of shape {@code s} ([n, c, h, w]), as {@link Occlusion} places it. */
    static long positions(int[] s, int window, int stride) {
        if (window > Math.min(s[2], s[3]) || stride < 1) return 1; // refused by the method itself, with its message
        return (long) ((s[2] - window) / stride + 1) * ((s[3] - window) / stride + 1);
    }

    /** One row for all: tables the training mean, images every value the {@code fill} parameter. */
    @Override
    protected Tensor baselines(AuditContext context, Explained rows) {
        if (!image(rows)) return trainingMeans(context, rows.inputs());
        float[] row = new float[rows.inputs().size() / rows.rows()];
        Arrays.fill(row, fill(context));
        return oneRow(row, rows.inputs());
    }

    /** Each value's training mean, as one baseline row for {@code inputs}. */
    static Tensor trainingMeans(AuditContext context, Tensor inputs) {
        return oneRow(Data.featureMeans(context.train().features()), inputs);
    }

    private static Tensor oneRow(float[] row, Tensor inputs) {
        int[] one = inputs.shape().clone();
        one[0] = 1;
        return Tensor.of(row, one);
    }

    @Override
    protected String baselinesNote(AuditContext context) {
        return context.model().inputShape().length == 3 ? "filled with " + fill(context) : "each feature set to its training mean in turn";
    }

    private static float fill(AuditContext context) {
        return (float) context.doubleParameter("fill", 0);
    }

    private static boolean image(Explained rows) {
        return rows.inputs().shape().length == 4;
    }
}
