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
 * the shared {@link Tolerance} rule.
 */
@Component(service = Explainer.class)
public final class PredictionDriftExplainer implements Explainer {

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

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        DataSplit cur = context.current().orElse(null);
        DataSplit ref = context.test().orElse(null);
        if (cur == null || ref == null)
            return List.of(Verdict.notApplicable(INFO.name(), Stage.DEPLOYMENT_READINESS, "The audit has no current data or no held-out reference rows."));
        double alpha = Verdicts.alpha(context);
        AuditableModel model = context.model();
        Monitor monitor = Monitor.of(context);
        int batch = Batching.rows(context, Data.sampleSize(ref.features().shape()));
        float[] ro = outputs(model, ref, batch, monitor), co = outputs(model, cur, batch, monitor);
        int k = model.outputCount();
        List<Finding> out = new ArrayList<>();
        String what;
        TwoSample.Test test;
        if (model.outputKind() == OutputKind.CLASS_LOGITS && k > 1) {
            int[] rp = argmax(ro, k), cp = argmax(co, k);
            long[] rc = new long[k], cc = new long[k];
            for (int c : rp) rc[c]++;
            for (int c : cp) cc[c]++;
            test = TwoSample.chiSquared(rc, cc);
            List<List<String>> rows = new ArrayList<>();
            for (int c = 0; c < k; c++)
                rows.add(List.of(className(context, c), share(rc[c], rp.length), share(cc[c], cp.length)));
            out.add(new Table("Predicted classes, reference vs current", Stage.DEPLOYMENT_READINESS,
                    List.of("predicted class", "held-out reference", "current"), rows,
                    "chi-squared " + Verdicts.fmt(test.statistic()) + " (df " + test.df() + "), p " + Verdicts.p(test.p())));
            what = "the predicted classes (chi-squared " + Verdicts.fmt(test.statistic()) + ")";
        } else {
            double[] rs = scores(model, ro), cs = scores(model, co);
            test = TwoSample.ks(rs, cs);
            String of = model.outputKind() == OutputKind.REGRESSION ? "prediction" : "predicted probability of " + className(context, 1);
            out.add(new Metric("Prediction drift: KS statistic of the " + of, Stage.DEPLOYMENT_READINESS, "KS", test.statistic(),
                    Double.NaN, Double.NaN, Double.NaN, "p " + Verdicts.p(test.p()) + "; Wasserstein " + Verdicts.fmt(TwoSample.wasserstein(rs, cs))
                    + "; " + rs.length + " held-out reference rows, " + cs.length + " current rows"));
            what = "the " + of + " (KS " + Verdicts.fmt(test.statistic()) + ")";
        }
        out.add(test.p() < alpha
                ? new Verdict("Prediction drift", Stage.DEPLOYMENT_READINESS, Verdict.Outcome.FAIL, "The model's outputs on the current data "
                + "differ from those on held-out reference data in " + what + ", p " + Verdicts.p(test.p()) + " < " + Verdicts.fmt(alpha) + ".",
                List.of(), "The model sees different cases now (or the same cases differently coded); check the feature drift and re-validate on labelled current data.")
                : new Verdict("Prediction drift", Stage.DEPLOYMENT_READINESS, Verdict.Outcome.PASS, "The model's outputs on the current data "
                + "match those on held-out reference data in " + what + ", p " + Verdicts.p(test.p()) + ".", List.of(), ""));
        if (performanceComparable(model, ref, cur)) out.addAll(performance(context, model, ref, cur, ro, co));
        context.progress(1.0, "done");
        return out;
    }

    private static boolean performanceComparable(AuditableModel model, DataSplit ref, DataSplit cur) {
        return model.outputKind() == OutputKind.REGRESSION ? ref.targets() != null && cur.targets() != null
                : ref.labels() != null && cur.labels() != null;
    }

    /**
     * Accuracy on current minus on reference (classifiers, Newcombe's interval) or the current mean absolute error over
     * the reference's, minus 1 (regression, bootstrapped per side), at level {@code confidence}, judged by the shared
     * {@link Tolerance} rule against {@code max-accuracy-loss} or {@code max-relative-error-increase}.
     */
    private static List<Finding> performance(AuditContext context, AuditableModel model, DataSplit ref, DataSplit cur, float[] ro,
                                             float[] co) throws AuditCancelledException {
        // the same settings as every family's intervals (Parameters.bootstrap()): the level is confidence, not 1 - alpha
        Bootstrap boot = new Bootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95));
        double confidence = boot.confidence();
        boolean regression = model.outputKind() == OutputKind.REGRESSION;
        int nr = ref.rows(), nc = cur.rows();
        double[] per = new double[nr + nc]; // per row: correct (1/0), or absolute error
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
            // regression: relative rise of the mean absolute error (unit-free, so one default tolerance fits every target)
            return regression ? (b / nb) / (a / na) - 1 : b / nb - a / na;
        };
        double observed = diff.of(concat(refRows, curRows));
        double lower, upper;
        String how;
        if (regression) {
            Bootstrap.Interval ci = boot.interval(new int[][] {refRows, curRows}, diff,
                    Seeds.derive(context.seed(), INFO.id() + "/performance"), (done, total) -> context.checkCancelled());
            lower = ci.lower();
            upper = ci.upper();
            how = "stratified percentile bootstrap, " + ci.used() + " resamples";
        } else { // a small held-out set scored 100% has no bootstrap spread: Newcombe's score interval stays honest there
            long kr = Math.round(sum(rs)), kc = Math.round(sum(cs));
            Proportions.Interval ci = Proportions.difference(kr, nr, kc, nc, Proportions.normalQuantile(1 - (1 - confidence) / 2));
            lower = ci.lower();
            upper = ci.upper();
            how = "Newcombe's hybrid score interval for a difference of proportions";
        }
        String name = regression ? "mean absolute error" : "accuracy";
        double refValue = mean(rs), curValue = mean(cs);
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

    private static double[] perRow(AuditableModel model, float[] out, DataSplit s) {
        int k = model.outputCount(), n = s.rows();
        double[] v = new double[n];
        if (model.outputKind() == OutputKind.REGRESSION) {
            for (int i = 0; i < n; i++) v[i] = Math.abs(out[i * k] - s.targets()[i]);
            return v;
        }
        int[] pred = model.outputKind() == OutputKind.BINARY_LOGIT || k == 1 ? binary(out, k) : argmax(out, k);
        for (int i = 0; i < n; i++) v[i] = pred[i] == s.labels()[i] ? 1 : 0;
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

    private static String share(long count, int n) {
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
