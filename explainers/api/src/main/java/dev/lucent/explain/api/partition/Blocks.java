package dev.lucent.explain.api.partition;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import java.io.Serializable;
import dev.lucent.explain.api.Finding;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;

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
        return summarize(explainer, context, heldOut(context), true);
    }

    /**
     * Summarizes the rows of one split (ids 0.. in the split's order) block by block, merging in row order.
     *
     * @param withOutputs whether the blocks carry the model's outputs; without, an explainer that reads only the rows
     *                    (a data check) does not run the model, and {@link RowBlock#outputs()} is an empty {@code [n, 0]}
     */
    public static <S extends Serializable> S summarize(PartitionedExplainer<S> explainer, AuditContext context, DataSplit split,
                                                       boolean withOutputs) throws AuditCancelledException {
        return fold(context, split, withOutputs, explainer.emptySummary(context), explainer::summarize, explainer::merge, 0, 0, 1);
    }

    /**
     * Both passes of a planned explainer over the rows of one split: the first pass, its plan, the second pass.
     *
     * @param withOutputs as for {@link #summarize(PartitionedExplainer, AuditContext, DataSplit, boolean)}
     */
    public static <F extends Serializable, P extends Serializable, S extends Serializable> List<Finding> explain(
            PlannedPartitionedExplainer<F, P, S> explainer, AuditContext context, DataSplit split, boolean withOutputs)
            throws AuditCancelledException {
        P plan = explainer.plan(context, fold(context, split, withOutputs, explainer.emptyFirstPass(context), explainer::firstPass,
                explainer::mergeFirstPass, 0, 0, 0.5));
        S summary = fold(context, split, withOutputs, explainer.emptySummary(context, plan), (c, b) -> explainer.summarize(c, plan, b),
                explainer::merge, 0, 0.5, 0.5);
        return explainer.findings(context, plan, summary);
    }

    /**
     * Both passes of a comparison over the reference rows (the splits in order, row ids continuing from one to the
     * next) and the current data's rows (ids from 0): first passes merged, the plan, second passes merged. Since 1.2.
     */
    public static <F extends Serializable, P extends Serializable, S extends Serializable> List<Finding> explain(
            CurrentDataPartitionedExplainer<F, P, S> explainer, AuditContext context, List<DataSplit> reference, DataSplit current,
            boolean withOutputs) throws AuditCancelledException {
        F first = explainer.emptyFirstPass(context);
        long id = 0;
        double share = 0.5 / (reference.size() + 1);
        for (int k = 0; k < reference.size(); k++) {
            first = explainer.mergeFirstPass(first, fold(context, reference.get(k), withOutputs, explainer.emptyFirstPass(context),
                    explainer::firstPass, explainer::mergeFirstPass, id, share * k, share));
            id += reference.get(k).rows();
        }
        first = explainer.mergeFirstPass(first, fold(context, current, withOutputs, explainer.emptyFirstPass(context),
                explainer::firstPassOfCurrent, explainer::mergeFirstPass, 0, share * reference.size(), share));
        P plan = explainer.plan(context, first);
        S summary = explainer.emptySummary(context, plan);
        id = 0;
        for (int k = 0; k < reference.size(); k++) {
            summary = explainer.merge(summary, fold(context, reference.get(k), withOutputs, explainer.emptySummary(context, plan),
                    (c, b) -> explainer.summarize(c, plan, b), explainer::merge, id, 0.5 + share * k, share));
            id += reference.get(k).rows();
        }
        summary = explainer.merge(summary, fold(context, current, withOutputs, explainer.emptySummary(context, plan),
                (c, b) -> explainer.summarizeCurrent(c, plan, b), explainer::merge, 0, 0.5 + share * reference.size(), share));
        return explainer.findings(context, plan, summary);
    }

    /** One pass's summary of a block. */
    private interface Summarize<S> {
        S of(AuditContext context, RowBlock block) throws AuditCancelledException;
    }

    /** The rows in blocks (ids from {@code firstId}), each summarized and merged into the running summary in row order. */
    private static <S> S fold(AuditContext context, DataSplit all, boolean withOutputs, S summary, Summarize<S> summarize, BinaryOperator<S> merge,
                              long firstId, double progressFrom, double progressShare) throws AuditCancelledException {
        DataSplit allCsv = context.inCsvUnits(all);
        int n = all.rows();
        int perRow = n == 0 ? 1 : all.features().size() / n;
        int step = rowsPerBlock(context, perRow);
        for (int start = 0; start < n; start += step) {
            context.checkCancelled();
            int end = Math.min(n, start + step);
            DataSplit rows = rows(all, start, end);
            DataSplit csv = allCsv == all ? rows : rows(allCsv, start, end);
            Tensor outputs = Tensor.zeros(end - start, 0);
            if (withOutputs)
                try (Tensor.Scope ignored = Tensor.noGrad()) {
                    outputs = context.model().predict(rows.features());
                }
            long[] ids = new long[end - start];
            for (int i = 0; i < ids.length; i++) ids[i] = firstId + start + i;
            summary = merge.apply(summary, summarize.of(context, new RowBlock(ids, rows, csv, outputs)));
            context.progress(progressFrom + progressShare * end / n, "summarized " + end + " of " + n + " rows");
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
