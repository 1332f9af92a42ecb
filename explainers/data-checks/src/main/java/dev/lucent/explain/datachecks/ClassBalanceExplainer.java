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
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** Rows per class in each split, the imbalance ratio, and classes missing from the training data. */
@Component(service = Explainer.class)
public final class ClassBalanceExplainer implements Explainer {

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
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        int k = context.schema().classNames().size();
        double max = context.doubleParameter("max-imbalance", 3.0);
        List<Rows> splits = Checks.splits(context);
        List<String> cols = new ArrayList<>(List.of("class"));
        List<ClassBalance> balances = new ArrayList<>();
        for (Rows r : splits) {
            context.checkCancelled();
            if (r.labels() == null) continue; // an unlabelled split has no balance to show
            balances.add(ClassBalance.of(r.labels(), k));
            cols.add(r.name() + " rows");
            cols.add(r.name() + " share");
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
        context.progress(1.0, "done");
        return List.of(new Table("Rows per class", Stage.DATA, cols, rows, ""), v);
    }
}
