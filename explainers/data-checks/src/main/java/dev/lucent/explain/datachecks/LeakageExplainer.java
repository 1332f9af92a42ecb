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
import dev.lucent.explain.support.TimeShare;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Held-out rows identical or nearly identical to training rows (parameter {@code tolerance}, default 0.01). Exact copies
 * are counted over every row; the near-copy search costs test rows x training rows, and when {@code max-test-rows} is
 * not given the test rows searched are cut to what its share of the audit budget holds (counted as twice
 * {@link LabelNoiseExplainer#flopsPerPair} a pair at {@link TimeShare}'s fixed rate; no clock), at least
 * {@link #MIN_TEST_ROWS}: fewer rows widen the near-share's interval, and the finding says so.
 */
@Component(service = Explainer.class)
public final class LeakageExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("train-test-leakage", "Train/test leakage", "1.0.0", "data checks",
            "Held-out rows that also occur, or nearly occur, in the training data: they make the model look better than it is.",
            Set.of(ExplainerInfo.Need.HELD_OUT_SPLIT),
            List.of(Parameter.number("tolerance", "0.01", 0,
                    Parameter.NO_LIMIT, "root-mean-square distance (standardized features) at or under which a test row counts as a near copy of a training row"),
                    Parameter.whole("max-test-rows", "2000, fewer if its share of the audit budget needs", 1,
                            "test rows searched for near copies; when not given, cut to fit its share of the audit budget (at least 200)"),
                    Parameter.whole("max-train-rows", "20000", 1, "training rows searched"),
                    Parameter.number("max-copied-share", "0", 0, 1, "the largest share of held-out rows identical to a training row that passes"),
                    Parameter.number("max-near-share", "0.01", 0, 1, "the largest share of held-out rows within `tolerance` of a training row"
                            + " that passes (estimated on a sample of large test splits)")));

    /** Fewer held-out rows than this make the near-copy share's interval too wide to judge a 1% tolerance by. */
    static final int MIN_TEST_ROWS = 200;

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        double tolerance = context.doubleParameter("tolerance", 0.01);
        Rows train = Rows.of(context.train());
        Rows test = Rows.of(context.test().get());
        int budget = Checks.rowsWithinBudget(context, train.width());
        int maxTest = Math.min(context.intParameter("max-test-rows", 2000), budget / 10);
        int maxTrain = Math.min(context.intParameter("max-train-rows", 20000), budget - maxTest);
        // Exact copies are found by hashing over all rows; only the near-identical search samples.
        int[] exact = SplitLeakage.exactCopies(train, test);
        Rows testSample = Checks.sample(test, maxTest, context.seed());
        Rows trainSample = Checks.sample(train, maxTrain, context.seed() + 1);
        String plan = "";
        if (!context.parameters().containsKey("max-test-rows")) {
            // twice the label-noise search's count a pair: this search standardizes both splits into doubles first, and
            // a default image audit at load 24-36 took 1.8 times its share at the label-noise count
            double perTestRow = 2 * trainSample.rows() * LabelNoiseExplainer.flopsPerPair(train.width());
            int fit = (int) Math.max(Math.min(MIN_TEST_ROWS, testSample.rows()), Math.min(testSample.rows(),
                    Math.floor(TimeShare.flops(context, TimeShare.Rate.LOOPS) / perTestRow)));
            if (fit < testSample.rows()) {
                plan = String.format(java.util.Locale.ROOT, "; plan: %d held-out rows searched for near copies (cut from %d), because each"
                        + " is %.3g MFLOP against %d training rows and the search has %s", fit, testSample.rows(), perTestRow / 1e6,
                        trainSample.rows(), TimeShare.described(context, TimeShare.Rate.LOOPS));
                testSample = Checks.sample(testSample, fit, context.seed());
            }
        }
        SplitLeakage near = SplitLeakage.of(trainSample, testSample, tolerance, (done, total) -> {
            context.checkCancelled();
            context.progress((double) done / total, "nearest training row for " + done + " of " + total + " held-out rows");
        });
        List<List<String>> rows = new ArrayList<>();
        for (int i : exact) if (rows.size() < 50) rows.add(List.of(Integer.toString(i), "identical", "0"));
        for (int i : near.near()) if (rows.size() < 100) rows.add(List.of(testSample.name().equals(test.name()) ? Integer.toString(i)
                : "sample row " + i, "near-identical", Checks.fmt(near.nearestRms()[i])));
        List<String> evidence = List.of(
                exact.length + " of " + test.rows() + " held-out rows are identical to a training row",
                near.near().length + " of " + testSample.rows() + " " + testSample.name() + " rows lie within RMS standardized distance "
                        + Checks.fmt(tolerance) + " of a training row (" + trainSample.name() + ")");
        // exact copies are counted over every held-out row; near copies on the (perhaps sampled) rows searched
        Tolerance.Judged copied = Checks.shareAtMost("share of held-out rows identical to a training row", exact.length, test.rows(), false,
                "held-out rows", context.doubleParameter("max-copied-share", 0), "max-copied-share");
        Tolerance.Judged nearly = Checks.shareAtMost("share of held-out rows within RMS distance " + Checks.fmt(tolerance) + " of a training row",
                near.near().length, testSample.rows(), testSample.rows() < test.rows(), "held-out rows",
                context.doubleParameter("max-near-share", 0.01), "max-near-share");
        Verdict v;
        if (!copied.within())
            v = Checks.verdict(INFO.name(), copied, Verdict.Outcome.FAIL, evidence,
                    "Remove the leaked rows from the test split (or split by patient / source so copies stay on one side) and re-evaluate.");
        else if (!nearly.within())
            v = Checks.verdict(INFO.name(), nearly, Verdict.Outcome.WARN, evidence,
                    "Check whether they are the same case recorded twice; if so, keep them on one side of the split.");
        else
            v = Checks.verdict(INFO.name(), Verdict.Outcome.PASS, "PASS: " + copied.sentence() + "; " + nearly.sentence() + ".",
                    evidence, "");
        context.progress(1.0, "done");
        return List.of(new Table("Held-out rows found in the training data", Stage.DATA,
                List.of("held-out row", "kind", "RMS standardized distance"), rows,
                "distances standardized by the training split's per-feature standard deviation" + plan), v);
    }
}
