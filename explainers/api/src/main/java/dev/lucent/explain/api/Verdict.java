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

    public enum Outcome {
        PASS, WARN, FAIL,
        /** The explainer cannot handle this model or data; the summary says why. */
        NOT_APPLICABLE,
        /** The explainer failed (threw, timed out, ran out of memory); the summary says how. */
        ERROR
    }
}
