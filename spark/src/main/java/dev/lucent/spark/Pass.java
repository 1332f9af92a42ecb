package dev.lucent.spark;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One explainer's summary in one pass over the rows, as a partition runs it: a partitioned explainer's summary, or a
 * planned explainer's first pass or (given its plan) second pass. Built on each JVM from the job's class names and
 * the broadcast plans, so that a partition runs every pass the same way.
 */
abstract class Pass {
    final String explainerId;

    private Pass(String explainerId) {
        this.explainerId = explainerId;
    }

    abstract Serializable empty(AuditContext context);

    abstract Serializable summarize(AuditContext context, RowBlock block) throws AuditCancelledException;

    abstract Serializable merge(Serializable a, Serializable b);

    /** The first pass: each planned explainer's, in the job's order. */
    static List<Pass> first(JobSpec job) {
        List<Pass> passes = new ArrayList<>();
        for (String name : job.planned()) {
            PlannedPartitionedExplainer<Serializable, Serializable, Serializable> e = JobSpec.planned(name);
            passes.add(new Pass(e.info().id()) {
                Serializable empty(AuditContext c) {
                    return e.emptyFirstPass(c);
                }

                Serializable summarize(AuditContext c, RowBlock b) throws AuditCancelledException {
                    return e.firstPass(c, b);
                }

                Serializable merge(Serializable a, Serializable b) {
                    return e.mergeFirstPass(a, b);
                }
            });
        }
        return passes;
    }

    /** The second pass: each partitioned explainer's summary, then each planned explainer's given its plan. */
    static List<Pass> second(JobSpec job, List<Serializable> plans) {
        List<Pass> passes = new ArrayList<>();
        for (String name : job.partitioned()) {
            PartitionedExplainer<Serializable> e = JobSpec.instantiate(name);
            passes.add(new Pass(e.info().id()) {
                Serializable empty(AuditContext c) {
                    return e.emptySummary(c);
                }

                Serializable summarize(AuditContext c, RowBlock b) throws AuditCancelledException {
                    return e.summarize(c, b);
                }

                Serializable merge(Serializable a, Serializable b) {
                    return e.merge(a, b);
                }
            });
        }
        for (int k = 0; k < job.planned().size(); k++) {
            PlannedPartitionedExplainer<Serializable, Serializable, Serializable> e = JobSpec.planned(job.planned().get(k));
            Serializable plan = plans.get(k);
            passes.add(new Pass(e.info().id()) {
                Serializable empty(AuditContext c) {
                    return e.emptySummary(c, plan);
                }

                Serializable summarize(AuditContext c, RowBlock b) throws AuditCancelledException {
                    return e.summarize(c, plan, b);
                }

                Serializable merge(Serializable a, Serializable b) {
                    return e.merge(a, b);
                }
            });
        }
        return passes;
    }
}
