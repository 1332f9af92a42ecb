package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.explain.support.Stats;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Permutation feature importance (Breiman 2001; as scikit-learn's permutation_importance): how much the
 * score drops when one feature's column is shuffled across rows, repeated with fresh shuffles. The score
 * is accuracy for classifiers and the negative mean squared error for regression. A feature may be a group of
 * values ({@link FeatureGroups}: a patch of an image), shuffled together, so a row's patch moves whole to another
 * row. All repeats of one feature go to the model as one batch (within the memory budget).
 */
public final class PermutationImportance {
    /**
     * scikit-learn's 5 gave zero-width intervals whenever every shuffle scored alike; with 30, a change that
     * happens in one shuffle in ten or more is seen with probability 0.96.
     */
    public static final int DEFAULT_REPEATS = 30;

    private PermutationImportance() {
    }

    /**
     * @param drops     {@code [feature][repeat]} score drops
     * @param mean      mean drop per feature
     * @param halfWidth half-width of the 95% t-interval of the mean drop; NaN where every shuffle gave the same
     *                  drop, since a zero-width interval would claim a certainty the shuffles cannot give
     */
    public record Result(String scoreName, double baselineScore, double[][] drops, double[] mean, double[] halfWidth) {
    }

    public static Result compute(AuditableModel model, Tensor x, int[] labels, float[] targets, int repeats, long seed,
                                 int batchRows, Monitor monitor) throws AuditCancelledException {
        int m = Data.sampleSize(x.shape());
        List<String> names = new java.util.ArrayList<>();
        for (int j = 0; j < m; j++) names.add("feature " + j);
        return compute(model, x, FeatureGroups.singletons(names), labels, targets, repeats, seed, batchRows, monitor);
    }

    /** Permutation importance of each group of {@code features} (its values shuffled across rows together). */
    public static Result compute(AuditableModel model, Tensor x, FeatureGroups features, int[] labels, float[] targets,
                                 int repeats, long seed, int batchRows, Monitor monitor) throws AuditCancelledException {
        if (repeats < 1) throw new IllegalArgumentException("permutation importance needs at least 1 repeat, got " + repeats);
        int[] shape = x.shape();
        int n = shape[0];
        int m = Data.sampleSize(shape);
        boolean classification = model.outputKind() != OutputKind.REGRESSION;
        if (classification && (labels == null || labels.length != n))
            throw new IllegalArgumentException("permutation importance of a classifier needs a label for each of the " + n + " rows");
        if (!classification && (targets == null || targets.length != n))
            throw new IllegalArgumentException("permutation importance of a regression model needs a target for each of the " + n + " rows");
        int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        float[] data = x.toArray();
        double base = score(model, Data.predictRaw(model, data, sample, n, batchRows, monitor.range(0, 0)), n, labels, targets);
        SplittableRandom random = new SplittableRandom(seed);
        int repeatsPerBatch = Math.max(1, Math.min(repeats, batchRows / Math.max(1, n)));
        int groups = features.count();
        double[][] drops = new double[groups][repeats];
        int[] perm = new int[n];
        for (int j = 0; j < groups; j++) {
            int[] members = features.members()[j];
            monitor.progress((double) j / groups, "permuting feature " + j + " of " + groups);
            for (int r0 = 0; r0 < repeats; r0 += repeatsPerBatch) {
                int count = Math.min(repeatsPerBatch, repeats - r0);
                float[] batch = new float[count * n * m];
                for (int c = 0; c < count; c++) {
                    System.arraycopy(data, 0, batch, c * n * m, n * m);
                    for (int i = 0; i < n; i++) perm[i] = i;
                    for (int i = n - 1; i > 0; i--) {
                        int k = random.nextInt(i + 1);
                        int t = perm[i];
                        perm[i] = perm[k];
                        perm[k] = t;
                    }
                    for (int i = 0; i < n; i++) {
                        int to = (c * n + i) * m, from = perm[i] * m;
                        for (int v : members) batch[to + v] = data[from + v];
                    }
                }
                float[] out = Data.predictRaw(model, batch, sample, count * n, batchRows,
                        monitor.range((j + (double) r0 / repeats) / groups, (j + (double) (r0 + count) / repeats) / groups));
                int k = out.length / (count * n);
                for (int c = 0; c < count; c++)
                    drops[j][r0 + c] = base - score(model, Arrays.copyOfRange(out, c * n * k, (c + 1) * n * k), n, labels, targets);
            }
        }
        double[] mean = new double[groups], half = new double[groups];
        for (int j = 0; j < groups; j++) {
            mean[j] = Stats.mean(drops[j]);
            half[j] = alike(drops[j]) ? Double.NaN : Stats.ci95HalfWidth(drops[j]);
        }
        monitor.progress(1, "permutation importance of " + groups + " features");
        return new Result(classification ? "accuracy" : "negative mean squared error", base, drops, mean, half);
    }

    /** Whether every shuffle of a feature gave the same drop (two or more shuffles). */
    public static boolean alike(double[] drops) {
        if (drops.length < 2) return false;
        for (double d : drops) if (d != drops[0]) return false;
        return true;
    }

    /**
     * What the shuffles of a feature whose drops were all alike do say: with no other drop in {@code n} shuffles,
     * the chance that a shuffle gives another is below 3 / n at 95% confidence (the rule of three).
     */
    public static String alikeNote(String feature, double drop, int n) {
        return String.format(java.util.Locale.ROOT, "%s: %s in %d shuffles (a change in fewer than 1 shuffle in %.0f could go unseen)",
                feature, drop == 0 ? "no change observed" : "the same drop " + drop, n, Math.ceil(n / 3.0));
    }

    static double score(AuditableModel model, float[] out, int n, int[] labels, float[] targets) {
        int k = out.length / n;
        if (model.outputKind() == OutputKind.REGRESSION) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double d = out[i * k] - targets[i];
                s += d * d;
            }
            return -s / n;
        }
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int predicted;
            if (model.outputKind() == OutputKind.BINARY_LOGIT || k == 1) {
                predicted = out[i * k] > 0 ? 1 : 0;
            } else {
                predicted = 0;
                for (int c = 1; c < k; c++) if (out[i * k + c] > out[i * k + predicted]) predicted = c;
            }
            if (predicted == labels[i]) correct++;
        }
        return (double) correct / n;
    }
}
