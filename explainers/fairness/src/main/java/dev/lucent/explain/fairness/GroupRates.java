package dev.lucent.explain.fairness;

/**
 * One group's confusion table for the positive class (true/false positives and negatives of the model's decision)
 * and the rates read from it, as Fairlearn's {@code fairlearn.metrics} defines them: selection rate
 * {@code (TP + FP) / n}, true positive rate {@code TP / (TP + FN)}, false positive rate {@code FP / (FP + TN)},
 * precision {@code TP / (TP + FP)}, false negative rate {@code FN / (TP + FN)}. A rate whose denominator is zero
 * is undefined (NaN), not 0: a group without positives has no recall to compare.
 */
record GroupRates(long tp, long fp, long tn, long fn) {

    /** Over the rows picked by {@code rows} (indices may repeat, as in a bootstrap resample). */
    static GroupRates of(boolean[] positive, boolean[] predicted, int[] rows) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int r : rows) {
            if (positive[r]) {
                if (predicted[r]) tp++;
                else fn++;
            } else if (predicted[r]) fp++;
            else tn++;
        }
        return new GroupRates(tp, fp, tn, fn);
    }

    long rows() {
        return tp + fp + tn + fn;
    }

    long positives() {
        return tp + fn;
    }

    long negatives() {
        return fp + tn;
    }

    /** The measure by its kind; NaN when undefined. */
    double rate(Measure m) {
        return switch (m) {
            case SELECTION_RATE -> ratio(tp + fp, rows());
            case TRUE_POSITIVE_RATE -> ratio(tp, positives());
            case FALSE_POSITIVE_RATE -> ratio(fp, negatives());
            case PRECISION -> ratio(tp, tp + fp);
            case FALSE_NEGATIVE_RATE -> ratio(fn, positives());
            case ACCURACY -> ratio(tp + tn, rows());
        };
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /** The rates an auditor compares across groups, in the auditor's words. */
    enum Measure {
        SELECTION_RATE("selection rate", "share of the group the model flags"),
        TRUE_POSITIVE_RATE("true positive rate", "share of the group's positive cases the model catches (recall)"),
        FALSE_POSITIVE_RATE("false positive rate", "share of the group's negative cases the model flags"),
        PRECISION("precision", "share of the group's flags that are right"),
        FALSE_NEGATIVE_RATE("false negative rate", "share of the group's positive cases the model misses"),
        ACCURACY("accuracy", "share of the group's rows decided right");

        final String words;
        final String meaning;

        Measure(String words, String meaning) {
            this.words = words;
            this.meaning = meaning;
        }
    }
}
