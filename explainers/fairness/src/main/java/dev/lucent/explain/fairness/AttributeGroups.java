package dev.lucent.explain.fairness;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.SubgroupPlan;
import java.io.Serializable;

/**
 * The first pass every partitioned fairness explainer shares: the sensitive attributes' columns' distinct values, from
 * which {@link Groupings#plan} draws the groups.
 *
 * @param <S> the second pass's summary
 */
interface AttributeGroups<S extends Serializable> extends PlannedPartitionedExplainer<SubgroupPlan.Columns, GroupFairnessExplainer.Plan, S> {

    @Override
    default SubgroupPlan.Columns emptyFirstPass(AuditContext context) {
        return new SubgroupPlan.Columns();
    }

    @Override
    default SubgroupPlan.Columns firstPass(AuditContext context, RowBlock block) {
        return SubgroupPlan.Columns.of(block.inCsvUnits(), Groupings.columns(context));
    }

    @Override
    default SubgroupPlan.Columns mergeFirstPass(SubgroupPlan.Columns a, SubgroupPlan.Columns b) {
        return a.merge(b);
    }
}
