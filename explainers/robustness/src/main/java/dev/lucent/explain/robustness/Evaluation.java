package dev.lucent.explain.robustness;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.Evaluated;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import java.util.Arrays;
import dev.lucent.explain.support.TimeShare;
import java.util.Locale;

/**
 * The held-out rows a robustness check perturbs, and how a prediction on them is scored: 1 or 0 per row (correct or
 * not) for a classifier, the absolute error for a regression model. The same rows are scored clean and perturbed, so
 * every drop is paired row by row and its bootstrap resamples rows once for both.
 */
record Evaluation(AuditableModel model, float[] x, int n, int m, int[] labels, float[] targets, boolean classifier, int batch) {

    static Evaluation of(AuditContext context, int rows) {
        DataSplit split = Data.evaluationSplit(context);
        int n = Math.min(rows, split.rows());
        int m = Data.sampleSize(split.features().shape());
        float[] x = Arrays.copyOf(split.features().toArray(), n * m);
        boolean classifier = ModelOutputs.isClassifier(context);
        int[] labels = classifier && split.labels() != null ? Arrays.copyOf(split.labels(), n) : null;
        float[] targets = !classifier && split.targets() != null ? Arrays.copyOf(split.targets(), n) : null;
        return new Evaluation(context.model(), x, n, m, labels, targets, classifier, dev.lucent.explain.support.Batching.rows(context, 2 * m));
    }

    /**
     * The rows a plan chose, and what the findings say about it (empty when every row asked fits); {@code over} is how many
     * times the share one row's work is (above 1 only when even one row does not fit; 0 when the rows were asked).
     */
    record Planned(Evaluation rows, String note, double over) {
    }

    /**
     * The held-out rows this check's share of the audit budget pays for: {@code passesPerRow} forward-pass equivalents
     * a row (a gradient counted as three), the model's forward operations counted on one row, at the engine's planned
     * rate; at least one row. Parameter {@code rows}, when given, is kept as asked.
     */
    static Planned planned(AuditContext context, int defaultRows, double passesPerRow) throws AuditCancelledException {
        int asked = context.intParameter("rows", defaultRows);
        DataSplit split = Data.evaluationSplit(context);
        int available = Math.min(asked, split.rows());
        if (context.parameters().containsKey("rows") || available == 0) return new Planned(of(context, asked), "", 0);
        int[] shape = split.features().shape();
        double perRow = passesPerRow * TimeShare.forwardFlopsPerRow(context.model(), split.features().toArray(),
                Arrays.copyOfRange(shape, 1, shape.length));
        int rows = (int) Math.max(1, Math.min(available, Math.floor(TimeShare.flops(context, TimeShare.Rate.ENGINE) / perRow)));
        String note = rows == available ? "" : String.format(java.util.Locale.ROOT,
                "; plan: %d of the %d held-out rows, at %.3g GFLOP a row (%.0f model passes), %s", rows, available, perRow / 1e9,
                passesPerRow, TimeShare.described(context, TimeShare.Rate.ENGINE));
        return new Planned(of(context, rows), note, perRow / TimeShare.flops(context, TimeShare.Rate.ENGINE));
    }

    /** Why these rows cannot be scored (none, or no labels or targets to score against), or null when they can. */
    String unscorable() {
        if (n == 0) return "The held-out split has no rows.";
        if (classifier ? labels == null : targets == null)
            return "The held-out split has no " + (classifier ? "class labels" : "regression targets") + " to score the model against.";
        return null;
    }

    /** The class decided per row: the largest logit, or a single binary logit above 0. */
    int[] decisions(float[] rows) throws AuditCancelledException {
        int k = model.outputCount();
        float[] raw = Data.predictRaw(model, rows, model.inputShape(), n, batch, Monitor.NONE);
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            if (model.outputKind() == OutputKind.BINARY_LOGIT || k == 1) {
                d[i] = raw[i * k] > 0 ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int j = 1; j < k; j++) if (raw[i * k + j] > raw[i * k + best]) best = j;
            d[i] = best;
        }
        return d;
    }

    /** Per row: 1 when the decision is the label (classifier), else the absolute error. */
    double[] scores(float[] rows) throws AuditCancelledException {
        double[] s = new double[n];
        if (classifier) {
            int[] d = decisions(rows);
            for (int i = 0; i < n; i++) s[i] = d[i] == labels[i] ? 1 : 0;
        } else {
            float[] raw = Data.predictRaw(model, rows, model.inputShape(), n, batch, Monitor.NONE);
            int k = model.outputCount();
            for (int i = 0; i < n; i++) s[i] = Math.abs(raw[i * k] - targets[i]);
        }
        return s;
    }

    /** What a score averages to: "accuracy" or "mean absolute error". */
    String metric() {
        return classifier ? "accuracy" : "mean absolute error";
    }

    static double mean(double[] v, int[] rows) {
        double s = 0;
        for (int r : rows) s += v[r];
        return rows.length == 0 ? Double.NaN : s / rows.length;
    }

    /**
     * How much worse the perturbed scores are than the clean ones over the rows: the accuracy lost (clean minus
     * perturbed) for a classifier, the relative increase of the mean absolute error for a regression model.
     */
    double harm(double[] clean, double[] perturbed, int[] rows) {
        double c = mean(clean, rows), p = mean(perturbed, rows);
        return classifier ? c - p : c > 0 ? (p - c) / c : p == 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** "0.912 (0.884 to 0.937)": a mean with its bootstrap interval. */
    static String cell(double value, Bootstrap.Interval ci) {
        return String.format(Locale.ROOT, "%.3f (%.3f to %.3f)", value, ci.lower(), ci.upper());
    }

    static Bootstrap.Interval interval(AuditContext context, Bootstrap boot, int n, Bootstrap.Statistic s, String purpose)
            throws AuditCancelledException {
        return boot.interval(n, s, dev.lucent.explain.support.Seeds.derive(context.seed(), purpose), (d, t) -> context.checkCancelled());
    }

    static Bootstrap bootstrap(AuditContext context) {
        return Evaluated.bootstrap(context);
    }
}
