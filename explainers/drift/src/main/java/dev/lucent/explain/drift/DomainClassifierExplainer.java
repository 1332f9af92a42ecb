package dev.lucent.explain.drift;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Parameters;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Standardizer;
import dev.lucent.explain.support.Stats;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.osgi.service.component.annotations.Component;

/**
 * Multivariate drift: a small network (one hidden layer of 16 ReLU units, on Lucent's engine) learns to tell reference
 * rows from current rows, in 5-fold cross-validation on equal numbers of each. Its out-of-fold AUC (with a stratified
 * bootstrap interval) is 0.5 when the two are alike and grows with any difference the features show together,
 * including ones no single feature shows. The features it leans on: the held-out AUC lost when a feature is shuffled.
 */
@Component(service = Explainer.class)
public final class DomainClassifierExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("domain-classifier", "Domain classifier", "1.0.0", "drift",
            "Whether a small model can tell current rows from reference rows, and by which features: multivariate drift.",
            Set.of(ExplainerInfo.Need.CURRENT_DATA),
            Parameters.of(List.of(Parameter.number("max-auc", "0.6", 0.5, 1,
                                    "the largest domain-classifier AUC that passes (0.5: current and reference rows indistinguishable)"),
                            Parameter.whole("max-rows", "2000", 20, "rows per side the classifier is trained and scored on (a seeded sample when there are more)"),
                            Parameter.whole("epochs", "40", 1, 1000, "training epochs of the classifier in each fold")),
                    Parameters.bootstrap()));

    static final int FOLDS = 5, HIDDEN = 16;

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        DriftData d = DriftData.of(context).orElse(null);
        if (d == null) return List.of(Verdict.notApplicable(INFO.name(), Stage.DEPLOYMENT_READINESS, "The audit was given no current data."));
        double maxAuc = context.doubleParameter("max-auc", 0.6);
        int maxRows = context.intParameter("max-rows", 2000);
        int epochs = context.intParameter("epochs", 40);
        if (maxRows < 20) throw new IllegalArgumentException("parameter max-rows must be at least 20, got " + maxRows);
        if (epochs < 1 || epochs > 1000) throw new IllegalArgumentException("parameter epochs must lie in 1..1000, got " + epochs);
        long seed = Seeds.derive(context.seed(), INFO.id());
        // the same bootstrap settings as every family's intervals (Parameters.bootstrap())
        Bootstrap boot = new Bootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95));
        Result r = classify(d, Math.min(maxRows, Math.min(d.reference()[0].length, d.current()[0].length)), epochs, boot, seed, context);
        Bootstrap.Interval ci = r.interval();
        String note = r.perSide() + " reference and " + r.perSide() + " current rows (each side sampled to the smaller), " + FOLDS
                + "-fold out-of-fold scores of a " + HIDDEN + "-unit ReLU network, " + epochs + " epochs; " + pct(boot.confidence()) + "% stratified bootstrap "
                + "interval over " + ci.used() + " resamples. 0.5: indistinguishable.";
        Metric auc = new Metric("Domain classifier AUC (reference vs current)", Stage.DEPLOYMENT_READINESS, "AUC", r.auc(), ci.lower(),
                ci.upper(), boot.confidence(), note);
        FeatureAttribution leans = new FeatureAttribution("Features the domain classifier leans on", Stage.DEPLOYMENT_READINESS,
                "global", d.features(), r.importance(), null,
                "Held-out AUC lost when the feature is shuffled, mean over the " + FOLDS + " folds: larger, the more the feature tells current from reference.");
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < d.features().size(); j++) order.add(j);
        order.sort(Comparator.comparingDouble((Integer j) -> -r.importance()[j]));
        List<String> evidence = new ArrayList<>();
        evidence.add("AUC " + Verdicts.fmt(r.auc()) + " (" + pct(boot.confidence()) + "% interval " + Verdicts.fmt(ci.lower()) + " to "
                + Verdicts.fmt(ci.upper()) + ")");
        for (int j : order.subList(0, Math.min(3, order.size())))
            evidence.add(d.features().get(j) + ": AUC lost when shuffled " + Verdicts.fmt(r.importance()[j]));
        // the shared rule (support Tolerance): the whole interval decides; wholly above max-auc is drift, so the family's FAIL
        Tolerance.Judged judged = Tolerance.atMost("domain-classifier AUC", r.auc(), ci.lower(), ci.upper(), boot.confidence(), maxAuc, "max-auc");
        Verdict.Outcome outcome = judged.outcome(Verdict.Outcome.FAIL);
        String leansOn = " It leans most on " + d.features().get(order.get(0)) + ".";
        Verdict v = new Verdict(INFO.name(), Stage.DEPLOYMENT_READINESS, outcome, judged.summary(outcome) + switch (judged.position()) {
            case BEYOND -> " A small model tells current rows from reference rows." + leansOn;
            case STRADDLES -> " A small model may tell current rows from reference rows; the interval is too wide to tell." + leansOn;
            case WITHIN -> " A small model cannot tell current rows from reference rows better than the tolerance allows.";
        }, evidence, switch (judged.position()) {
            case BEYOND -> "The current data differs from the reference as a whole; look at the features it leans on and at the feature drift table.";
            case STRADDLES -> "Audit with more current (or reference) rows to narrow the interval; look at the features it leans on.";
            case WITHIN -> "";
        });
        context.progress(1.0, "done");
        return List.of(auc, leans, v);
    }

    record Result(double auc, Bootstrap.Interval interval, double[] importance, int perSide) {
    }

    static String pct(double confidence) {
        return Long.toString(Math.round(100 * confidence));
    }

    static Result classify(DriftData d, int perSide, int epochs, Bootstrap boot, long seed, AuditContext context) throws AuditCancelledException {
        int m = d.features().size();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ri = sample(d.reference()[0].length, perSide, rng), ci = sample(d.current()[0].length, perSide, rng);
        int n = 2 * perSide;
        double[][] x = new double[n][m];
        int[] y = new int[n];
        for (int i = 0; i < perSide; i++)
            for (int j = 0; j < m; j++) {
                x[i][j] = d.reference()[j][ri[i]];
                x[perSide + i][j] = d.current()[j][ci[i]];
            }
        for (int i = perSide; i < n; i++) y[i] = 1;
        Standardizer std = Standardizer.fit(Arrays.copyOf(x, perSide)); // the reference's scale, so features weigh alike
        double[][] z = std.apply(x);
        // folds: each side dealt round-robin after a shuffle, so every fold holds as many of each
        int[] fold = new int[n];
        int[] perm = sample(perSide, perSide, rng);
        for (int i = 0; i < perSide; i++) fold[perm[i]] = i % FOLDS;
        perm = sample(perSide, perSide, rng);
        for (int i = 0; i < perSide; i++) fold[perSide + perm[i]] = i % FOLDS;
        double[] score = new double[n];
        double[] importance = new double[m];
        for (int f = 0; f < FOLDS; f++) {
            context.checkCancelled();
            context.progress((double) f / FOLDS, "fold " + (f + 1) + " of " + FOLDS);
            List<Integer> trainRows = new ArrayList<>(), testRows = new ArrayList<>();
            for (int i = 0; i < n; i++) (fold[i] == f ? testRows : trainRows).add(i);
            Model model = Sequential.of("domain-classifier", OutputKind.BINARY_LOGIT, seed + f, new int[] {m},
                    new Linear(m, HIDDEN), Activation.relu(), new Linear(HIDDEN, 1));
            Trainer.fit(model, split(z, y, trainRows), null, TrainingConfig.builder(Loss.BINARY_CROSS_ENTROPY).optimizer(Optimizer.adam())
                    .learningRate(3e-3f).epochs(epochs).batchSize(32).seed(seed + 100 + f).cancelled(context::cancelled).build());
            double[] held = logits(model, z, testRows, m);
            for (int k = 0; k < held.length; k++) score[testRows.get(k)] = held[k];
            double base = auc(held, testRows, y);
            double[][] shuffled = new double[testRows.size()][];
            for (int k = 0; k < shuffled.length; k++) shuffled[k] = z[testRows.get(k)].clone();
            SplittableRandom pr = new SplittableRandom(seed ^ (31L * f + 7));
            for (int j = 0; j < m; j++) {
                if (j % 64 == 0) context.checkCancelled();
                double[] column = new double[shuffled.length];
                for (int k = 0; k < column.length; k++) column[k] = shuffled[k][j];
                int[] p = sample(column.length, column.length, pr);
                for (int k = 0; k < column.length; k++) shuffled[k][j] = column[p[k]];
                importance[j] += (base - auc(logits(model, shuffled, null, m), testRows, y)) / FOLDS;
                for (int k = 0; k < column.length; k++) shuffled[k][j] = column[k];
            }
        }
        int[] refRows = Bootstrap.identity(perSide), curRows = new int[perSide];
        for (int i = 0; i < perSide; i++) curRows[i] = perSide + i;
        Bootstrap.Interval interval = boot.interval(new int[][] {refRows, curRows}, rows -> {
            List<Integer> list = new ArrayList<>();
            for (int r : rows) list.add(r);
            double[] s = new double[rows.length];
            for (int k = 0; k < rows.length; k++) s[k] = score[rows[k]];
            return auc(s, list, y);
        }, Seeds.derive(seed, "bootstrap"), (done, total) -> context.checkCancelled());
        return new Result(auc(score, null, y), interval, importance, perSide);
    }

    /** AUC of scores (for {@code rows} in order, or all rows when null) ranking current (1) above reference (0). */
    static double auc(double[] s, List<Integer> rows, int[] y) {
        List<Double> pos = new ArrayList<>(), neg = new ArrayList<>();
        for (int k = 0; k < s.length; k++) (y[rows == null ? k : rows.get(k)] == 1 ? pos : neg).add(s[k]);
        return Stats.auc(pos.stream().mapToDouble(Double::doubleValue).toArray(), neg.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static DataSplit split(double[][] z, int[] y, List<Integer> rows) {
        int m = z[0].length;
        float[] v = new float[rows.size() * m];
        int[] labels = new int[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            for (int j = 0; j < m; j++) v[k * m + j] = (float) z[rows.get(k)][j];
            labels[k] = y[rows.get(k)];
        }
        return new DataSplit("domain", Tensor.of(v, rows.size(), m), labels, null);
    }

    static double[] logits(Model model, double[][] z, List<Integer> rows, int m) {
        int n = rows == null ? z.length : rows.size();
        float[] v = new float[n * m];
        for (int k = 0; k < n; k++) {
            double[] row = z[rows == null ? k : rows.get(k)];
            for (int j = 0; j < m; j++) v[k * m + j] = (float) row[j];
        }
        float[] out = model.predict(Tensor.of(v, n, m)).toArray();
        double[] s = new double[n];
        for (int k = 0; k < n; k++) s[k] = out[k];
        return s;
    }

    /** {@code k} distinct indices below {@code n}, in a seeded random order. */
    static int[] sample(int n, int k, SplittableRandom rng) {
        int[] all = Bootstrap.identity(n);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, k);
    }
}
