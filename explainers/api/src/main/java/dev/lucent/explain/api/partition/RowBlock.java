package dev.lucent.explain.api.partition;

import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;

/**
 * Some of the held-out rows, as one runner hands them to {@link PartitionedExplainer#summarize}.
 *
 * @param rowIds     each row's id in the whole data set (its 0-based position in the data as read). Per-row
 *                   randomness (a Poisson bootstrap weight, a sampled coalition) is seeded by the audit's seed and
 *                   this id, never by the row's position in the block, so any split of the rows gives the same
 *                   findings
 * @param rows       the rows as the model takes them, with their labels or targets
 * @param inCsvUnits the same rows with the features in the CSV's own units (see
 *                   {@link dev.lucent.explain.api.AuditContext#inCsvUnits}); {@code rows} itself when they are the same
 * @param outputs    the model's outputs for {@code rows} ({@code [n, k]}, as {@code AuditableModel.predict} gives them),
 *                   computed once per block by the runner for every explainer
 */
public record RowBlock(long[] rowIds, DataSplit rows, DataSplit inCsvUnits, Tensor outputs) {

    public RowBlock {
        int n = rows.rows();
        if (rowIds.length != n)
            throw new IllegalArgumentException("a block of " + n + " rows came with " + rowIds.length + " row ids");
        if (inCsvUnits.rows() != n)
            throw new IllegalArgumentException("a block of " + n + " rows came with " + inCsvUnits.rows() + " rows in CSV units");
        if (outputs.shape()[0] != n)
            throw new IllegalArgumentException("a block of " + n + " rows came with outputs for " + outputs.shape()[0]);
    }

    public int size() {
        return rowIds.length;
    }
}
