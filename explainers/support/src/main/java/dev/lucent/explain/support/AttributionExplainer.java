package dev.lucent.explain.support;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.AttributionFindings;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.network.api.Tensor;
import java.util.List;

/**
 * A local attribution explainer: the first rows of the held-out split ({@link Explained}), one {@link Attribution}
 * built from the run's parameters, and its standard findings. A subclass gives only its settings.
 */
public abstract class AttributionExplainer implements Explainer {
    private final ExplainerInfo info;
    private final String method;
    private final int defaultRows;

    /**
     * @param method      the method's name in findings, e.g. "Gradient x input"
     * @param defaultRows rows explained when parameter {@code rows} is not given
     */
    protected AttributionExplainer(ExplainerInfo info, String method, int defaultRows) {
        this.info = info;
        this.method = method;
        this.defaultRows = defaultRows;
    }

    @Override
    public final ExplainerInfo info() {
        return info;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        AttributionPlan plan = plan(context);
        return findings(context, plan.rows(), method, attribution(context, plan), plan.note());
    }

    /** The rows asked, cut to this run's share of the audit budget by {@link #passesPerRow}. */
    protected final AttributionPlan plan(AuditContext context) throws AuditCancelledException {
        return AttributionPlan.of(context, defaultRows, x -> passesPerRow(context, x));
    }

    /**
     * Model passes one row costs this method with this run's settings (forward-pass equivalents, a gradient counted as
     * three), for the plan; 0 when the method plans its work itself or not at all.
     */
    protected double passesPerRow(AuditContext context, Tensor inputs) {
        return 0;
    }

    /** The method for a plan's rows; a method whose row may take fewer passes than it asks cuts its count here. */
    protected Attribution attribution(AuditContext context, AttributionPlan plan) {
        return attribution(context, plan.rows());
    }

    /** The rows this run explains (parameter {@code rows}, else the explainer's default). */
    protected final Explained rows(AuditContext context) throws AuditCancelledException {
        return Explained.from(context, defaultRows);
    }

    /** The method with this run's settings (parameters, batch size, seed). */
    protected abstract Attribution attribution(AuditContext context, Explained rows);

    /** The baselines handed to the method; null for its own default. */
    protected Tensor baselines(AuditContext context, Explained rows) {
        return null;
    }

    /** What the baselines are, in words, added to the method's note; null when the method's default is used. */
    protected String baselinesNote(AuditContext context) {
        return null;
    }

    /** Runs the method on the rows and turns its answer into the standard findings, titled by {@code method}. */
    protected final List<Finding> findings(AuditContext context, Explained rows, String method, Attribution attribution)
            throws AuditCancelledException {
        return findings(context, rows, method, attribution, "");
    }

    /** The same, with a plan's note ("; plan: ...", or empty) after the method's. */
    protected final List<Finding> findings(AuditContext context, Explained rows, String method, Attribution attribution, String plan)
            throws AuditCancelledException {
        Attributions answer = attribution.attribute(context.model(), rows.inputs(), baselines(context, rows), rows.targets(),
                Monitor.of(context));
        String baselines = baselinesNote(context);
        if (baselines != null) answer = answer.withNote(answer.note() + "; " + baselines);
        if (!plan.isEmpty()) answer = answer.withNote(answer.note() + plan);
        return RowFacts.named(AttributionFindings.of(context, method, answer, rows.inputs(), rows.targets(), rows.shown()),
                RowFacts.of(context, context.model(), rows.inputs(), rows.shown(), rows.batchRows()));
    }
}
