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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Identical rows within each split, and duplicates whose labels disagree. */
@Component(service = Explainer.class)
public final class DuplicateRowsExplainer implements Explainer {

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
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        List<List<String>> rows = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        int redundant = 0;
        int conflicting = 0;
        long total = 0;
        List<Rows> splits = Checks.splits(context);
        for (int s = 0; s < splits.size(); s++) {
            context.checkCancelled();
            Rows r = splits.get(s);
            total += r.rows();
            DuplicateRows d = DuplicateRows.of(r);
            redundant += d.redundantRows();
            conflicting += d.conflictingGroups();
            evidence.add(r.name() + ": " + d.groups().size() + " groups of identical rows, " + d.redundantRows()
                    + " redundant rows, " + d.conflictingGroups() + " groups with conflicting labels");
            for (int g = 0; g < Math.min(LISTED, d.groups().size()); g++) {
                int[] members = d.groups().get(g);
                String labels = r.labels() == null ? "" : Arrays.toString(Arrays.stream(members).map(i -> r.labels()[i]).toArray());
                rows.add(List.of(r.name(), Arrays.toString(members), labels));
            }
            context.progress((s + 1.0) / splits.size(), "checked " + r.name());
        }
        Verdict v;
        if (conflicting > 0)
            // no tolerance: one input cannot have two true labels, so any conflict is an error to resolve
            v = Checks.verdict(INFO.name(), Verdict.Outcome.FAIL, "FAIL: " + conflicting + " groups of identical rows carry different labels"
                    + " (no tolerance: one input cannot carry two true labels).",
                    evidence, "Review the labels of these rows: identical inputs with different labels are label errors or missing features.");
        else // every row is compared, so the share is counted, not estimated
            v = Checks.verdict(INFO.name(), Checks.shareAtMost("share of rows repeating an earlier row of their split", redundant, total,
                    false, "rows of the splits", context.doubleParameter("max-duplicate-share", 0), "max-duplicate-share"),
                    Verdict.Outcome.WARN, evidence,
                    "Remove exact duplicates unless they are genuinely distinct cases (then record what distinguishes them).");
        return List.of(new Table("Groups of identical rows", Stage.DATA, List.of("split", "rows", "labels"), rows,
                "row indices within the split; at most " + LISTED + " groups per split listed"), v);
    }
}
