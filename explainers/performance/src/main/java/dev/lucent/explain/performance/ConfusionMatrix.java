package dev.lucent.explain.performance;

import dev.lucent.explain.support.Bootstrap;

/**
 * Counts of true class (rows) against predicted class (columns), and the metrics sklearn derives from them:
 * accuracy, per-class precision, recall, F1 and support, with zero_division = 0 (a class never predicted has
 * precision 0).
 */
final class ConfusionMatrix {
    private final long[][] counts;

    private ConfusionMatrix(long[][] counts) {
        this.counts = counts;
    }

    static ConfusionMatrix of(int classes, int[] truth, int[] predicted) {
        return of(classes, truth, predicted, Bootstrap.identity(truth.length));
    }

    /** Over the rows picked by {@code rows} (indices may repeat, as in a bootstrap resample). */
    static ConfusionMatrix of(int classes, int[] truth, int[] predicted, int[] rows) {
        if (truth.length != predicted.length)
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        long[][] c = new long[classes][classes];
        for (int r : rows) {
            int t = truth[r];
            int p = predicted[r];
            if (t < 0 || t >= classes) throw new IllegalArgumentException("label " + t + " of row " + r + " is not a class index below " + classes);
            if (p < 0 || p >= classes) throw new IllegalArgumentException("prediction " + p + " of row " + r + " is not a class index below " + classes);
            c[t][p]++;
        }
        return new ConfusionMatrix(c);
    }

    /** From counts already made (a merged summary's): {@code counts[truth][predicted]}. */
    static ConfusionMatrix of(long[][] counts) {
        return new ConfusionMatrix(counts);
    }

    int classes() {
        return counts.length;
    }

    long count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    long total() {
        long s = 0;
        for (long[] row : counts) for (long v : row) s += v;
        return s;
    }

    double accuracy() {
        long diag = 0;
        for (int k = 0; k < counts.length; k++) diag += counts[k][k];
        long n = total();
        return n == 0 ? Double.NaN : (double) diag / n;
    }

    long support(int k) {
        long s = 0;
        for (long v : counts[k]) s += v;
        return s;
    }

    long predictedCount(int k) {
        long s = 0;
        for (long[] row : counts) s += row[k];
        return s;
    }

    double precision(int k) {
        long p = predictedCount(k);
        return p == 0 ? 0.0 : (double) counts[k][k] / p;
    }

    double recall(int k) {
        long s = support(k);
        return s == 0 ? 0.0 : (double) counts[k][k] / s;
    }

    double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean of per-class F1 over the classes present in truth or predictions (sklearn's labels). */
    double macroF1() {
        double sum = 0;
        int present = 0;
        for (int k = 0; k < counts.length; k++) {
            if (support(k) == 0 && predictedCount(k) == 0) continue;
            sum += f1(k);
            present++;
        }
        return present == 0 ? Double.NaN : sum / present;
    }
}
