package dev.lucent.explain.drift;

import dev.lucent.explain.api.partition.ExactSum;
import java.io.Serializable;

/**
 * The second pass of a drift comparison, a summary that merges exactly: per column, the rows of each side in the
 * plan's bins (long counts) and the reference's exact sum of squared deviations from its mean (for the standard
 * deviation an effect size divides by); per class, each side's labelled rows. A side's labels count only if every one
 * of its rows has one.
 */
final class ColumnCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The plan: each column's bins (their upper edges, increasing), whether it is compared as categorical, and the
     * reference's mean (from the first pass's exact sum), and whether its bins are its distinct values (exact tests).
     */
    record Plan(double[][] edges, boolean[] categorical, double[] mean, boolean[] exact) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Plan of(ColumnSketch sketch, int maxCategories) {
            int m = sketch.columns();
            double[][] edges = new double[m][];
            boolean[] categorical = new boolean[m], exact = new boolean[m];
            double[] mean = new double[m];
            for (int j = 0; j < m; j++) {
                edges[j] = sketch.edges(j);
                categorical[j] = sketch.categorical(j, maxCategories);
                mean[j] = sketch.referenceMean(j);
                exact[j] = sketch.distinct[j] != null;
            }
            return new Plan(edges, categorical, mean, exact);
        }
    }

    final long[][] reference, current;
    final ExactSum[] deviation;
    final long[] referenceLabels, currentLabels;
    long referenceRows, currentRows, referenceLabelled, currentLabelled;

    ColumnCounts(Plan plan, int classes) {
        int m = plan.edges().length;
        reference = new long[m][];
        current = new long[m][];
        deviation = new ExactSum[m];
        for (int j = 0; j < m; j++) {
            reference[j] = new long[plan.edges()[j].length];
            current[j] = new long[plan.edges()[j].length];
            deviation[j] = new ExactSum();
        }
        referenceLabels = new long[classes];
        currentLabels = new long[classes];
    }

    /** Adds rows given by column ({@code values[j][i]}), with their class labels or null. */
    ColumnCounts add(Plan plan, double[][] values, int[] labels, boolean isCurrent) {
        long[][] into = isCurrent ? current : reference;
        int n = values.length == 0 ? (labels == null ? 0 : labels.length) : values[0].length;
        for (int j = 0; j < values.length; j++) {
            double[] edges = plan.edges()[j];
            for (double x : values[j]) {
                into[j][TwoSample.Histogram.bin(edges, x)]++;
                if (!isCurrent) {
                    double d = x - plan.mean()[j];
                    deviation[j].add(d * d);
                }
            }
        }
        if (isCurrent) currentRows += n;
        else referenceRows += n;
        if (labels != null) {
            long[] perClass = isCurrent ? currentLabels : referenceLabels;
            for (int y : labels) perClass[y]++;
            if (isCurrent) currentLabelled += n;
            else referenceLabelled += n;
        }
        return this;
    }

    ColumnCounts merge(ColumnCounts o) {
        for (int j = 0; j < reference.length; j++) {
            for (int k = 0; k < reference[j].length; k++) {
                reference[j][k] += o.reference[j][k];
                current[j][k] += o.current[j][k];
            }
            deviation[j].merge(o.deviation[j]);
        }
        for (int c = 0; c < referenceLabels.length; c++) {
            referenceLabels[c] += o.referenceLabels[c];
            currentLabels[c] += o.currentLabels[c];
        }
        referenceRows += o.referenceRows;
        currentRows += o.currentRows;
        referenceLabelled += o.referenceLabelled;
        currentLabelled += o.currentLabelled;
        return this;
    }

    /** Whether every row of both sides had a label. */
    boolean labelled() {
        return referenceRows > 0 && currentRows > 0 && referenceLabelled == referenceRows && currentLabelled == currentRows;
    }

    /** The reference's population standard deviation of column {@code j}. */
    double sd(int j) {
        return Math.sqrt(deviation[j].value() / referenceRows);
    }
}
