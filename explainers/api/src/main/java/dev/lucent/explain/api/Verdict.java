package dev.lucent.explain.api;

import java.util.List;

/**
 * A judgement an auditor can act on: the outcome, the evidence behind it and a remedy in plain words.
 */
public record Verdict(String title, Stage stage, Outcome outcome, String summary, List<String> evidence,
                      String remedy) implements Finding {
    public Verdict {
        evidence = List.copyOf(evidence);
    }

    /**
     * The verdict of an explainer that cannot handle this model or data, saying why (and what to use instead,
     * when there is something). Unmet {@link ExplainerInfo#needs() needs} are the runner's to report; this is
     * for what only the explainer can see (a split with one class, a layer that is not convolutional).
     */
    public static Verdict notApplicable(String title, Stage stage, String why, String remedy) {
        return new Verdict(title, stage, Outcome.NOT_APPLICABLE, why, List.of(), remedy);
    }

    /** {@link #notApplicable(String, Stage, String, String)} with no remedy. */
    public static Verdict notApplicable(String title, Stage stage, String why) {
        return notApplicable(title, stage, why, "");
    }

    public enum Outcome {
        PASS, WARN, FAIL,
        /** The explainer cannot handle this model or data; the summary says why. */
        NOT_APPLICABLE,
        /** The explainer failed (threw, timed out, ran out of memory); the summary says how. */
        ERROR
    }
}
