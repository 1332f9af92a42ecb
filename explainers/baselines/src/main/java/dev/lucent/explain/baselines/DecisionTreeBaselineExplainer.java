package dev.lucent.explain.baselines;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Parameters;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/** A depth-limited CART tree (parameters {@code max-depth}, default 5, {@code min-samples-leaf}, default 1) against the network. */
@Component(service = Explainer.class)
public final class DecisionTreeBaselineExplainer implements Explainer {

    static final ExplainerInfo INFO = new ExplainerInfo("baseline-tree", "Decision-tree baseline", "1.0.0", "baselines",
            "Whether the network beats a small decision tree trained on the same data: is deep learning needed here?",
            Set.of(ExplainerInfo.Need.LABELS, ExplainerInfo.Need.HELD_OUT_SPLIT),
            Parameters.of(List.of(Parameter.whole("max-depth", "5", 1, 64, "the tree's greatest depth"),
                    Parameter.whole("min-samples-leaf", "1", 1, "fewest training rows in a leaf"),
                    Parameter.whole("max-train-rows", "5000", 1, "training rows the baseline is fitted on (a seeded sample when there are more)"), Baseline.MIN_ADVANTAGE),
                    Parameters.bootstrap()));

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public List<Finding> explain(AuditContext context) throws AuditCancelledException {
        Verdict refusal = Baseline.refusal(context, INFO.name());
        if (refusal != null) return List.of(refusal);
        int depth = context.intParameter("max-depth", 5);
        int minLeaf = context.intParameter("min-samples-leaf", 1);
        int classes = context.schema().classNames().size();
        int[] checks = {0};
        Baseline.Training training = Baseline.training(context);
        DecisionTree tree = DecisionTree.fit(training.x(), training.labels(), classes, depth, minLeaf, () -> {
            context.checkCancelled();
            // The number of checks depends on the data; progress creeps towards 0.7 without claiming more.
            context.progress(0.7 * (1 - Math.pow(0.98, ++checks[0])), "growing the decision tree");
        });
        double[][] test = Baseline.rows(context.test().get());
        int[] baseline = new int[test.length];
        for (int i = 0; i < test.length; i++) baseline[i] = tree.predict(test[i]);
        int[] network = Baseline.networkPredictions(context, context.test().get());
        List<Finding> out = Baseline.compare(context, "decision tree (depth " + depth + ")", training.note(), context.test().get().labels(), network,
                baseline, 0.75);
        context.progress(1.0, "done");
        return out;
    }
}
