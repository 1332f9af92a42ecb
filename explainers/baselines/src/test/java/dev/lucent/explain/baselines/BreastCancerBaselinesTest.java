package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The baselines against an engine-trained MLP on the breast cancer data. */
class BreastCancerBaselinesTest {

    @Test
    void logisticRegressionAndATreeOnBreastCancer() throws Exception {
        BreastCancer.Data d = BreastCancer.load(1);
        Model m = BreastCancer.trainedMlp(d);
        TestContext c = Fixtures.context(m, d.schema(), d.train(), d.test());
        List<Finding> lr = new LogisticRegressionBaselineExplainer().explain(c);
        Metric acc = BaselinesTest.metric(lr, "logistic regression accuracy");
        // Published results for L2 logistic regression on this data set lie around 0.95-0.98 held-out accuracy.
        assertTrue(acc.value() > 0.93, "logistic regression accuracy " + acc.value());
        Metric diff = BaselinesTest.metric(lr, "accuracy difference");
        Verdict v = BaselinesTest.verdict(lr);
        System.out.println("breast cancer: LR " + acc.value() + ", network - LR " + diff.value() + " [" + diff.lower() + ", "
                + diff.upper() + "] -> " + v.outcome());
        // the one tolerance rule against min-advantage 0.01: wholly at least it passes, wholly below 0 fails, else a warning
        assertEquals(diff.lower() >= 0.01 ? Verdict.Outcome.PASS : diff.upper() < 0 ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN, v.outcome());
        lr.stream().filter(f -> f instanceof dev.lucent.explain.api.FeatureAttribution).forEach(f ->
                System.out.println("breast cancer: " + ((dev.lucent.explain.api.FeatureAttribution) f).note()));
        List<Finding> tree = new DecisionTreeBaselineExplainer().explain(c);
        Metric treeAcc = BaselinesTest.metric(tree, "decision tree (depth 5) accuracy");
        assertTrue(treeAcc.value() > 0.85, "tree accuracy " + treeAcc.value());
        System.out.println("breast cancer: tree " + treeAcc.value() + " -> " + BaselinesTest.verdict(tree).outcome());
    }
}
