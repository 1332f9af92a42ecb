package dev.lucent.explain.overfitting;

import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.support.Tolerance;
import java.util.ArrayList;
import java.util.List;

/**
 * Weighs the signs of overfitting into one verdict with a remedy in plain words. Each sign with an interval is judged by
 * the shared rule ({@link Tolerance}: the whole interval within the tolerance passes, wholly past it is a sign, straddling
 * it cannot pass):
 * <ol>
 * <li>a generalisation gap: held-out minus training error rate against {@code max-error-gap} (classifiers), or
 *     held-out loss over training loss, minus 1, against {@code max-relative-loss-gap} (regression);</li>
 * <li>memorisation: the loss-threshold membership attack's AUC against {@code max-membership-auc};</li>
 * <li>the validation loss rose more than {@code tolerance} after an earlier minimum while the training loss kept falling,
 *     and the weights of the last epoch rather than the best one were kept.</li>
 * </ol>
 * No sign and nothing undecided: PASS; only undecided, or one sign: WARN; two or more signs, a gap surely twice the
 * tolerance, or an attack AUC surely above tolerance + 0.1: FAIL. The summary is built from what was measured, so a
 * gap whose interval excludes zero is called a gap even when it is tolerated.
 */
record OverfittingAssessment(Verdict.Outcome outcome, String summary, List<String> evidence, String remedy) {

    /**
     * @param confidence            the intervals' confidence level
     * @param stoppingTolerance     the relative rise of the validation loss that counts (parameter {@code tolerance})
     */
    record Limits(double maxErrorGap, double maxRelativeLossGap, double maxMembershipAuc, double confidence, double stoppingTolerance) {
    }

    static OverfittingAssessment of(GeneralisationGap errorGap, GeneralisationGap lossGap, MembershipInference membership,
                                    EarlyStopping stopping, int keptEpoch, double trainAccuracy, int trainRows, Limits limits) {
        List<String> evidence = new ArrayList<>();
        List<String> signs = new ArrayList<>();
        List<Tolerance.Judged> judged = new ArrayList<>();
        boolean severe;
        Tolerance.Judged gap;
        GeneralisationGap measured;
        if (errorGap != null) {
            measured = errorGap;
            gap = Tolerance.atMost("held-out minus training error rate", errorGap.gap(), errorGap.interval().lower(),
                    errorGap.interval().upper(), limits.confidence(), limits.maxErrorGap(), "max-error-gap");
            severe = errorGap.interval().lower() > 2 * limits.maxErrorGap();
            evidence.add("held-out error " + Outputs.fmt(errorGap.heldOut()) + " vs training error " + Outputs.fmt(errorGap.train())
                    + ": gap " + Outputs.fmt(errorGap.gap()) + " (" + Outputs.fmt(errorGap.interval().lower()) + " to "
                    + Outputs.fmt(errorGap.interval().upper()) + ")");
        } else {
            measured = lossGap;
            double train = Math.max(1e-12, lossGap.train());
            gap = Tolerance.atMost("relative loss gap (held-out over training loss, minus 1)", lossGap.gap() / train,
                    lossGap.interval().lower() / train, lossGap.interval().upper() / train, limits.confidence(),
                    limits.maxRelativeLossGap(), "max-relative-loss-gap");
            severe = lossGap.interval().lower() / train > 2 * limits.maxRelativeLossGap();
        }
        judged.add(gap);
        evidence.add("held-out loss " + Outputs.fmt(lossGap.heldOut()) + " vs training loss " + Outputs.fmt(lossGap.train()) + ": gap "
                + Outputs.fmt(lossGap.gap()) + " (" + Outputs.fmt(lossGap.interval().lower()) + " to " + Outputs.fmt(lossGap.interval().upper()) + ")");
        if (gap.beyond()) signs.add("a generalisation gap");
        Tolerance.Judged mem = Tolerance.atMost("membership-attack AUC", membership.auc(), membership.interval().lower(),
                membership.interval().upper(), limits.confidence(), limits.maxMembershipAuc(), "max-membership-auc");
        judged.add(mem);
        // As the membership explainer judges it: an attack AUC surely above tolerance + 0.1 fails on its own.
        severe |= membership.interval().lower() > limits.maxMembershipAuc() + 0.1;
        evidence.add("membership-inference AUC " + Outputs.fmt(membership.auc()) + " (" + Outputs.fmt(membership.interval().lower()) + " to "
                + Outputs.fmt(membership.interval().upper()) + "); 0.5 is no leak");
        if (mem.beyond()) signs.add("memorised training rows");
        // Training past the best epoch is harmless when the best epoch's weights were restored.
        boolean esSign = stopping != null && stopping.overfitsAfterBest() && keptEpoch != stopping.bestEpoch();
        String stoppingSentence = null;
        if (stopping != null) {
            evidence.add("validation loss lowest at epoch " + stopping.bestEpoch() + " of " + stopping.lastEpoch() + ", "
                    + Outputs.fmt(100 * stopping.relativeRise()) + "% higher at the end");
            stoppingSentence = "the validation loss ended " + Outputs.fmt(100 * stopping.relativeRise()) + "% above its lowest (epoch "
                    + stopping.bestEpoch() + ") " + (stopping.relativeRise() > limits.stoppingTolerance() ? "past" : "within")
                    + " the tolerance " + Outputs.fmt(100 * limits.stoppingTolerance()) + "% set by `tolerance`"
                    + (esSign ? ", and the last epoch's weights were kept" : stopping.overfitsAfterBest() ? ", but the best epoch's weights were kept" : "");
        }
        if (esSign) signs.add("validation loss rising after epoch " + stopping.bestEpoch());
        boolean undecided = judged.stream().anyMatch(j -> j.position() == Tolerance.Position.STRADDLES);

        Verdict.Outcome outcome = signs.size() >= 2 || severe && !signs.isEmpty() ? Verdict.Outcome.FAIL
                : !signs.isEmpty() || undecided ? Verdict.Outcome.WARN : Verdict.Outcome.PASS;
        // the opening is worded from the evidence: a gap whose interval excludes zero is a gap, tolerated or not
        String opening = !signs.isEmpty() ? "The model overfits: " + String.join(", ", signs) + "."
                : undecided ? "Overfitting cannot be ruled out: an interval reaches past its tolerance."
                : measured.interval().lower() > 0 ? "The model does worse on held-out rows than on its training rows, within the tolerances."
                : "No gap beyond chance between training and held-out rows.";
        List<String> sentences = new ArrayList<>();
        for (Tolerance.Judged j : judged) sentences.add(j.sentence());
        if (stoppingSentence != null) sentences.add(stoppingSentence);
        String summary = outcome + ": " + opening + " " + capitalise(String.join("; ", sentences)) + ".";
        List<String> remedies = new ArrayList<>();
        if (esSign) remedies.add("stop training at epoch " + stopping.bestEpoch() + " (early stopping on the validation loss)");
        if (gap.beyond() || mem.beyond()) {
            remedies.add("add L2 weight decay and/or dropout");
            remedies.add("train on more data (only " + trainRows + " training rows now)");
            if (trainAccuracy >= 0.99) remedies.add("or use a smaller model: this one fits its training rows almost perfectly");
        } else if (undecided) {
            remedies.add("audit with more held-out rows to narrow the intervals before deciding");
        }
        String remedy = remedies.isEmpty() ? "" : capitalise(String.join("; ", remedies)) + ".";
        return new OverfittingAssessment(outcome, summary, evidence, remedy);
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
