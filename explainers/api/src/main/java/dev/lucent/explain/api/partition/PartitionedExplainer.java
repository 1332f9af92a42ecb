package dev.lucent.explain.api.partition;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.Finding;
import java.io.Serializable;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An explainer whose findings over the held-out rows come from a summary that merges. It summarizes any block of
 * rows, merges two summaries, and turns the merged summary into findings; a runner may split the rows any way it
 * likes (one machine: {@link Blocks}; Spark: a partition at a time, summaries sent to the driver).
 *
 * <p>The contract, which a runner relies on:
 * <ul>
 * <li>{@link #summarize} reads only its block and the context's model, schema, parameters and seed (on a cluster
 * the context has no other data): the training split, current data and retrainer may be absent.</li>
 * <li>{@link #merge} is associative and commutative to the last bit (long counts, exact sums, or merges that sort
 * what they keep), so that any partitioning and any order of merging give the same findings.</li>
 * <li>Summaries are {@link Serializable} and small: their size must not grow with the number of rows beyond what
 * the finding needs (a histogram, not the values).</li>
 * </ul>
 * The held-out rows are the test split when the audit has one, else the training split; on Spark, the data set
 * given. {@link #explain} runs the same path on one machine.
 *
 * @param <S> the summary
 */
@ConsumerType
public interface PartitionedExplainer<S extends Serializable> extends Explainer {

    /** The summary of no rows: the identity of {@link #merge}. */
    S emptySummary(AuditContext context);

    /** The summary of one block of rows. */
    S summarize(AuditContext context, RowBlock block) throws AuditCancelledException;

    /** Two summaries as one; neither argument is used afterwards, so either may be updated and returned. */
    S merge(S a, S b);

    /** The findings of the merged summary of all held-out rows. */
    List<Finding> findings(AuditContext context, S summary) throws AuditCancelledException;

    /** On one machine: the held-out rows in blocks, summarized and merged in order. */
    @Override
    default List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return findings(context, Blocks.summarizeHeldOut(this, context));
    }
}
