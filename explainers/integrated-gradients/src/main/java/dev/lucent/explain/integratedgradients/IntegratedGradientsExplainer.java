package dev.lucent.explain.integratedgradients;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.AttributionFindings;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.integratedgradients.core.Baselines;
import dev.lucent.explain.integratedgradients.core.IntegratedGradients;
import dev.lucent.explain.integratedgradients.core.Quadrature;
import dev.lucent.explain.support.AttributionExplainer;
import dev.lucent.explain.support.AttributionPlan;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Explained;
import dev.lucent.explain.support.GaussianBlur;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.osgi.service.component.annotations.Component;

/**
 * Integrated gradients over the first rows of the held-out split, with the convergence delta beside
 * every attribution. Rows whose completeness error exceeds the tolerance are integrated again with twice the
 * points, up to {@code max-steps}, so the default meets its own 1% target on ReLU networks; the cost is stated.
 * Parameters: {@code steps} (points of the first pass, 50), {@code max-steps} (3200; equal to steps for a fixed
 * count), {@code method} (gausslegendre, or riemann_left,
 * riemann_right, riemann_middle, riemann_trapezoid), {@code baseline} (zeros, mean, blurred, uniform),
 * {@code draws} (uniform baselines averaged, 5), {@code blur-kernel} (11), {@code blur-sigma} (5),
 * {@code tolerance} (completeness tolerance, 0.01 of |f(x) - f(baseline)|), {@code rows} (16),
 * {@code shown} (4), {@code target}.
 */
@Component(service = Explainer.class)
public final class IntegratedGradientsExplainer extends AttributionExplainer {

    static final ExplainerInfo INFO = new ExplainerInfo("integrated-gradients", "Integrated gradients", "1.0.0",
            "integrated gradients",
            "How much each feature contributes to the score compared with a baseline input, by integrating the "
                    + "gradient along the straight path from the baseline; the contributions add up to the score's change.",
            Set.of(ExplainerInfo.Need.GRADIENTS),
            Parameters.of(Parameters.explained(16), List.of(Parameter.whole("steps", "50", 1, "points of the first integration pass"),
                    Parameter.whole("max-steps", "3200, or steps if larger", 1, "most points a row is refined to while its completeness error exceeds the tolerance"),
                    Parameter.number("tolerance", "0.01", 0, 1, "completeness error allowed, as a share of |f(x) - f(baseline)|"),
                    Parameter.choice("method", "gausslegendre", List.of("gausslegendre", "riemann_left", "riemann_right", "riemann_middle", "riemann_trapezoid"), "the integration rule"),
                    Parameter.choice("baseline", "zeros", List.of("zeros", "mean", "blurred", "uniform"), "the input the path starts from"),
                    Parameter.whole("blur-kernel", "11", 1, 1001, "side of the Gaussian blur kernel, for baseline=blurred"),
                    Parameter.number("blur-sigma", "5", 0.01, 1000, "standard deviation of the blur, in pixels, for baseline=blurred"),
                    Parameter.whole("draws", "5", 1, "uniform baselines averaged, for baseline=uniform"))));

    public IntegratedGradientsExplainer() {
        super(INFO, "Integrated gradients", 16);
    }

    @Override
    protected IntegratedGradients attribution(AuditContext context, Explained rows) {
        int steps = context.intParameter("steps", IntegratedGradients.DEFAULT_STEPS);
        return new IntegratedGradients(steps, maxSteps(context, steps), tolerance(context),
                Quadrature.parse(context.parameter("method", "gausslegendre")), rows.batchRows());
    }

    /** The first pass's points on every baseline drawn; the refinement is cut to what the row's share leaves. */
    @Override
    protected double passesPerRow(AuditContext context, Tensor inputs) {
        return AttributionPlan.GRADIENT * draws(context) * context.intParameter("steps", IntegratedGradients.DEFAULT_STEPS);
    }

    /**
     * Fewer first-pass points (at least 2) when one row's first pass is more than the share; refinement (doubling the
     * points of rows over the tolerance) only as far as the row's share holds all its passes, the first included:
     * unplanned, its default 3,200 points were 127 times a first pass of 50 (6,350 gradients a row).
     */
    @Override
    protected IntegratedGradients attribution(AuditContext context, AttributionPlan plan) {
        double gradient = AttributionPlan.GRADIENT * draws(context);
        int steps = plan.cut(context.intParameter("steps", IntegratedGradients.DEFAULT_STEPS), context.parameters().containsKey("steps"),
                gradient, 2);
        int maxSteps = maxSteps(context, steps);
        if (!context.parameters().containsKey("max-steps")) maxSteps = refinedWithin(steps, maxSteps, plan.rowPasses() / gradient);
        return new IntegratedGradients(steps, maxSteps, tolerance(context),
                Quadrature.parse(context.parameter("method", "gausslegendre")), plan.rows().batchRows());
    }

    /**
     * The most points a row may be refined to: {@code steps} doubled while the passes so far (steps + 2 steps + ... each
     * run afresh) stay within {@code points}, and no more than {@code maxSteps}; at least {@code steps}.
     */
    static int refinedWithin(int steps, int maxSteps, double points) {
        long most = steps, spent = steps;
        while (most * 2 <= maxSteps && spent + most * 2 <= points) {
            most *= 2;
            spent += most;
        }
        return (int) most;
    }

    /** Baselines averaged: uniform draws, else one. */
    private static int draws(AuditContext context) {
        String baseline = baseline(context);
        return baseline.equals("uniform") || baseline.equals("random") ? Math.max(1, context.intParameter("draws", 5)) : 1;
    }

    /** Parameter {@code baseline} as the switch below reads it. */
    private static String baseline(AuditContext context) {
        return context.parameter("baseline", "zeros").trim().toLowerCase(Locale.ROOT);
    }

    private static int maxSteps(AuditContext context, int steps) {
        return context.intParameter("max-steps", Math.max(steps, IntegratedGradients.DEFAULT_MAX_STEPS));
    }

    private static double tolerance(AuditContext context) {
        return context.doubleParameter("tolerance", IntegratedGradients.DEFAULT_TOLERANCE);
    }

    /** 0.01 as "1%". */
    private static String plainPercent(double share) {
        return new java.math.BigDecimal(Double.toString(100 * share)).stripTrailingZeros().toPlainString() + "%";
    }

    /** Several baselines (uniform draws) are averaged, and the completeness error gets a metric and a verdict of its own. */
    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        AttributionPlan plan = plan(context);
        Explained e = plan.rows();
        IntegratedGradients ig = attribution(context, plan);
        int steps = ig.steps();
        String baseline = baseline(context);
        double tolerance = tolerance(context);
        Tensor x = e.inputs();
        Monitor monitor = Monitor.of(context);
        List<Tensor> baselines = new ArrayList<>();
        switch (baseline) {
            case "zeros", "zero" -> baselines.add(Baselines.zeros(x));
            case "mean" -> baselines.add(Baselines.mean(x, context.train().features()));
            case "blurred", "blur" -> {
                if (x.shape().length != 4)
                    return List.of(new Verdict("Integrated gradients with a blurred baseline", Stage.EXPLANATIONS,
                            Verdict.Outcome.NOT_APPLICABLE, "A blurred baseline needs image inputs; this model takes samples of shape "
                            + java.util.Arrays.toString(context.model().inputShape()) + ".",
                            List.of(), "Use baseline=zeros, mean or uniform for tabular data."));
                GaussianBlur blur = new GaussianBlur(context.intParameter("blur-kernel", GaussianBlur.RISE_KERNEL),
                        context.doubleParameter("blur-sigma", GaussianBlur.RISE_SIGMA));
                baselines.add(Baselines.blurred(x, blur));
            }
            case "uniform", "random" -> {
                int draws = context.intParameter("draws", 5);
                if (draws < 1) throw new IllegalArgumentException("parameter draws must be at least 1, got " + draws);
                Batching.requireWithinBudget(context.memoryBudgetBytes(), 4L * draws * x.size(), "parameter draws (" + draws + ")");
                SplittableRandom random = new SplittableRandom(Seeds.derive(context.seed(), INFO.id()));
                for (int d = 0; d < draws; d++) baselines.add(Baselines.uniform(x, context.train().features(), random));
            }
            default -> throw new IllegalArgumentException("unknown baseline '" + baseline + "'; use zeros, mean, blurred or uniform");
        }
        int n = e.rows();
        int m = x.size() / n;
        double[] attr = new double[n * m], delta = new double[n], gap = new double[n];
        int[] rowSteps = new int[n];
        long points = 0;
        for (int d = 0; d < baselines.size(); d++) {
            IntegratedGradients.Result r = ig.integrate(context.model(), x, baselines.get(d), e.targets(),
                    monitor.range((double) d / baselines.size(), (d + 1.0) / baselines.size()));
            for (int i = 0; i < n; i++) rowSteps[i] = Math.max(rowSteps[i], r.steps()[i]);
            points += r.points();
            float[] a = r.attributions();
            for (int k = 0; k < a.length; k++) attr[k] += a[k] / (double) baselines.size();
            for (int i = 0; i < n; i++) {
                delta[i] += r.delta()[i] / baselines.size();
                gap[i] += r.outputGap()[i] / baselines.size();
            }
        }
        float[] attrF = new float[attr.length];
        for (int k = 0; k < attr.length; k++) attrF[k] = (float) attr[k];
        String[] notes = new String[n];
        double worst = 0;
        int worstRow = 0;
        for (int i = 0; i < n; i++) {
            double rel = IntegratedGradients.relative(delta[i], gap[i]);
            notes[i] = IntegratedGradients.deltaNote(delta[i], gap[i], rowSteps[i]);
            if (rel > worst) {
                worst = rel;
                worstRow = i;
            }
        }
        String how = ig.describe(java.util.Arrays.stream(rowSteps).max().orElse(0), points, (long) n * steps * baselines.size())
                + ", " + baseline + " baseline"
                + (baselines.size() > 1 ? " (" + baselines.size() + " draws averaged)" : "") + plan.note();
        List<Finding> findings = new ArrayList<>(dev.lucent.explain.support.RowFacts.named(AttributionFindings.of(context,
                "Integrated gradients", new Attributions(attrF, null, notes, how), x, e.targets(), e.shown()),
                dev.lucent.explain.support.RowFacts.of(context, context.model(), x, e.shown(), e.batchRows())));
        findings.add(new Metric("Integrated gradients: worst completeness error", Stage.EXPLANATIONS,
                "max |delta| / |f(x) - f(baseline)|", worst, Double.NaN, Double.NaN, Double.NaN,
                "row " + worstRow + ": " + notes[worstRow]));
        boolean ok = worst <= tolerance;
        findings.add(new Verdict("Integrated gradients: do the attributions add up?", Stage.EXPLANATIONS,
                ok ? Verdict.Outcome.PASS : Verdict.Outcome.WARN,
                ok ? String.format(Locale.ROOT, "PASS: attributions add up to the change in the score within %.2f%% on every row, within the"
                        + " tolerance %s set by `tolerance` (%s).", 100 * worst, plainPercent(tolerance), how)
                        : String.format(Locale.ROOT, "WARN: on row %d the attributions miss the change in the score by %.2f%%, past the tolerance %s"
                        + " set by `tolerance` (%s); the integral is not converged.", worstRow, 100 * worst, plainPercent(tolerance), how),
                List.of(notes[worstRow]),
                ok ? "None needed." : "Raise max-steps (e.g. to " + 2 * ig.maxSteps() + ")"
                        + (plan.note().isEmpty() ? "" : " or the audit's --budget (this run's share cut its points, see the note)")
                        + (ig.method() == Quadrature.GAUSS_LEGENDRE ? "" : " or use method=gausslegendre (this run used " + ig.method().name().toLowerCase(Locale.ROOT) + ")")
                        + "; models with sharp kinks need more steps."));
        return findings;
    }
}
