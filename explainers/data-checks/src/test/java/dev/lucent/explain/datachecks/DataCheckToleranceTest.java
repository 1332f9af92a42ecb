package dev.lucent.explain.datachecks;

import static dev.lucent.explain.datachecks.DataChecksTest.clean;
import static dev.lucent.explain.datachecks.DataChecksTest.ctx;
import static dev.lucent.explain.datachecks.DataChecksTest.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data checks' verdicts by the one tolerance rule: counted shares within or past, sampled ones with an interval. */
class DataCheckToleranceTest {

    /** 4% flipped labels, 100 of 400 rows searched: the share is an estimate, and its interval reaches past 5%. */
    @Test
    void aSampledLabelNoiseShareUnderTheToleranceButWithAnIntervalPastItWarns() throws Exception {
        int[] y = new int[400];
        float[][] x = clean(400, 7, y);
        for (int i = 0; i < 400; i += 25) y[i] = 1 - y[i];
        List<Finding> f = new LabelNoiseExplainer().explain(ctx(x, y, null, null).with("max-rows", "100"));
        Metric share = (Metric) f.get(0);
        // the old rule compared the point estimate alone and passed it
        assertTrue(share.value() > 0 && share.value() <= 0.05, "share " + share.value());
        assertTrue(share.upper() > 0.05 && share.lower() < share.value(), share.toString());
        Verdict v = verdict(f);
        assertEquals(Verdict.Outcome.WARN, v.outcome(), v.summary());
        assertTrue(v.summary().contains("of a sample of 100 training rows)") && v.summary().contains("may exceed the tolerance 0.05 set by `max-share`"),
                v.summary());
    }

    /** One near copy among 200 held-out rows is 0.5%, within the default 1% of `max-near-share`; exact copies have none. */
    @Test
    void nearCopiesAreJudgedAsAShareAndExactCopiesWithoutTolerance() throws Exception {
        int[] yl = new int[200];
        int[] tl = new int[200];
        float[][] train = clean(200, 1, yl);
        float[][] test = clean(200, 2, tl);
        test[9] = train[40].clone();
        test[9][2] += 1e-4f;
        Verdict near = verdict(new LeakageExplainer().explain(ctx(train, yl, test, tl)));
        assertEquals(Verdict.Outcome.PASS, near.outcome(), near.summary()); // the old rule warned on any near copy
        assertTrue(near.summary().contains("0.005 (1 of all 200 held-out rows, no sampling error) is within the tolerance 0.01 set by"
                + " `max-near-share`"), near.summary());
        Verdict strict = verdict(new LeakageExplainer().explain(ctx(train, yl, test, tl).with("max-near-share", "0")));
        assertEquals(Verdict.Outcome.WARN, strict.outcome(), strict.summary());
        test[5] = train[17].clone();
        Verdict copied = verdict(new LeakageExplainer().explain(ctx(train, yl, test, tl)));
        assertEquals(Verdict.Outcome.FAIL, copied.outcome());
        assertTrue(copied.summary().startsWith("FAIL: share of held-out rows identical to a training row 0.005 (1 of all 200 held-out rows,"
                + " no sampling error) exceeds the tolerance 0 set by `max-copied-share`"), copied.summary());
    }

    @Test
    void countedChecksStateTheirRuleAndToleranceAndHonourIt() throws Exception {
        int[] y = new int[100];
        float[][] x = clean(100, 6, y);
        for (int i = 0; i < 100; i++) y[i] = i < 80 ? 0 : 1; // 4 to 1
        Verdict imbalanced = verdict(new ClassBalanceExplainer().explain(ctx(x, y, null, null)));
        assertEquals(Verdict.Outcome.WARN, imbalanced.outcome());
        assertTrue(imbalanced.summary().contains("4 (counted on all 100 training rows, no sampling error) exceeds the tolerance 3 set by"
                + " `max-imbalance`"), imbalanced.summary());
        assertEquals(Verdict.Outcome.PASS, verdict(new ClassBalanceExplainer().explain(ctx(x, y, null, null).with("max-imbalance", "4"))).outcome());

        x[2][1] = Float.NaN;
        Verdict missing = verdict(new MissingValuesExplainer().explain(ctx(x, y, null, null)));
        assertEquals(Verdict.Outcome.FAIL, missing.outcome());
        assertTrue(missing.summary().contains("0.010 (1 of all 100 rows of the splits, no sampling error) exceeds the tolerance 0 set by"
                + " `max-missing-share`"), missing.summary());
        assertEquals(Verdict.Outcome.PASS, verdict(new MissingValuesExplainer().explain(ctx(x, y, null, null).with("max-missing-share", "0.01"))).outcome());

        x[3] = x[4].clone();
        y[3] = y[4];
        assertEquals(Verdict.Outcome.WARN, verdict(new DuplicateRowsExplainer().explain(ctx(x, y, null, null))).outcome());
        assertEquals(Verdict.Outcome.PASS, verdict(new DuplicateRowsExplainer().explain(ctx(x, y, null, null).with("max-duplicate-share", "0.01"))).outcome());

        for (int i = 0; i < 100; i++) x[i][3] = 7f;
        Verdict constant = verdict(new ConstantFeaturesExplainer().explain(ctx(x, y, null, null)));
        assertEquals(Verdict.Outcome.WARN, constant.outcome());
        assertTrue(constant.summary().contains("exceeds the tolerance 0 set by `max-near-constant-features`"), constant.summary());
        assertEquals(Verdict.Outcome.PASS, verdict(new ConstantFeaturesExplainer().explain(ctx(x, y, null, null).with("max-near-constant-features", "1"))).outcome());
    }
}
