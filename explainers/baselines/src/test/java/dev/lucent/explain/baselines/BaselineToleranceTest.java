package dev.lucent.explain.baselines;

import static dev.lucent.explain.baselines.BaselinesTest.ctx;
import static dev.lucent.explain.baselines.BaselinesTest.metric;
import static dev.lucent.explain.baselines.BaselinesTest.verdict;
import static dev.lucent.explain.baselines.BaselinesTest.xor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.TestContext;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The baselines judge the network's advantage by the one tolerance rule against {@code min-advantage}. */
class BaselineToleranceTest {

    @Test
    void anAdvantageWhoseIntervalStraddlesTheRequiredMarginWarnsAndOneWhollyShortFails() throws Exception {
        int[] ty = new int[200];
        int[] sy = new int[200];
        TestContext c = ctx(BaselinesTest.XOR_NET, xor(200, 3, ty), ty, xor(200, 4, sy), sy);
        List<Finding> plain = new LogisticRegressionBaselineExplainer().explain(c);
        Metric diff = metric(plain, "accuracy difference");
        assertTrue(diff.lower() > 0 && diff.upper() > diff.lower(), diff.toString());
        Verdict pass = verdict(plain);
        assertEquals(Verdict.Outcome.PASS, pass.outcome());
        assertTrue(pass.summary().startsWith("PASS: network minus logistic regression accuracy") && pass.summary().contains(
                "meets the requirement 0.01 set by `min-advantage`"), pass.summary());

        // a margin inside the interval: the data cannot show the network is that much better, nor that it is not
        String margin = String.format(Locale.ROOT, "%.4f", diff.value());
        Verdict straddles = verdict(new LogisticRegressionBaselineExplainer().explain(
                ctx(BaselinesTest.XOR_NET, xor(200, 3, ty), ty, xor(200, 4, sy), sy).with("min-advantage", margin)));
        assertEquals(Verdict.Outcome.WARN, straddles.outcome(), straddles.summary());
        assertTrue(straddles.summary().contains("may fall short of the requirement " + margin.replaceAll("0+$", "")), straddles.summary());

        // a margin above the whole interval: the network is not that much better, though better: a warning
        Verdict shortOf = verdict(new LogisticRegressionBaselineExplainer().explain(
                ctx(BaselinesTest.XOR_NET, xor(200, 3, ty), ty, xor(200, 4, sy), sy).with("min-advantage", "0.9")));
        assertEquals(Verdict.Outcome.WARN, shortOf.outcome(), shortOf.summary());
        assertTrue(shortOf.summary().contains("falls short of the requirement 0.9 set by `min-advantage`: the whole interval is below it"),
                shortOf.summary());

        // a tree matches the network exactly: an advantage of 0 (interval 0 to 0) is short of the default 0.01
        Verdict tie = verdict(new DecisionTreeBaselineExplainer().explain(c));
        assertEquals(Verdict.Outcome.WARN, tie.outcome(), tie.summary());
        assertTrue(tie.summary().contains("0.000 (95% interval 0.000 to 0.000) falls short of the requirement 0.01"), tie.summary());
    }
}
