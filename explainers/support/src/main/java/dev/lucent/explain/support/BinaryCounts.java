package dev.lucent.explain.support;

import java.util.Arrays;

/**
 * sklearn's {@code _binary_clf_curve}: for every distinct score, taken as a threshold from the highest down
 * ("positive when score >= threshold"), the cumulative true and false positives. Tied scores move together,
 * which is what gives tied rows half credit in the ROC-AUC.
 */
public final class BinaryCounts {
    public final double[] thresholds;
    public final long[] tps;
    public final long[] fps;
    public final long positives;
    public final long negatives;

    private BinaryCounts(double[] thresholds, long[] tps, long[] fps, long positives, long negatives) {
        this.thresholds = thresholds;
        this.tps = tps;
        this.fps = fps;
        this.positives = positives;
        this.negatives = negatives;
    }

    public static BinaryCounts of(double[] scores, boolean[] positive) {
        return of(scores, positive, Bootstrap.identity(scores.length));
    }

    /** Over the rows picked by {@code rows} (indices may repeat). */
    public static BinaryCounts of(double[] scores, boolean[] positive, int[] rows) {
        if (scores.length != positive.length)
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        int p = 0;
        for (int r : rows) {
            if (Double.isNaN(scores[r])) throw new IllegalArgumentException("score of row " + r + " is NaN");
            if (positive[r]) p++;
        }
        double[] pos = new double[p];
        double[] neg = new double[rows.length - p];
        int a = 0;
        int b = 0;
        for (int r : rows) {
            if (positive[r]) pos[a++] = scores[r];
            else neg[b++] = scores[r];
        }
        // Sorting each class separately and merging from the top keeps everything in primitive arrays.
        Arrays.sort(pos);
        Arrays.sort(neg);
        double[] th = new double[rows.length];
        long[] tp = new long[rows.length];
        long[] fp = new long[rows.length];
        int i = pos.length - 1;
        int j = neg.length - 1;
        int k = 0;
        long ctp = 0;
        long cfp = 0;
        while (i >= 0 || j >= 0) {
            double t = Math.max(i >= 0 ? pos[i] : Double.NEGATIVE_INFINITY, j >= 0 ? neg[j] : Double.NEGATIVE_INFINITY);
            while (i >= 0 && pos[i] == t) {
                ctp++;
                i--;
            }
            while (j >= 0 && neg[j] == t) {
                cfp++;
                j--;
            }
            th[k] = t;
            tp[k] = ctp;
            fp[k] = cfp;
            k++;
        }
        return new BinaryCounts(Arrays.copyOf(th, k), Arrays.copyOf(tp, k), Arrays.copyOf(fp, k), pos.length, neg.length);
    }

    /**
     * From distinct scores in ascending order with the positive and negative rows at each (a merged {@link ScoreCounts}):
     * the same counts {@link #of} makes from the rows themselves.
     */
    public static BinaryCounts ofDistinct(double[] ascending, long[] positives, long[] negatives, int size) {
        double[] th = new double[size];
        long[] tp = new long[size];
        long[] fp = new long[size];
        long ctp = 0, cfp = 0;
        for (int k = 0; k < size; k++) {
            int at = size - 1 - k;
            ctp += positives[at];
            cfp += negatives[at];
            th[k] = ascending[at];
            tp[k] = ctp;
            fp[k] = cfp;
        }
        return new BinaryCounts(th, tp, fp, ctp, cfp);
    }

    public int size() {
        return thresholds.length;
    }
}
