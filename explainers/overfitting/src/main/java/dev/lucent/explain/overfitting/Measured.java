package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Bootstrap;
import dev.lucent.network.api.DataSplit;
import java.util.List;

/**
 * Per-row losses and errors of the model on the training and held-out splits: the raw material of the gap,
 * the membership test and the overall verdict. Errors (1 - correct) exist for classifiers only.
 */
record Measured(double[] trainLoss, double[] heldOutLoss, double[] trainError, double[] heldOutError, int trainRows,
                String heldOutName) {

    /** What the declared need (a held-out split) does not cover: labels or targets missing from a split. */
    static Verdict refusal(AuditContext context, String title) {
        boolean cls = Outputs.isClassifier(context);
        if (cls && (context.train().labels() == null || context.test().get().labels() == null))
            return Verdict.notApplicable(title, Stage.TRAINING, "The splits carry no class labels.");
        if (!cls && (context.train().targets() == null || context.test().get().targets() == null))
            return Verdict.notApplicable(title, Stage.TRAINING, "The splits carry no regression targets.");
        return null;
    }

    static Measured of(AuditContext context) throws AuditCancelledException {
        DataSplit train = context.train();
        DataSplit test = context.test().orElseThrow();
        double[][] pt = Outputs.raw(context, context.model(), train);
        context.progress(0.1, "model outputs on " + train.name());
        double[][] ph = Outputs.raw(context, context.model(), test);
        context.progress(0.2, "model outputs on " + test.name());
        boolean binary = Outputs.binary(context.model());
        if (Outputs.isClassifier(context))
            return new Measured(PerRowLoss.crossEntropy(pt, train.labels(), binary), PerRowLoss.crossEntropy(ph, test.labels(), binary),
                    PerRowLoss.errors(pt, train.labels(), binary), PerRowLoss.errors(ph, test.labels(), binary), train.rows(), test.name());
        return new Measured(PerRowLoss.squaredError(pt, train.targets()), PerRowLoss.squaredError(ph, test.targets()), null, null,
                train.rows(), test.name());
    }

    /**
     * At most {@code max} of the values, by a seeded partial shuffle (order kept). The attack's AUC is a
     * probability over pairs, unbiased under sampling; sampling keeps its bootstrap (a sort per resample) quick
     * on large training sets.
     */
    static double[] sample(double[] values, int max, long seed) {
        if (values.length <= max) return values;
        int[] idx = Bootstrap.identity(values.length);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(values.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(idx, max);
        java.util.Arrays.sort(chosen);
        double[] out = new double[max];
        for (int i = 0; i < max; i++) out[i] = values[chosen[i]];
        return out;
    }

    static Bootstrap bootstrap(AuditContext context) {
        return new Bootstrap(context.intParameter("bootstrap-resamples", 1000), context.doubleParameter("confidence", 0.95));
    }

    static Bootstrap.Checkpoint checkpoint(AuditContext context, double from, double to, String what) {
        return (done, total) -> {
            context.checkCancelled();
            context.progress(from + (to - from) * done / total, what + " " + done + " of " + total);
        };
    }
}
