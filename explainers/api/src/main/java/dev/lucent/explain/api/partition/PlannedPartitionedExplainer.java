package dev.lucent.explain.api.partition;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import java.io.Serializable;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A partitioned explainer that needs to see every row once before it can summarize them: automatic groups, bin edges
 * or candidate values come from a first pass over all rows. Two passes, each a summary that merges:
 * <ol>
 * <li>the first pass summarizes every block ({@link #firstPass}) and merges ({@link #mergeFirstPass}) as
 * {@link PartitionedExplainer} does; {@link #plan} turns the merged first pass into a plan (immutable, serializable,
 * small: a runner broadcasts it to every partition);</li>
 * <li>the second pass summarizes every block given the plan ({@link #summarize}), merges ({@link #merge}), and
 * {@link #findings} reads the merged summary with the plan.</li>
 * </ol>
 * Both passes keep {@link PartitionedExplainer}'s contract: they read only their block and the context's model,
 * schema, parameters and seed; merges are associative and commutative to the last bit; summaries stay small. So any
 * split of the rows and any order of merging give the same plan and the same findings. {@link #explain} runs both
 * passes on one machine ({@link Blocks#explain(PlannedPartitionedExplainer, AuditContext, dev.lucent.network.api.DataSplit, boolean)}).
 *
 * @param <F> the first pass's summary
 * @param <P> the plan
 * @param <S> the second pass's summary
 */
@ConsumerType
public interface PlannedPartitionedExplainer<F extends Serializable, P extends Serializable, S extends Serializable> extends Explainer {

    /** The first pass over no rows: the identity of {@link #mergeFirstPass}. */
    F emptyFirstPass(AuditContext context);

    /** The first pass over one block of rows. */
    F firstPass(AuditContext context, RowBlock block) throws AuditCancelledException;

    /** Two first passes as one; neither argument is used afterwards. */
    F mergeFirstPass(F a, F b);

    /** The plan from the merged first pass over every row: what the second pass counts by. */
    P plan(AuditContext context, F firstPass) throws AuditCancelledException;

    /** The second pass over no rows: the identity of {@link #merge}. */
    S emptySummary(AuditContext context, P plan);

    /** The second pass over one block of rows. */
    S summarize(AuditContext context, P plan, RowBlock block) throws AuditCancelledException;

    /** Two second-pass summaries as one; neither argument is used afterwards. */
    S merge(S a, S b);

    /** The findings of the merged second pass over every row. */
    List<Finding> findings(AuditContext context, P plan, S summary) throws AuditCancelledException;

    /** On one machine: both passes over the held-out rows, in blocks. */
    @Override
    default List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return Blocks.explain(this, context, Blocks.heldOut(context), true);
    }
}
