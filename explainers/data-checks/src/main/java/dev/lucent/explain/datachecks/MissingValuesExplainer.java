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
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Missing (NaN) and infinite values per feature and split. */
@Component(service = Explainer.class)
public final class MissingValuesExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("missing-values", "Missing values", "1.0.0", "data checks",
            "Values that are missing (NaN) or infinite: a network turns them into NaN outputs.", Set.of(),
            List.of(Parameter.number("max-missing-share", "0", 0, 1, "the largest share of rows with a missing or infinite value that passes")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        List<List<String>> rows = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        long missing = 0;
        long infinite = 0;
        long withAny = 0;
        long total = 0;
        for (Rows r : Checks.splits(context)) {
            context.checkCancelled();
            MissingValues m = MissingValues.of(r);
            missing += m.totalMissing();
            infinite += m.totalInfinite();
            withAny += m.rowsWithAny();
            total += r.rows();
            evidence.add(r.name() + ": " + m.rowsWithAny() + " of " + r.rows() + " rows with a missing or infinite value");
            for (int j = 0; j < r.width(); j++)
                if (m.missing()[j] + m.infinite()[j] > 0)
                    rows.add(List.of(r.name(), Checks.feature(context, j), Long.toString(m.missing()[j]), Long.toString(m.infinite()[j]),
                            Checks.pct((double) m.missing()[j] / r.rows())));
        }
        evidence.add(missing + " missing and " + infinite + " infinite values in all");
        Verdict v = Checks.verdict(INFO.name(), Checks.shareAtMost("share of rows with a missing or infinite value", withAny, total, false,
                        "rows of the splits", context.doubleParameter("max-missing-share", 0), "max-missing-share"), Verdict.Outcome.FAIL, evidence,
                        "Impute missing values from the training split only (median, or a model), add a 'was missing' indicator "
                                + "where missingness may carry meaning, and fix the source of infinities.");
        context.progress(1.0, "done");
        return List.of(new Table("Missing and infinite values", Stage.DATA,
                List.of("split", "feature", "missing", "infinite", "missing share"), rows, "features with none are not listed"), v);
    }
}
