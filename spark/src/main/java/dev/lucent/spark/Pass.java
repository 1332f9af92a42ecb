package dev.lucent.spark;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.partition.CurrentDataPartitionedExplainer;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * One explainer's summary in one pass over the rows, as a partition runs it: a partitioned explainer's summary, or a
 * planned explainer's first pass or (given its plan) second pass. Built on each JVM from the job's class names and
 * the broadcast plans, so that a partition runs every pass the same way.
 *
 * @param empty     the summary of no rows
 * @param summarize the summary of one block
 * @param merge     two summaries as one
 * @param ofCurrent the summary of one block of the current data ({@code --current}), or null for an explainer that
 *                  does not compare with it
 */
record Pass(String explainerId, Function<AuditContext, Serializable> empty, Summarize summarize, BinaryOperator<Serializable> merge,
            Summarize ofCurrent) {

    interface Summarize {
        Serializable of(AuditContext context, RowBlock block) throws AuditCancelledException;
    }

    /** The first pass: each planned explainer's, in the job's order. */
    static List<Pass> first(JobSpec job) {
        List<Pass> passes = new ArrayList<>();
        for (String name : job.planned()) {
            PlannedPartitionedExplainer<Serializable, Serializable, Serializable> e = JobSpec.planned(name);
            passes.add(new Pass(e.info().id(), e::emptyFirstPass, e::firstPass, e::mergeFirstPass,
                    e instanceof CurrentDataPartitionedExplainer<Serializable, Serializable, Serializable> d ? d::firstPassOfCurrent : null));
        }
        return passes;
    }

    /** The second pass: each partitioned explainer's summary, then each planned explainer's given its plan. */
    static List<Pass> second(JobSpec job, List<Serializable> plans) {
        List<Pass> passes = new ArrayList<>();
        for (String name : job.partitioned()) {
            PartitionedExplainer<Serializable> e = JobSpec.instantiate(name);
            passes.add(new Pass(e.info().id(), e::emptySummary, e::summarize, e::merge, null));
        }
        for (int k = 0; k < job.planned().size(); k++) {
            PlannedPartitionedExplainer<Serializable, Serializable, Serializable> e = JobSpec.planned(job.planned().get(k));
            Serializable plan = plans.get(k);
            passes.add(new Pass(e.info().id(), c -> e.emptySummary(c, plan), (c, b) -> e.summarize(c, plan, b), e::merge,
                    e instanceof CurrentDataPartitionedExplainer<Serializable, Serializable, Serializable> d ? (c, b) -> d.summarizeCurrent(c, plan, b) : null));
        }
        return passes;
    }
}
