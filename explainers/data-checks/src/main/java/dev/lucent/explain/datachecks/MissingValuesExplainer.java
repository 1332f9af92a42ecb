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
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Missing (NaN) and infinite values per feature and split, counted per block and merged. */
@Component(service = Explainer.class)
public final class MissingValuesExplainer implements PartitionedExplainer<MissingValues> {

    static final ExplainerInfo INFO = new ExplainerInfo("missing-values", "Missing values", "1.0.0", "data checks",
            "Values that are missing (NaN) or infinite: a network turns them into NaN outputs.", Set.of(),
            List.of(Parameter.number("max-missing-share", "0", 0, 1, "the largest share of rows with a missing or infinite value that passes")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public MissingValues emptySummary(AuditContext context) {
        return MissingValues.none();
    }

    @Override
    public MissingValues summarize(AuditContext context, RowBlock block) {
        return MissingValues.of(Rows.of(block.rows()));
    }

    @Override
    public MissingValues merge(MissingValues a, MissingValues b) {
        return a.merge(b);
    }

    /** Each split of the audit: the training rows, then the test rows. */
    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        return findings(context, Checks.perSplit(this, context));
    }

    /** The rows of one data set (on Spark: every row of it). */
    @Override
    public List<Finding> findings(AuditContext context, MissingValues summary) {
        return findings(context, List.of(summary));
    }

    private List<Finding> findings(AuditContext context, List<MissingValues> splits) {
        List<List<String>> rows = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        long missing = 0;
        long infinite = 0;
        long withAny = 0;
        long total = 0;
        for (MissingValues m : splits) {
            missing += m.totalMissing();
            infinite += m.totalInfinite();
            withAny += m.rowsWithAny();
            total += m.rows;
            evidence.add(m.split + ": " + m.rowsWithAny() + " of " + m.rows + " rows with a missing or infinite value");
            for (int j = 0; j < m.missing().length; j++)
                if (m.missing()[j] + m.infinite()[j] > 0)
                    rows.add(List.of(m.split, Checks.feature(context, j), Long.toString(m.missing()[j]), Long.toString(m.infinite()[j]),
                            Checks.pct((double) m.missing()[j] / m.rows)));
        }
        evidence.add(missing + " missing and " + infinite + " infinite values in all");
        Verdict v = Checks.verdict(INFO.name(), Checks.shareAtMost("share of rows with a missing or infinite value", withAny, total, false,
                        "rows of the splits", context.doubleParameter("max-missing-share", 0), "max-missing-share"), Verdict.Outcome.FAIL, evidence,
                        "Impute missing values from the training split only (median, or a model), add a 'was missing' indicator "
                                + "where missingness may carry meaning, and fix the source of infinities.");
        return List.of(new Table("Missing and infinite values", Stage.DATA,
                List.of("split", "feature", "missing", "infinite", "missing share"), rows, "features with none are not listed"), v);
    }
}
