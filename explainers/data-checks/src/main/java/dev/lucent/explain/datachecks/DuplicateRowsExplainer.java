package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Identical rows within each split, and duplicates whose labels disagree: each block's rows by hash, merged (see
 * {@link DuplicateRows} for what is exact and what is a sample past {@value DuplicateRows#KEPT} distinct rows).
 */
@Component(service = Explainer.class)
public final class DuplicateRowsExplainer implements PartitionedExplainer<DuplicateRows> {

    static final ExplainerInfo INFO = new ExplainerInfo("duplicate-rows", "Duplicate rows", "1.0.0", "data checks",
            "Rows that occur more than once in a split: they weigh twice in training and evaluation.", Set.of(),
            List.of(Parameter.number("max-duplicate-share", "0", 0, 1, "the largest share of rows repeating an earlier row of"
                    + " their split that passes")));

    /** Groups listed in the table; the counts cover them all. */
    static final int LISTED = 20;

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public DuplicateRows emptySummary(AuditContext context) {
        return DuplicateRows.none();
    }

    @Override
    public DuplicateRows summarize(AuditContext context, RowBlock block) {
        return DuplicateRows.of(Rows.of(block.rows()), block.rowIds());
    }

    @Override
    public DuplicateRows merge(DuplicateRows a, DuplicateRows b) {
        return a.merge(b);
    }

    /** Each split of the audit: the training rows, then the test rows. */
    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return findings(context, Checks.perSplit(this, context));
    }

    /** The rows of one data set (on Spark: every row of it). */
    @Override
    public List<Finding> findings(AuditContext context, DuplicateRows summary) {
        return findings(context, List.of(summary));
    }

    private List<Finding> findings(AuditContext context, List<DuplicateRows> splits) {
        List<List<String>> rows = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        long redundant = 0;
        long conflicting = 0;
        long total = 0;
        boolean sampled = false;
        for (DuplicateRows d : splits) {
            List<DuplicateRows.Group> groups = d.groups();
            // past the distinct rows a summary keeps, the share is estimated on the rows of a sample of distinct rows
            total += d.sampled() ? d.rowsCovered() : d.rows;
            sampled |= d.sampled();
            redundant += d.redundantRows();
            conflicting += d.conflictingGroups();
            evidence.add(d.split + ": " + groups.size() + " groups of identical rows, " + d.redundantRows()
                    + " redundant rows, " + d.conflictingGroups() + " groups with conflicting labels"
                    + (d.sampled() ? " among the " + d.rowsCovered() + " rows of a sample of " + DuplicateRows.KEPT
                    + " distinct rows (by row hash) of its " + d.rows : ""));
            for (int g = 0; g < Math.min(LISTED, groups.size()); g++) {
                DuplicateRows.Group group = groups.get(g);
                String labels = group.labels[0] < 0 ? "" : Arrays.toString(group.labels);
                rows.add(List.of(d.split, DuplicateRows.members(group), labels));
            }
        }
        Verdict v;
        if (conflicting > 0)
            // no tolerance: one input cannot have two true labels, so any conflict is an error to resolve
            v = Checks.verdict(INFO.name(), Verdict.Outcome.FAIL, "FAIL: " + conflicting + " groups of identical rows carry different labels"
                    + " (no tolerance: one input cannot carry two true labels).",
                    evidence, "Review the labels of these rows: identical inputs with different labels are label errors or missing features.");
        else // every row is compared, so the share is counted, not estimated (unless a split's distinct rows were sampled)
            v = Checks.verdict(INFO.name(), Checks.shareAtMost("share of rows repeating an earlier row of their split", redundant, total,
                    sampled, "rows of the splits", context.doubleParameter("max-duplicate-share", 0), "max-duplicate-share"),
                    Verdict.Outcome.WARN, evidence,
                    "Remove exact duplicates unless they are genuinely distinct cases (then record what distinguishes them).");
        return List.of(new Table("Groups of identical rows", Stage.DATA, List.of("split", "rows", "labels"), rows,
                "row indices within the split; at most " + LISTED + " groups per split listed"), v);
    }
}
