package dev.lucent.explain.fairness;

import dev.lucent.explain.support.CalibrationBins;
import dev.lucent.explain.support.CalibrationReplicates;
import java.io.Serializable;

/**
 * One group's mergeable tally for the fairness rates: its confusion table for the positive class ({@link GroupRates})
 * and its calibration bins, over the rows as they are and per Poisson-bootstrap replicate (each row counted its weight
 * in that replicate). Long counts and exact sums, so any split of the rows and any order of merging give the same bits.
 */
final class DecisionCounts implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The rows as they are, where a replicate index is asked for. */
    static final int AS_THEY_ARE = -1;
    private static final int TP = 0, FP = 1, TN = 2, FN = 3;

    private final long[] counts = new long[4];
    private final long[] replicates;
    private final CalibrationBins bins = new CalibrationBins(GroupFairnessExplainer.ECE_BINS);
    private final CalibrationReplicates replicateBins;

    DecisionCounts(int replicates) {
        this.replicates = new long[4 * replicates];
        this.replicateBins = new CalibrationReplicates(replicates, GroupFairnessExplainer.ECE_BINS);
    }

    /** One row: whether it is of the positive class, whether the model flags it, its score, its weight in every replicate. */
    DecisionCounts add(boolean positive, boolean flagged, double score, int[] weights) {
        int cell = positive ? (flagged ? TP : FN) : (flagged ? FP : TN);
        counts[cell]++;
        bins.add(score, positive, 1);
        for (int b = 0; b < weights.length; b++) replicates[4 * b + cell] += weights[b];
        replicateBins.add(score, positive, weights);
        return this;
    }

    DecisionCounts merge(DecisionCounts other) {
        for (int c = 0; c < 4; c++) counts[c] += other.counts[c];
        for (int i = 0; i < replicates.length; i++) replicates[i] += other.replicates[i];
        bins.merge(other.bins);
        replicateBins.merge(other.replicateBins);
        return this;
    }

    /** The confusion table of replicate {@code b}, or of the rows as they are ({@link #AS_THEY_ARE}). */
    GroupRates rates(int b) {
        long[] c = counts;
        int at = 0;
        if (b != AS_THEY_ARE) {
            c = replicates;
            at = 4 * b;
        }
        return new GroupRates(c[at + TP], c[at + FP], c[at + TN], c[at + FN]);
    }

    /** Expected calibration error of replicate {@code b}, or of the rows as they are; NaN without rows. */
    double ece(int b) {
        return b == AS_THEY_ARE ? bins.calibration().ece() : replicateBins.ece(b);
    }
}
