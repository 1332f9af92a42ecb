package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What both baseline components share: reading the splits, the network's predictions, and the comparison findings. */
final class Baseline {
    private Baseline() {
    }

    /**
     * Why the baselines cannot run here, or null. The declared needs (class labels, a held-out split) are the
     * runner's to check; this is what they do not cover: a regression model on labelled data.
     */
    static Verdict refusal(AuditContext context, String title) {
        if (context.model().outputKind() == OutputKind.REGRESSION)
            return Verdict.notApplicable(title, Stage.VALIDATION, "The baselines here are classifiers; this model does regression.");
        return null;
    }

    /** Training rows for a baseline: features, labels or targets, and how many of how many rows were used. */
    record Training(double[][] x, int[] labels, double[] targets, String note) {
    }

    /**
     * The training split, or at most {@code max-train-rows} (default 5000) of its rows chosen by a seeded partial
     * shuffle: a baseline answers "is deep learning needed?" well enough from a few thousand rows, and the full
     * split of a large image set would not fit the memory budget as doubles.
     */
    static Training training(AuditContext context) {
        DataSplit split = context.train();
        float[] v = split.features().toArray();
        int n = split.rows();
        int d = n == 0 ? 0 : v.length / n;
        int max = Math.max(1, context.intParameter("max-train-rows", 5000));
        int[] chosen = Bootstrap.identity(n);
        if (n > max) {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(context.seed());
            for (int i = 0; i < max; i++) {
                int j = i + rng.nextInt(n - i);
                int t = chosen[i];
                chosen[i] = chosen[j];
                chosen[j] = t;
            }
            chosen = Arrays.copyOf(chosen, max);
            Arrays.sort(chosen);
        }
        double[][] x = new double[chosen.length][];
        int[] y = split.labels() == null ? null : new int[chosen.length];
        double[] t = split.targets() == null ? null : new double[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            x[i] = new double[d]; // only the chosen rows become doubles
            for (int j = 0; j < d; j++) x[i][j] = v[chosen[i] * d + j];
            if (y != null) y[i] = split.labels()[chosen[i]];
            if (t != null) t[i] = split.targets()[chosen[i]];
        }
        return new Training(x, y, t, n > max ? "trained on " + max + " of " + n + " training rows (seeded sample)" : "trained on all " + n + " training rows");
    }

    /** A split's samples as rows of doubles (images flattened). */
    static double[][] rows(DataSplit split) {
        float[] v = split.features().toArray();
        int n = split.rows();
        int d = n == 0 ? 0 : v.length / n;
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i][j] = v[i * d + j];
        return x;
    }

    /** The network's most probable class per row, in bounded batches. */
    static int[] networkPredictions(AuditContext context, DataSplit split) throws AuditCancelledException {
        float[] all = split.features().toArray();
        int n = split.rows();
        int width = n == 0 ? 0 : all.length / n;
        int[] dims = split.features().shape();
        int[] out = new int[n];
        for (int start = 0; start < n; start += 256) {
            context.checkCancelled();
            int rows = Math.min(256, n - start);
            int[] shape = dims.clone();
            shape[0] = rows;
            float[][] p = context.model().probabilities(Tensor.of(Arrays.copyOfRange(all, start * width, (start + rows) * width), shape));
            for (int i = 0; i < rows; i++) {
                int best = 0;
                for (int j = 1; j < p[i].length; j++) if (p[i][j] > p[i][best]) best = j;
                out[start + i] = best;
            }
        }
        return out;
    }

    /**
     * The tolerance of the classifier baselines' verdicts: how much more accurate than the baseline the network must be.
     * Not 0: a network that only matches a tree is not needed, and an interval of exactly 0 would otherwise pass.
     */
    static final Parameter MIN_ADVANTAGE = Parameter.number("min-advantage", "0.01", 0, 1, "the smallest accuracy advantage of the"
            + " network over the baseline that passes");

    static Bootstrap bootstrap(AuditContext context) {
        return new Bootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95));
    }

    /** The baseline's accuracy, the difference to the network, and the verdict "is deep learning needed here?". */
    static List<Finding> compare(AuditContext context, String baselineName, String trainedOn, int[] truth, int[] network, int[] baseline, double from)
            throws AuditCancelledException {
        Bootstrap boot = bootstrap(context);
        PairedComparison c = PairedComparison.of(truth, network, baseline, boot, context.seed(), (done, total) -> {
            context.checkCancelled();
            context.progress(from + (1 - from) * done / total, "bootstrap " + done + " of " + total);
        });
        List<Finding> out = new ArrayList<>();
        out.add(new Metric(cap(baselineName) + " accuracy", Stage.VALIDATION, baselineName + " accuracy", c.baselineAccuracy(),
                c.baselineInterval().lower(), c.baselineInterval().upper(), boot.confidence(),
                trainedOn + ", judged on " + truth.length + " held-out rows"));
        out.add(new Metric("Network minus " + baselineName + " accuracy", Stage.VALIDATION, "accuracy difference", c.difference(),
                c.differenceInterval().lower(), c.differenceInterval().upper(), boot.confidence(),
                "paired bootstrap over the same held-out rows; network accuracy " + fmt(c.networkAccuracy())));
        List<String> evidence = List.of("network accuracy " + fmt(c.networkAccuracy()) + ", " + baselineName + " " + fmt(c.baselineAccuracy()),
                "difference " + fmt(c.difference()) + " (" + fmt(c.differenceInterval().lower()) + " to " + fmt(c.differenceInterval().upper()) + ")");
        String title = "Is deep learning needed here? (against " + baselineName + ")";
        out.add(verdict(context, title, Tolerance.atLeast("network minus " + baselineName + " accuracy", c.difference(),
                c.differenceInterval().lower(), c.differenceInterval().upper(), boot.confidence(),
                context.doubleParameter("min-advantage", 0.01), "min-advantage"), c.differenceInterval().upper() < 0, baselineName, evidence));
        return out;
    }

    /**
     * The verdict by the one tolerance rule: the network's advantage wholly at least {@code min-advantage} passes, an
     * interval across it warns; wholly short of it warns (the simpler model does as well) or, the family's severity
     * rule, fails when the baseline is better beyond its interval.
     *
     * @param baselineBetter the whole interval of the network's advantage is below 0
     */
    static Verdict verdict(AuditContext context, String title, Tolerance.Judged advantage, boolean baselineBetter, String baselineName,
                           List<String> evidence) {
        Verdict.Outcome o = advantage.outcome(baselineBetter ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN);
        return new Verdict(title, Stage.VALIDATION, o, advantage.summary(o), evidence, switch (o) {
            case PASS -> "";
            case WARN -> "Prefer the simpler, more interpretable " + baselineName + " unless the network offers something else; "
                    + "or evaluate on more held-out data to settle the difference.";
            default -> "Use the " + baselineName + ", or find out why the network underperforms (training, features, overfitting).";
        });
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
