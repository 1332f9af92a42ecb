package dev.lucent.spark;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.partition.ExactSum;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.RowBlock;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A partitioned explainer for the runner's tests, written before the built-ins are: class counts, correct
 * predictions and the exact sum of per-row binary cross-entropy, merged across blocks.
 */
public final class CountsAndLoss implements PartitionedExplainer<CountsAndLoss.Summary> {
    static final ExplainerInfo INFO = new ExplainerInfo("test-counts", "Counts and loss (test)", "1.0.0", "test",
            "class counts, accuracy and mean loss from mergeable summaries", Set.of());

    public static final class Summary implements Serializable {
        private static final long serialVersionUID = 1L;
        long rows, correct, positives;
        final ExactSum loss = new ExactSum();
    }

    @Override
    public ExplainerInfo info() {
        return INFO;
    }

    @Override
    public Summary emptySummary(AuditContext context) {
        return new Summary();
    }

    @Override
    public Summary summarize(AuditContext context, RowBlock block) {
        Summary s = new Summary();
        float[] logits = block.outputs().toArray();
        int[] labels = block.rows().labels();
        for (int i = 0; i < block.size(); i++) {
            double z = logits[i];
            int y = labels[i];
            s.rows++;
            s.positives += y;
            if ((z > 0 ? 1 : 0) == y) s.correct++;
            // -log sigmoid(z) for y = 1, -log(1 - sigmoid(z)) for y = 0, in the stable form
            double t = y == 1 ? -z : z;
            s.loss.add(Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))));
        }
        return s;
    }

    @Override
    public Summary merge(Summary a, Summary b) {
        a.rows += b.rows;
        a.correct += b.correct;
        a.positives += b.positives;
        a.loss.merge(b.loss);
        return a;
    }

    @Override
    public List<Finding> findings(AuditContext context, Summary s) {
        return List.of(new Metric("rows", Stage.VALIDATION, "rows", s.rows, Double.NaN, Double.NaN, Double.NaN, ""),
                new Metric("positives", Stage.VALIDATION, "positives", s.positives, Double.NaN, Double.NaN, Double.NaN, ""),
                new Metric("correct", Stage.VALIDATION, "correct", s.correct, Double.NaN, Double.NaN, Double.NaN, ""),
                new Metric("accuracy", Stage.VALIDATION, "accuracy", (double) s.correct / s.rows, Double.NaN, Double.NaN, Double.NaN, ""),
                new Metric("mean loss", Stage.VALIDATION, "mean binary cross-entropy", s.loss.value() / s.rows, Double.NaN, Double.NaN, Double.NaN, ""));
    }
}
