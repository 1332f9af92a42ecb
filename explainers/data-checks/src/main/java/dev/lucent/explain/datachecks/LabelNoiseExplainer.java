package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Tolerance;
import dev.lucent.explain.support.Proportions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Label-noise hints on the training split: rows whose nearest neighbours agree on another label (parameters
 * {@code k}, default 5, {@code agreeing}, default 4, {@code max-share}, default 0.05, {@code max-rows}, default 3000). The
 * search costs rows squared: when {@code max-rows} is not given, the rows are cut to what its share of the audit budget
 * holds, counting {@link #flopsPerPair} operations a pair of rows at {@link TimeShare}'s fixed rate (no clock: an audit
 * and its replay search the same rows), the plan stated in the finding.
 */
@Component(service = Explainer.class)
public final class LabelNoiseExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("label-noise", "Label-noise hints", "1.0.0", "data checks",
            "Training rows whose closest neighbours almost all carry another label: candidates for a label review.",
            Set.of(ExplainerInfo.Need.LABELS),
            List.of(Parameter.whole("k", "5", 1, 1000, "neighbours consulted per row"),
                    Parameter.whole("agreeing", "4", 1, 1000, "neighbours that must agree on another label to flag a row"),
                    Parameter.number("max-share", "0.05", 0, 1, "the largest share of flagged rows that passes"),
                    Parameter.whole("max-rows", "3000, fewer if its share of the audit budget needs", 10,
                            "rows searched (a seeded sample when there are more); when not given, cut to fit its share of the audit budget (at least 500)")));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        int k = context.intParameter("k", 5);
        int agreeing = context.intParameter("agreeing", 4);
        double maxShare = context.doubleParameter("max-share", 0.05);
        Rows all = Rows.of(context.train());
        int wanted = Math.min(context.intParameter("max-rows", 3000), Checks.rowsWithinBudget(context, all.width()));
        String plan = "";
        if (!context.parameters().containsKey("max-rows")) {
            // the neighbour search costs rows^2 pairs: search as many rows as this run's share of the audit budget holds
            double perPair = TimeShare.secondsFor(flopsPerPair(all.width()), TimeShare.Rate.LOOPS);
            int fit = rowsFitting(perPair, TimeShare.seconds(context), wanted);
            if (fit < Math.min(wanted, all.rows()))
                plan = String.format(java.util.Locale.ROOT, "; plan: %d rows (cut from %d), because a pair of rows is %.0f operations"
                                + " and the search has %s", fit, Math.min(wanted, all.rows()), flopsPerPair(all.width()), TimeShare.described(context, TimeShare.Rate.LOOPS));
            wanted = fit;
        }
        Rows train = Checks.sample(all, wanted, context.seed());
        if (train.rows() <= k) return List.of(Verdict.notApplicable(INFO.name(), Stage.DATA, "Too few training rows for " + k + " neighbours."));
        LabelNoise noise = LabelNoise.of(train, context.schema().classNames().size(), k, agreeing, (done, total) -> {
            context.checkCancelled();
            context.progress((double) done / total, "neighbours of " + done + " of " + total + " rows");
        });
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(100, noise.suspicious().length); i++) {
            int row = noise.suspicious()[i];
            rows.add(List.of(Integer.toString(row), Checks.className(context, train.labels()[row]),
                    Checks.className(context, noise.neighbourLabel()[i])));
        }
        double share = (double) noise.suspicious().length / train.rows();
        List<String> evidence = List.of(noise.suspicious().length + " of " + train.rows() + " " + train.name() + " rows have at least "
                + agreeing + " of their " + k + " nearest neighbours agreeing on another label");
        Tolerance.Judged judged = Checks.shareAtMost("share of training rows whose neighbours agree on another label",
                noise.suspicious().length, train.rows(), train.rows() < all.rows(), "training rows", maxShare, "max-share");
        Verdict v = Checks.verdict(INFO.name(), judged, Verdict.Outcome.WARN, evidence, "Have an expert review the listed rows' labels;"
                + " where labels are right, the classes overlap and the features may not suffice to separate them.");
        context.progress(1.0, "done");
        Proportions.Interval ci = Proportions.wilson(noise.suspicious().length, train.rows(), Proportions.normalQuantile(0.975));
        boolean sampled = train.rows() < all.rows();
        return List.of(new Metric("Share of rows with suspicious labels", Stage.DATA, "suspicious share", share,
                        sampled ? ci.lower() : Double.NaN, sampled ? ci.upper() : Double.NaN, sampled ? 0.95 : Double.NaN,
                        "k = " + k + ", standardized Euclidean distance" + (sampled ? "; Wilson interval over the sampled rows" : "; counted on every row") + plan),
                new Table("Rows whose neighbours disagree with their label", Stage.DATA, List.of("row", "label", "neighbours' label"), rows,
                        "row indices within " + train.name() + "; at most 100 listed"), v);
    }

    /** The operations of one pair in the neighbour search: a difference, square and sum per value, and keeping the k nearest. */
    static double flopsPerPair(int width) {
        return 3.0 * width + 16;
    }
    /** Fewer rows than this give too few neighbours per class to judge a label by. */
    static final int MIN_ROWS = 500;

    /** The most rows, up to {@code wanted} and at least {@link #MIN_ROWS}, whose all-pairs search fits {@code seconds}. */
    static int rowsFitting(double secondsPerPair, double seconds, int wanted) {
        int fit = (int) Math.floor(Math.sqrt(seconds / secondsPerPair));
        return Math.max(Math.min(MIN_ROWS, wanted), Math.min(wanted, fit));
    }
}
