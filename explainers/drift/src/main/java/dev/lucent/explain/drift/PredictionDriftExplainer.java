package dev.lucent.explain.drift;

import dev.lucent.explain.support.Proportions;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.DataSplit;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.CurrentDataPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Prediction drift: the model's outputs on the current data against its outputs on the held-out reference rows (a
 * binary model's probability and a regression's prediction by Kolmogorov-Smirnov, a multi-class model's predicted
 * classes by chi-squared). Performance drift, where the current rows carry labels: accuracy lost from the held-out
 * reference rows to the current ones, with Newcombe's score interval (regression: the relative rise of the mean absolute
 * error, with a stratified bootstrap), judged against {@code max-accuracy-loss} ({@code max-relative-error-increase}) by
 * the shared {@link Tolerance} rule. The outputs' test and a classifier's performance come from two passes that merge
 * (feature-drift's: each side's outputs counted on common bins), so the same class runs on Spark.
 */
@Component(service = Explainer.class)
public final class PredictionDriftExplainer implements CurrentDataPartitionedExplainer<ColumnSketch, ColumnCounts.Plan, ColumnCounts> {

    static final ExplainerInfo INFO = new ExplainerInfo("prediction-drift", "Prediction and performance drift", "1.0.0", "drift",
            "Whether the model answers differently on the current data than on held-out reference data, and, where the current "
                    + "data is labelled, whether it is less accurate there.", Set.of(ExplainerInfo.Need.CURRENT_DATA, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Verdicts.ALPHA,
                            Parameter.number("max-accuracy-loss", "0.1", 0, 1,
                                    "classifiers: the largest drop of accuracy from held-out reference to labelled current rows that passes"),
                            Parameter.number("max-relative-error-increase", "0.25", 0, Parameter.NO_LIMIT,
                                    "regression: the largest rise of the mean absolute error, as a fraction of the reference's, that passes")),
                    Parameters.bootstrap(), List.of(Parameters.batchSize())));

    static final double MAX_ACCURACY_LOSS = 0.1, MAX_RELATIVE_ERROR_INCREASE = 0.25;

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    /**
     * On one machine: the held-out reference rows against the current data, in blocks (the same two passes as on
     * Spark); a regression's performance drift, whose stratified bootstrap needs every row's error, from the rows here.
     */
    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        DataSplit cur = context.current().orElse(null);
        DataSplit ref = context.test().orElse(null);
        if (cur == null || ref == null)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.DEPLOYMENT_READINESS, "The audit has no current data or no held-out reference rows."));
        List<Finding> out = new ArrayList<>(Blocks.explain(this, context, List.of(ref), cur, true));
        AuditableModel model = context.model();
        if (model.outputKind() == OutputKind.REGRESSION && performanceComparable(model, ref, cur)) {
            Monitor monitor = Monitor.of(context);
            int batch = Batching.rows(context, Data.sampleSize(ref.features().shape()));
            out.addAll(regressionPerformance(context, model, ref, cur, outputs(model, ref, batch, monitor), outputs(model, cur, batch, monitor)));
        }
        context.progress(1.0, "done");
        return out;
    }

    /** Whether the outputs are compared as predicted classes (chi-squared) rather than as a score (KS). */
    private static boolean byClass(AuditableModel model) {
        return model.outputKind() == OutputKind.CLASS_LOGITS && model.outputCount() > 1;
    }

    /** The block's outputs as one column: the predicted class, or the score (probability of class 1, or the prediction). */
    private static double[][] column(AuditableModel model, RowBlock block) {
        float[] out = block.outputs().toArray();
        int k = model.outputCount();
        double[] v = new double[block.size()];
        if (byClass(model)) {
            int[] c = argmax(out, k);
            for (int i = 0; i < v.length; i++) v[i] = c[i];
        } else {
            v = scores(model, out);
        }
        return new double[][] {v};
    }

    /** Per labelled row of a classifier, whether it was predicted right (class 1) or not (class 0); else null. */
    private static int[] correct(AuditableModel model, RowBlock block) {
        int[] labels = block.rows().labels();
        if (labels == null || model.outputKind() == OutputKind.REGRESSION) return null;
        int k = model.outputCount();
        float[] out = block.outputs().toArray();
        int[] pred = model.outputKind() == OutputKind.BINARY_LOGIT || k == 1 ? binary(out, k) : argmax(out, k);
        int[] right = new int[labels.length];
        for (int i = 0; i < right.length; i++) right[i] = pred[i] == labels[i] ? 1 : 0;
        return right;
    }

    @Override
    public ColumnSketch emptyFirstPass(AuditContext context) {
        return new ColumnSketch(1, 2);
    }

    @Override
    public ColumnSketch firstPass(AuditContext context, RowBlock block) {
        return emptyFirstPass(context).add(column(context.model(), block), block.rowIds(), false, context.seed());
    }

    @Override
    public ColumnSketch firstPassOfCurrent(AuditContext context, RowBlock block) {
        return emptyFirstPass(context).add(column(context.model(), block), block.rowIds(), true, context.seed());
    }

    @Override
    public ColumnSketch mergeFirstPass(ColumnSketch a, ColumnSketch b) {
        return a.merge(b);
    }

    /** A score's bins as feature-drift's; predicted classes one bin per class, every class shown. */
    @Override
    public ColumnCounts.Plan plan(AuditContext context, ColumnSketch firstPass) {
        ColumnCounts.Plan plan = ColumnCounts.Plan.of(firstPass, 1);
        if (!byClass(context.model())) return new ColumnCounts.Plan(plan.edges(), new boolean[] {false}, plan.mean(), plan.exact());
        double[] classes = new double[context.model().outputCount()];
        for (int c = 0; c < classes.length; c++) classes[c] = c;
        return new ColumnCounts.Plan(new double[][] {classes}, new boolean[] {true}, plan.mean(), new boolean[] {true});
    }

    @Override
    public ColumnCounts emptySummary(AuditContext context, ColumnCounts.Plan plan) {
        return new ColumnCounts(plan, 2); // labels: predicted right (1) or not (0)
    }

    @Override
    public ColumnCounts summarize(AuditContext context, ColumnCounts.Plan plan, RowBlock block) {
        return emptySummary(context, plan).add(plan, column(context.model(), block), correct(context.model(), block), false);
    }

    @Override
    public ColumnCounts summarizeCurrent(AuditContext context, ColumnCounts.Plan plan, RowBlock block) {
        return emptySummary(context, plan).add(plan, column(context.model(), block), correct(context.model(), block), true);
    }

    @Override
    public ColumnCounts merge(ColumnCounts a, ColumnCounts b) {
        return a.merge(b);
    }

    /**
     * The outputs' test from the merged counts and, for a classifier whose rows are labelled on both sides, its
     * performance drift (Newcombe's interval needs only the counts). A regression's performance drift is not here:
     * its bootstrap needs every row ({@link #explain} adds it on one machine).
     */
    @Override
    public List<Finding> findings(AuditContext context, ColumnCounts.Plan plan, ColumnCounts counts) {
        double alpha = Verdicts.alpha(context);
        AuditableModel model = context.model();
        int k = model.outputCount();
        long[] rc = counts.reference[0], cc = counts.current[0];
        List<Finding> out = new ArrayList<>();
        String what;
        TwoSample.Test test;
        if (byClass(model)) {
            test = TwoSample.chiSquared(rc, cc);
            List<List<String>> rows = new ArrayList<>();
            for (int c = 0; c < k; c++)
                rows.add(List.of(className(context, c), share(rc[c], counts.referenceRows), share(cc[c], counts.currentRows)));
            out.add(new Table("Predicted classes, reference vs current", Stage.DEPLOYMENT_READINESS,
                    List.of("predicted class", "held-out reference", "current"), rows,
                    "chi-squared " + Verdicts.fmt(test.statistic()) + " (df " + test.df() + "), p " + Verdicts.p(test.p())));
            what = "the predicted classes (chi-squared " + Verdicts.fmt(test.statistic()) + ")";
        } else {
            test = TwoSample.ks(rc, cc);
            String of = model.outputKind() == OutputKind.REGRESSION ? "prediction" : "predicted probability of " + className(context, 1);
            out.add(new Metric("Prediction drift: KS statistic of the " + of, Stage.DEPLOYMENT_READINESS, "KS", test.statistic(),
                    Double.NaN, Double.NaN, Double.NaN, "p " + Verdicts.p(test.p()) + "; Wasserstein "
                    + Verdicts.fmt(TwoSample.wasserstein(plan.edges()[0], rc, cc)) + "; " + counts.referenceRows + " held-out reference rows, "
                    + counts.currentRows + " current rows" + (plan.exact()[0] ? "" : "; more distinct outputs than are kept: "
                    + FeatureDriftExplainer.binned(plan, List.of(of)))));
            what = "the " + of + " (KS " + Verdicts.fmt(test.statistic()) + ")";
        }
        out.add(test.p() < alpha
                ? new Verdict("Prediction drift", Stage.DEPLOYMENT_READINESS, Verdict.Outcome.FAIL, "The model's outputs on the current data "
                + "differ from those on held-out reference data in " + what + ", p " + Verdicts.p(test.p()) + " < " + Verdicts.fmt(alpha) + ".",
                List.of(), "The model sees different cases now (or the same cases differently coded); check the feature drift and re-validate on labelled current data.")
                : new Verdict("Prediction drift", Stage.DEPLOYMENT_READINESS, Verdict.Outcome.PASS, "The model's outputs on the current data "
                + "match those on held-out reference data in " + what + ", p " + Verdicts.p(test.p()) + ".", List.of(), ""));
        if (counts.labelled() && model.outputKind() != OutputKind.REGRESSION)
            out.addAll(performance(context, counts.referenceLabels[1], counts.referenceLabelled, counts.currentLabels[1], counts.currentLabelled));
        return out;
    }

    private static boolean performanceComparable(AuditableModel model, DataSplit ref, DataSplit cur) {
        return model.outputKind() == OutputKind.REGRESSION ? ref.targets() != null && cur.targets() != null
                : ref.labels() != null && cur.labels() != null;
    }

    /**
     * A regression's performance drift: the current mean absolute error over the reference's, minus 1, with a
     * stratified percentile bootstrap at level {@code confidence}, judged against {@code max-relative-error-increase}.
     */
    private static List<Finding> regressionPerformance(AuditContext context, AuditableModel model, DataSplit ref, DataSplit cur, float[] ro,
                                                       float[] co) throws AuditCancelledException {
        // the same settings as every family's intervals (Parameters.bootstrap()): the level is confidence, not 1 - alpha
        Bootstrap boot = new Bootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95));
        int nr = ref.rows(), nc = cur.rows();
        double[] per = new double[nr + nc]; // per row: absolute error
        double[] rs = perRow(model, ro, ref), cs = perRow(model, co, cur);
        System.arraycopy(rs, 0, per, 0, nr);
        System.arraycopy(cs, 0, per, nr, nc);
        int[] refRows = Bootstrap.identity(nr), curRows = new int[nc];
        for (int i = 0; i < nc; i++) curRows[i] = nr + i;
        Bootstrap.Statistic diff = rows -> {
            double a = 0, b = 0;
            int na = 0, nb = 0;
            for (int r : rows) {
                if (r < nr) {
                    a += per[r];
                    na++;
                } else {
                    b += per[r];
                    nb++;
                }
            }
            // relative rise of the mean absolute error (unit-free, so one default tolerance fits every target)
            return (b / nb) / (a / na) - 1;
        };
        double observed = diff.of(concat(refRows, curRows));
        Bootstrap.Interval ci = boot.interval(new int[][] {refRows, curRows}, diff,
                Seeds.derive(context.seed(), INFO.id() + "/performance"), (done, total) -> context.checkCancelled());
        return judged(context, true, observed, ci.lower(), ci.upper(), boot.confidence(), mean(rs), nr, mean(cs), nc,
                "stratified percentile bootstrap, " + ci.used() + " resamples");
    }

    /**
     * A classifier's performance drift from counts (rows predicted right of the labelled rows, per side): accuracy on
     * current minus on reference with Newcombe's score interval (a small held-out set scored 100% has no bootstrap
     * spread: Newcombe's interval stays honest there), judged against {@code max-accuracy-loss}.
     */
    private static List<Finding> performance(AuditContext context, long kr, long nr, long kc, long nc) {
        double confidence = new Bootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95)).confidence();
        double observed = (double) kc / nc - (double) kr / nr;
        Proportions.Interval ci = Proportions.difference(kr, nr, kc, nc, Proportions.normalQuantile(1 - (1 - confidence) / 2));
        return judged(context, false, observed, ci.lower(), ci.upper(), confidence, (double) kr / nr, nr, (double) kc / nc, nc,
                "Newcombe's hybrid score interval for a difference of proportions");
    }

    /** The performance metric and its verdict by the shared {@link Tolerance} rule. */
    private static List<Finding> judged(AuditContext context, boolean regression, double observed, double lower, double upper, double confidence,
                                        double refValue, long nr, double curValue, long nc, String how) {
        String name = regression ? "mean absolute error" : "accuracy";
        Metric m = regression
                ? new Metric("Performance drift: mean absolute error on current over on held-out reference, minus 1", Stage.DEPLOYMENT_READINESS,
                "relative mean absolute error change", observed, lower, upper, confidence, Verdicts.fmt(refValue) + " on " + nr
                + " held-out reference rows, " + Verdicts.fmt(curValue) + " on " + nc + " current rows; " + how)
                : new Metric("Performance drift: accuracy on current minus on held-out reference", Stage.DEPLOYMENT_READINESS,
                "accuracy change", observed, lower, upper, confidence, Verdicts.fmt(refValue) + " on " + nr + " held-out reference rows, "
                + Verdicts.fmt(curValue) + " on " + nc + " current rows; " + how);
        // the shared rule (support Tolerance): the whole interval of the loss decides; wholly past the tolerance is the
        // family's FAIL, straddling it WARNs. Accuracy lost is the change's negative, so its interval is [-upper, -lower].
        Tolerance.Judged judged = regression
                ? Tolerance.atMost("relative rise of the mean absolute error", observed, lower, upper, confidence,
                context.doubleParameter("max-relative-error-increase", MAX_RELATIVE_ERROR_INCREASE), "max-relative-error-increase")
                : Tolerance.atMost("accuracy lost from held-out reference to current", -observed, -upper, -lower, confidence,
                context.doubleParameter("max-accuracy-loss", MAX_ACCURACY_LOSS), "max-accuracy-loss");
        Verdict.Outcome outcome = judged.outcome(Verdict.Outcome.FAIL);
        String evidence = name + " " + Verdicts.fmt(refValue) + " on " + nr + " held-out reference rows -> " + Verdicts.fmt(curValue) + " on "
                + nc + " current rows";
        Verdict v = new Verdict("Performance drift", Stage.DEPLOYMENT_READINESS, outcome, judged.summary(outcome), List.of(evidence),
                switch (judged.position()) {
                    case BEYOND -> "Do not rely on the validation figures for the current data; retrain or recalibrate with current data.";
                    case STRADDLES -> "Label more current rows (or hold out more reference rows) to narrow the interval before relying on the model there.";
                    case WITHIN -> "";
                });
        return List.of(m, v);
    }

    /** A regression's absolute error per row. */
    private static double[] perRow(AuditableModel model, float[] out, DataSplit s) {
        int k = model.outputCount(), n = s.rows();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.abs(out[i * k] - s.targets()[i]);
        return v;
    }

    static float[] outputs(AuditableModel model, DataSplit s, int batch, Monitor monitor) throws AuditCancelledException {
        return Data.predictRaw(model, s.features().toArray(), model.inputShape(), s.rows(), batch, monitor);
    }

    /** A binary model's probability of class 1 (sigmoid of the logit), else the first output as it is. */
    static double[] scores(AuditableModel model, float[] out) {
        int k = model.outputCount(), n = out.length / k;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = model.outputKind() == OutputKind.BINARY_LOGIT ? 1 / (1 + Math.exp(-out[i * k])) : out[i * k];
        return s;
    }

    static int[] argmax(float[] out, int k) {
        int n = out.length / k;
        int[] c = new int[n];
        for (int i = 0; i < n; i++)
            for (int j = 1; j < k; j++) if (out[i * k + j] > out[i * k + c[i]]) c[i] = j;
        return c;
    }

    static int[] binary(float[] out, int k) {
        int n = out.length / k;
        int[] c = new int[n];
        for (int i = 0; i < n; i++) c[i] = out[i * k] > 0 ? 1 : 0;
        return c;
    }

    private static String className(AuditContext context, int c) {
        List<String> names = context.schema().classNames();
        return c < names.size() ? names.get(c) : "class " + c;
    }

    private static String share(long count, long n) {
        return String.format(java.util.Locale.ROOT, "%.1f%% (%d)", 100.0 * count / n, count);
    }

    private static double mean(double[] v) {
        return sum(v) / v.length;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
