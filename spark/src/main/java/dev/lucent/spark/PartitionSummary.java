package dev.lucent.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one partition sends to the driver: its row count and id range (to see that every row was summarized once),
 * its rows per class (the default positive class is the rarest over every row, not over the sample), each
 * explainer's summary in this pass ({@link Pass}), and each per-row method's {@link AttributionSummary}. Merging is exact, so
 * the driver gets the same bits whatever the partitioning and the order Spark merges in.
 */
final class PartitionSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    long rows;
    long minId = Long.MAX_VALUE;
    long maxId = Long.MIN_VALUE;
    final long[] perClass;
    final List<Serializable> summaries;
    final List<AttributionSummary> attributions;

    PartitionSummary(int classes, List<Serializable> summaries, List<AttributionSummary> attributions) {
        this.perClass = new long[classes];
        this.summaries = new ArrayList<>(summaries);
        this.attributions = new ArrayList<>(attributions);
    }

    void saw(long[] ids, int[] labels) {
        rows += ids.length;
        if (labels != null) for (int y : labels) perClass[y]++; // regression rows have no class
        for (long id : ids) {
            minId = Math.min(minId, id);
            maxId = Math.max(maxId, id);
        }
    }

    /** Both as one, with the explainers' own merges (built anew here: the driver's reduce has no instances). */
    PartitionSummary merge(PartitionSummary other, List<Pass> passes) {
        rows += other.rows;
        minId = Math.min(minId, other.minId);
        maxId = Math.max(maxId, other.maxId);
        for (int k = 0; k < perClass.length; k++) perClass[k] += other.perClass[k];
        for (int e = 0; e < summaries.size(); e++) summaries.set(e, passes.get(e).merge().apply(summaries.get(e), other.summaries.get(e)));
        for (int a = 0; a < attributions.size(); a++) attributions.set(a, attributions.get(a).merge(other.attributions.get(a)));
        return this;
    }
}
