package dev.lucent.explain.api.partition;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import java.io.Serializable;
import java.util.Arrays;

/** The single-machine runner's split of the held-out rows into blocks: consecutive rows, ids from 0. */
public final class Blocks {

    /** Rows per block when the memory budget does not say otherwise. */
    public static final int DEFAULT_ROWS = 4096;

    private Blocks() {
    }

    /** The held-out rows: the test split when there is one, else the training split. */
    public static DataSplit heldOut(AuditContext context) {
        return context.test().orElseGet(context::train);
    }

    /** Rows per block for rows of {@code valuesPerRow} floats within the context's memory budget (a quarter of it). */
    public static int rowsPerBlock(AuditContext context, long valuesPerRow) {
        long budget = context.memoryBudgetBytes();
        if (budget <= 0) return DEFAULT_ROWS;
        long rows = budget / 4 / Math.max(1, 4 * valuesPerRow);
        return (int) Math.max(1, Math.min(DEFAULT_ROWS, rows));
    }

    /** Summarizes the held-out rows block by block, merging the summaries in row order, with progress. */
    public static <S extends Serializable> S summarizeHeldOut(PartitionedExplainer<S> explainer, AuditContext context)
            throws AuditCancelledException {
        DataSplit all = heldOut(context);
        DataSplit allCsv = context.inCsvUnits(all);
        int n = all.rows();
        int perRow = n == 0 ? 1 : all.features().size() / n;
        int step = rowsPerBlock(context, perRow);
        S summary = explainer.emptySummary(context);
        for (int start = 0; start < n; start += step) {
            context.checkCancelled();
            int end = Math.min(n, start + step);
            DataSplit rows = rows(all, start, end);
            DataSplit csv = allCsv == all ? rows : rows(allCsv, start, end);
            Tensor outputs;
            try (Tensor.Scope ignored = Tensor.noGrad()) {
                outputs = context.model().predict(rows.features());
            }
            long[] ids = new long[end - start];
            for (int i = 0; i < ids.length; i++) ids[i] = start + i;
            summary = explainer.merge(summary, explainer.summarize(context, new RowBlock(ids, rows, csv, outputs)));
            context.progress((double) end / n, "summarized " + end + " of " + n + " rows");
        }
        return summary;
    }

    /** Rows {@code [start, end)} of a split, as a split of their own. */
    public static DataSplit rows(DataSplit split, int start, int end) {
        Tensor features = split.features().slice(0, start, end, 1).contiguous();
        int[] labels = split.labels() == null ? null : Arrays.copyOfRange(split.labels(), start, end);
        float[] targets = split.targets() == null ? null : Arrays.copyOfRange(split.targets(), start, end);
        return new DataSplit(split.name(), features, labels, targets);
    }
}
