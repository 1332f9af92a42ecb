package dev.lucent.explain.fairness;

import dev.lucent.explain.support.BinaryCounts;
import dev.lucent.explain.support.ScoreCounts;
import dev.lucent.explain.support.ScoreGridReplicates;
import java.io.Serializable;

/**
 * One group's mergeable tally for {@code group-recall-thresholds}: the model's decisions ({@link DecisionCounts}), each
 * distinct score with its positive and negative rows ({@link ScoreCounts}: the threshold and the rates at it, exact),
 * and per Poisson-bootstrap replicate the rows on a fixed score grid ({@link ScoreGridReplicates}: the decisions at a
 * threshold chosen only after every row is seen, read at the grid's resolution).
 */
final class RecallTally implements Serializable {

    private static final long serialVersionUID = 1L;

    final DecisionCounts decisions;
    ScoreCounts scores = new ScoreCounts();
    final ScoreGridReplicates grid;

    RecallTally(int replicates) {
        decisions = new DecisionCounts(replicates);
        grid = new ScoreGridReplicates(replicates);
    }

    RecallTally merge(RecallTally other) {
        decisions.merge(other.decisions);
        scores = scores.merge(other.scores);
        grid.merge(other.grid);
        return this;
    }

    /** Rows decided right by "positive when score >= threshold", from counts whose thresholds descend (cumulative). */
    static long rightAtOrAbove(BinaryCounts c, double threshold) {
        long tp = 0, fp = 0;
        for (int k = 0; k < c.size() && c.thresholds[k] >= threshold; k++) {
            tp = c.tps[k];
            fp = c.fps[k];
        }
        return tp + (c.negatives - fp);
    }

    /** The rows decided right at {@code threshold} in replicate {@code b}, its bin counted whole. */
    long rightOnGrid(int b, double threshold) {
        return rightAtOrAbove(grid.binaryCounts(b), ScoreGridReplicates.bin(threshold));
    }

    /** The same over the rows as they are, on the same grid: the grid's bias, to re-centre the replicates. */
    long rightOnGrid(double threshold) {
        return rightAtOrAbove(ScoreGridReplicates.onGrid(scores), ScoreGridReplicates.bin(threshold));
    }
}
