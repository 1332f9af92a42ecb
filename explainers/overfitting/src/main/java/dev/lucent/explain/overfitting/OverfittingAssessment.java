package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Weighs the signs of overfitting into one verdict with a remedy in plain words. The signs, each judged beyond
 * its confidence interval so noise alone does not raise them:
 * <ol>
 * <li>a generalisation gap: held-out error exceeds training error by more than {@code maxErrorGap} (classifiers),
 *     or held-out loss exceeds training loss by more than {@code maxRelativeLossGap} of it (regression);</li>
 * <li>memorisation: the loss-threshold membership attack's AUC exceeds {@code maxMembershipAuc};</li>
 * <li>the validation loss rose after an earlier minimum while the training loss kept falling, and the weights of
 *     the last epoch rather than the best one were kept.</li>
 * </ol>
 * None: PASS; one: WARN; two or more, or a gap twice the tolerance, or an attack AUC above tolerance + 0.1: FAIL.
 */
record OverfittingAssessment(Verdict.Outcome outcome, String summary, List<String> evidence, String remedy) {

    record Limits(double maxErrorGap, double maxRelativeLossGap, double maxMembershipAuc) {
    }

    static OverfittingAssessment of(GeneralisationGap errorGap, GeneralisationGap lossGap, MembershipInference membership,
                                    EarlyStopping stopping, int keptEpoch, double trainAccuracy, int trainRows, Limits limits) {
        List<String> evidence = new ArrayList<>();
        List<String> signs = new ArrayList<>();
        boolean severe = false;
        boolean gapSign;
        if (errorGap != null) {
            double lower = errorGap.interval().lower();
            gapSign = lower > limits.maxErrorGap();
            severe = lower > 2 * limits.maxErrorGap();
            evidence.add("held-out error " + Outputs.fmt(errorGap.heldOut()) + " vs training error " + Outputs.fmt(errorGap.train())
                    + ": gap " + Outputs.fmt(errorGap.gap()) + " (" + Outputs.fmt(lower) + " to " + Outputs.fmt(errorGap.interval().upper()) + ")");
        } else {
            double rel = lossGap.interval().lower() / Math.max(1e-12, lossGap.train());
            gapSign = rel > limits.maxRelativeLossGap();
            severe = rel > 2 * limits.maxRelativeLossGap();
        }
        evidence.add("held-out loss " + Outputs.fmt(lossGap.heldOut()) + " vs training loss " + Outputs.fmt(lossGap.train()) + ": gap "
                + Outputs.fmt(lossGap.gap()) + " (" + Outputs.fmt(lossGap.interval().lower()) + " to " + Outputs.fmt(lossGap.interval().upper()) + ")");
        if (gapSign) signs.add("a generalisation gap");
        boolean memSign = membership.interval().lower() > limits.maxMembershipAuc();
        // As the membership explainer judges it: an attack AUC surely above tolerance + 0.1 fails on its own.
        severe |= membership.interval().lower() > limits.maxMembershipAuc() + 0.1;
        evidence.add("membership-inference AUC " + Outputs.fmt(membership.auc()) + " (" + Outputs.fmt(membership.interval().lower()) + " to "
                + Outputs.fmt(membership.interval().upper()) + "); 0.5 is no leak");
        if (memSign) signs.add("memorised training rows");
        // Training past the best epoch is harmless when the best epoch's weights were restored.
        boolean esSign = stopping != null && stopping.overfitsAfterBest() && keptEpoch != stopping.bestEpoch();
        if (stopping != null)
            evidence.add("validation loss lowest at epoch " + stopping.bestEpoch() + " of " + stopping.lastEpoch() + ", "
                    + Outputs.fmt(100 * stopping.relativeRise()) + "% higher at the end");
        if (esSign) signs.add("validation loss rising after epoch " + stopping.bestEpoch());

        Verdict.Outcome outcome = signs.isEmpty() ? Verdict.Outcome.PASS
                : signs.size() >= 2 || severe ? Verdict.Outcome.FAIL : Verdict.Outcome.WARN;
        String summary = signs.isEmpty() ? "No sign of overfitting beyond the confidence intervals."
                : "The model overfits: " + String.join(", ", signs) + ".";
        List<String> remedies = new ArrayList<>();
        if (esSign) remedies.add("stop training at epoch " + stopping.bestEpoch() + " (early stopping on the validation loss)");
        if (gapSign || memSign) {
            remedies.add("add L2 weight decay and/or dropout");
            remedies.add("train on more data (only " + trainRows + " training rows now)");
            if (trainAccuracy >= 0.99) remedies.add("or use a smaller model: this one fits its training rows almost perfectly");
        }
        String remedy = remedies.isEmpty() ? "" : capitalise(String.join("; ", remedies)) + ".";
        return new OverfittingAssessment(outcome, summary, evidence, remedy);
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
