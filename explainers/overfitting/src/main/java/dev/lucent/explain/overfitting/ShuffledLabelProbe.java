package dev.lucent.explain.overfitting;

import dev.lucent.network.api.DataSplit;
import java.util.SplittableRandom;

/**
 * The capacity probe of Zhang et al. (2017), "Understanding deep learning requires rethinking generalization":
 * train the same architecture on the training rows with their labels shuffled (so there is nothing to learn) and
 * see how well it fits them. A fit far above chance is memorisation.
 */
final class ShuffledLabelProbe {
    private ShuffledLabelProbe() {
    }

    /** The split with its labels permuted by a seeded Fisher-Yates shuffle (the class counts stay the same). */
    static DataSplit shuffled(DataSplit split, long seed) {
        int[] y = split.labels().clone();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = y.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return new DataSplit(split.name() + " (shuffled labels)", split.features(), y, split.targets());
    }

    /**
     * At most {@code max} rows of the split, chosen by a seeded partial shuffle and kept in row order: capacity shows
     * on a few thousand rows, and retraining on all of a large set would take as long as the original training.
     */
    static DataSplit subsample(DataSplit split, int max, long seed) {
        int n = split.rows();
        if (n <= max) return split;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(idx, max);
        java.util.Arrays.sort(chosen);
        float[] x = split.features().toArray();
        int width = x.length / n;
        float[] sx = new float[max * width];
        int[] sy = new int[max];
        for (int i = 0; i < max; i++) {
            System.arraycopy(x, chosen[i] * width, sx, i * width, width);
            sy[i] = split.labels()[chosen[i]];
        }
        int[] shape = split.features().shape();
        shape[0] = max;
        return new DataSplit(split.name() + " (" + max + " of " + n + " rows)", dev.lucent.network.api.Tensor.of(sx, shape), sy, null);
    }

    /** The accuracy of always predicting the most common label: what fitting random labels scores by chance. */
    static double chance(int[] labels, int classes) {
        long[] c = new long[classes];
        for (int y : labels) c[y]++;
        long max = 0;
        for (long v : c) max = Math.max(max, v);
        return labels.length == 0 ? Double.NaN : (double) max / labels.length;
    }

    /** How much of the way from chance to a perfect fit the model got: 0 = chance, 1 = every random label fitted. */
    static double memorisation(double accuracy, double chance) {
        return chance >= 1 ? 0 : Math.max(0, (accuracy - chance) / (1 - chance));
    }

    static double accuracy(double[][] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < probabilities[i].length; j++) if (probabilities[i][j] > probabilities[i][best]) best = j;
            if (best == labels[i]) correct++;
        }
        return labels.length == 0 ? Double.NaN : (double) correct / labels.length;
    }

    /** Fewer epochs than this barely start to fit random labels; below it, rows are cut instead. */
    static final int MIN_EPOCHS = 10;
    /** Fewer rows than this say little about capacity. */
    static final int MIN_ROWS = 200;

    /** Rows and epochs for the probe, and why, in the auditor's words. */
    record Plan(int rows, int epochs, String reason) {
    }

    /**
     * Rows x epochs that fit {@code budgetSeconds}, from the operations the engine counted in one epoch on {@code rows}
     * rows, at {@link dev.lucent.explain.support.TimeShare}'s fixed rate (a run's cost grows with both; no clock is read): epochs are cut first, down to {@link #MIN_EPOCHS}, then rows (the cost per epoch taken
     * as proportional to them), down to {@link #MIN_ROWS}. A setting the auditor gave is kept.
     */
    static Plan plan(double epochFlops, double budgetSeconds, int rows, int epochs, boolean rowsGiven, boolean epochsGiven) {
        double epochSeconds = dev.lucent.explain.support.TimeShare.secondsFor(epochFlops,
                dev.lucent.explain.support.TimeShare.Rate.ENGINE);
        String measured = String.format(java.util.Locale.ROOT, "one epoch on %d rows is %.3g GFLOP, planned at %.2f s, and the probe's share is %.1f s",
                rows, epochFlops / 1e9, epochSeconds, budgetSeconds);
        if (epochs * epochSeconds <= budgetSeconds) return new Plan(rows, epochs, "the whole wanted probe fits in its share of the audit budget");
        StringBuilder cut = new StringBuilder();
        int e = epochs, r = rows;
        if (!epochsGiven) {
            e = Math.max(Math.min(MIN_EPOCHS, epochs), Math.min(epochs, (int) Math.floor(budgetSeconds / epochSeconds)));
            if (e < epochs) cut.append("epochs cut from ").append(epochs).append(" to ").append(e);
        }
        if (e * epochSeconds > budgetSeconds && !rowsGiven) {
            r = Math.max(Math.min(MIN_ROWS, rows), Math.min(rows, (int) Math.floor(rows * budgetSeconds / (e * epochSeconds))));
            if (r < rows) cut.append(cut.length() == 0 ? "" : ", ").append("rows cut from ").append(rows).append(" to ").append(r);
        }
        boolean fits = e * epochSeconds * r / rows <= budgetSeconds;
        return new Plan(r, e, (cut.length() == 0 ? "nothing could be cut (the settings were given)" : cut.toString()) + ", because " + measured
                + (fits ? "" : "; even so it is planned to take longer, so it may be stopped at its limit"));
    }
}
