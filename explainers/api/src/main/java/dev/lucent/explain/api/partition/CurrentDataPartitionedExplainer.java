package dev.lucent.explain.api.partition;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import java.io.Serializable;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A planned partitioned explainer that compares the audit's rows (the reference) with the current data (a drift
 * check): both passes see blocks of both data sets, the current data's through {@link #firstPassOfCurrent} and
 * {@link #summarizeCurrent}, the reference's through {@link #firstPass} and {@link #summarize}; one plan from the
 * merged first pass of both. The current data's row ids are its own, from 0. The contract is
 * {@link PlannedPartitionedExplainer}'s. Which rows are the reference on one machine is the explainer's choice (the
 * training and test rows, or the held-out ones), so {@link #explain} is its own (usually
 * {@link Blocks#explain(CurrentDataPartitionedExplainer, AuditContext, List, dev.lucent.network.api.DataSplit, boolean)});
 * on Spark the reference is the data set given and the current data is {@code --current}. Since 1.2.
 *
 * @param <F> the first pass's summary
 * @param <P> the plan
 * @param <S> the second pass's summary
 */
@ConsumerType
public interface CurrentDataPartitionedExplainer<F extends Serializable, P extends Serializable, S extends Serializable>
        extends PlannedPartitionedExplainer<F, P, S> {

    /** The first pass over one block of the current data's rows. */
    F firstPassOfCurrent(AuditContext context, RowBlock block) throws AuditCancelledException;

    /** The second pass over one block of the current data's rows. */
    S summarizeCurrent(AuditContext context, P plan, RowBlock block) throws AuditCancelledException;

    /** On one machine: both passes over the explainer's reference rows and the context's current data. */
    @Override
    List<Finding> explain(AuditContext context) throws AuditCancelledException;
}
