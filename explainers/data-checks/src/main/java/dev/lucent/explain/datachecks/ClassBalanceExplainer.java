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
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Rows per class in each split, the imbalance ratio, and classes missing from the training data. Counted per block
 * and merged (long sums), so that a Spark audit counts every row of its data set the same way.
 */
@Component(service = Explainer.class)
public final class ClassBalanceExplainer implements PartitionedExplainer<ClassBalanceExplainer.Counts> {

    /** Rows per class of one split's rows (null for an unlabelled split). */
    static final class Counts extends SplitCounts<Counts> {
        private static final long serialVersionUID = 1L;
        long[] perClass;

        Counts(String split, long rows, long[] perClass) {
            super(split, rows);
            this.perClass = perClass;
        }

        @Override
        void add(Counts other) {
            if (perClass == null) perClass = other.perClass;
            else if (other.perClass != null) for (int k = 0; k < perClass.length; k++) perClass[k] += other.perClass[k];
        }
    }

    static final ExplainerInfo INFO = new ExplainerInfo("class-balance", "Class balance", "1.0.0", "data checks",
            "How many rows each class has: a rare class is learnt poorly and hidden by overall accuracy.",
            Set.of(ExplainerInfo.Need.LABELS),
            List.of(Parameter.number("max-imbalance", "3", 1,
                    Parameter.NO_LIMIT, "the largest ratio of the commonest to the rarest class that passes")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public Counts emptySummary(AuditContext context) {
        return new Counts(null, 0, null);
    }

    @Override
    public Counts summarize(AuditContext context, RowBlock block) {
        int[] labels = block.rows().labels();
        return new Counts(block.rows().name(), block.size(), labels == null ? null : ClassBalance.count(labels, context.schema().classNames().size()));
    }

    @Override
    public Counts merge(Counts a, Counts b) {
        return a.merge(b);
    }

    /** Each split of the audit: the training rows, then the test rows. */
    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return findings(context, Checks.perSplit(this, context));
    }

    /** The rows of one data set (on Spark: every row of it). */
    @Override
    public List<Finding> findings(AuditContext context, Counts summary) {
        return findings(context, List.of(summary));
    }

    private List<Finding> findings(AuditContext context, List<Counts> splits) {
        int k = context.schema().classNames().size();
        double max = context.doubleParameter("max-imbalance", 3.0);
        List<String> cols = new ArrayList<>(List.of("class"));
        List<ClassBalance> balances = new ArrayList<>();
        for (Counts r : splits) {
            if (r.perClass == null) continue; // an unlabelled split has no balance to show
            balances.add(ClassBalance.of(r.perClass));
            cols.add(r.split + " rows");
            cols.add(r.split + " share");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<String> row = new ArrayList<>(List.of(Checks.className(context, c)));
            for (ClassBalance b : balances) {
                row.add(Long.toString(b.counts()[c]));
                row.add(Checks.pct(b.share(c)));
            }
            rows.add(row);
        }
        ClassBalance train = balances.get(0);
        List<String> evidence = new ArrayList<>();
        evidence.add("training imbalance ratio " + Checks.fmt(train.imbalanceRatio()) + " (" + Checks.className(context, train.majority())
                + " " + train.counts()[train.majority()] + " rows, " + Checks.className(context, train.minority()) + " "
                + train.counts()[train.minority()] + ")");
        long n = 0;
        for (long c : train.counts()) n += c;
        Tolerance.Judged judged = Tolerance.atMostCounted("training imbalance ratio (rows of the commonest class over rows of the rarest)",
                train.imbalanceRatio(), "counted on all " + n + " training rows", max, "max-imbalance");
        Verdict v;
        // past the tolerance is a warning; a class with no rows at all (an infinite ratio) fails: it cannot be learnt
        if (train.counts()[train.minority()] == 0)
            v = Checks.verdict(INFO.name(), Verdict.Outcome.FAIL, judged.summary(Verdict.Outcome.FAIL) + " Class "
                    + Checks.className(context, train.minority()) + " has no training rows: the model cannot learn it.", evidence,
                    "Collect labelled rows of every class before training.");
        else
            v = Checks.verdict(INFO.name(), judged, Verdict.Outcome.WARN, evidence, "Judge the model by per-class recall rather than"
                    + " accuracy; consider class weights, resampling or collecting more rows of " + Checks.className(context, train.minority()) + ".");
        return List.of(new Table("Rows per class", Stage.DATA, cols, rows, ""), v);
    }
}
