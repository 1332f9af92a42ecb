package dev.lucent.explain.attribution.core;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.api.partition.ExactSum;
import dev.lucent.explain.support.Seeds;
import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.FeatureGroups;
import dev.lucent.explain.support.Stats;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.List;

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
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        int repeatsPerBatch = Math.max(1, Math.min(repeats, batchRows / Math.max(1, n)));
        int groups = features.count();
        double[][] drops = new double[groups][repeats];
        int[] perm;
        for (int j = 0; j < groups; j++) {
            int[] members = features.members()[j];
            monitor.progress((double) j / groups, "permuting feature " + j + " of " + groups);
            for (int r0 = 0; r0 < repeats; r0 += repeatsPerBatch) {
                int count = Math.min(repeatsPerBatch, repeats - r0);
                float[] batch = new float[count * n * m];
                for (int c = 0; c < count; c++) {
                    System.arraycopy(data, 0, batch, c * n * m, n * m);
                    perm = donors(seed, j, r0 + c, ids);
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
        monitor.progress(1, "permutation importance of " + groups + " features");
        return result(classification, base, drops);
    }

    /** The result of the drops {@code [feature][repeat]} from the unshuffled score {@code base}. */
    public static Result result(boolean classification, double base, double[][] drops) {
        int groups = drops.length;
        double[] mean = new double[groups], half = new double[groups];
        for (int j = 0; j < groups; j++) {
            mean[j] = Stats.mean(drops[j]);
            half[j] = alike(drops[j]) ? Double.NaN : Stats.ci95HalfWidth(drops[j]);
        }
        return new Result(classification ? "accuracy" : "negative mean squared error", base, drops, mean, half);
    }

    /**
     * The permutation of feature {@code group}'s {@code repeat}-th shuffle, defined by the row ids alone (so a runner
     * that sees the rows in any order or partitioning finds the same one): the rows sorted by a seeded 64-bit hash of
     * (seed, group, repeat, id), ties by id, and each takes the value of the next row in that order, the last row the
     * first's (a cyclic shift: no row keeps its own value when there are two or more).
     *
     * @return for each row {@code i} of {@code ids}, the index in {@code ids} of the row whose value it takes
     */
    public static int[] donors(long seed, int group, int repeat, long[] ids) {
        int n = ids.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = hash(seed, group, repeat, ids[i]);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(keys[a], keys[b]);
            return c != 0 ? c : Long.compare(ids[a], ids[b]);
        });
        int[] donor = new int[n];
        for (int k = 0; k < n; k++) donor[order[k]] = order[(k + 1) % n];
        return donor;
    }

    /** The seeded hash that orders the rows of one feature's shuffle. */
    public static long hash(long seed, int group, int repeat, long id) {
        return Seeds.mix(Seeds.mix(Seeds.mix(seed ^ 0x5DEECE66DL) + group) * 31 + repeat + Seeds.mix(id));
    }

    /** Whether row {@code i}'s outputs ({@code k} a row) predict its label. */
    public static boolean correct(OutputKind kind, float[] out, int i, int k, int label) {
        int predicted;
        if (kind == OutputKind.BINARY_LOGIT || k == 1) {
            predicted = out[i * k] > 0 ? 1 : 0;
        } else {
            predicted = 0;
            for (int c = 1; c < k; c++) if (out[i * k + c] > out[i * k + predicted]) predicted = c;
        }
        return predicted == label;
    }

    /** Row {@code i}'s squared error against its target. */
    public static double squaredError(float[] out, int i, int k, float target) {
        double d = out[i * k] - target;
        return d * d;
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
        if (model.outputKind() == OutputKind.REGRESSION) { // an exact sum: the same however the rows are split
            ExactSum s = new ExactSum();
            for (int i = 0; i < n; i++) s.add(squaredError(out, i, k, targets[i]));
            return -s.value() / n;
        }
        long correct = 0;
        for (int i = 0; i < n; i++) if (correct(model.outputKind(), out, i, k, labels[i])) correct++;
        return (double) correct / n;
    }
}
