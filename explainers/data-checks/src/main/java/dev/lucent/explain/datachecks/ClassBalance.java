package dev.lucent.explain.datachecks;

/**
 * Rows per class and the imbalance ratio: rows of the most common class over rows of the rarest class
 * present (infinite when a class has no rows at all). With two or more classes the majority and minority are
 * different classes, the first of each in class order on a tie.
 */
record ClassBalance(long[] counts, double imbalanceRatio, int majority, int minority) {

    static ClassBalance of(int[] labels, int classes) {
        return of(count(labels, classes));
    }

    /** Rows per class of these labels. */
    static long[] count(int[] labels, int classes) {
        long[] c = new long[classes];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) throw new IllegalArgumentException("label " + y + " of row " + i + " is not a class index below " + classes);
            c[y]++;
        }
        return c;
    }

    /** From rows per class, counted in one place or merged from many. */
    static ClassBalance of(long[] c) {
        int classes = c.length;
        int max = 0;
        for (int k = 1; k < classes; k++) if (c[k] > c[max]) max = k;
        // The rarest class other than the most common one, so a tie (balanced classes) names two classes, not one twice.
        int min = max == 0 && classes > 1 ? 1 : 0;
        for (int k = 0; k < classes; k++) if (k != max && c[k] < c[min]) min = k;
        double ratio = c[min] == 0 ? Double.POSITIVE_INFINITY : (double) c[max] / c[min];
        return new ClassBalance(c, ratio, max, min);
    }

    double share(int k) {
        long n = 0;
        for (long v : counts) n += v;
        return n == 0 ? Double.NaN : (double) counts[k] / n;
    }
}
