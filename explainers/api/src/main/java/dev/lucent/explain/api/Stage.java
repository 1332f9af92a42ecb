package dev.lucent.explain.api;

/** The stage of a model's lifecycle a finding speaks to; reports are ordered by it. */
public enum Stage {
    DATA("Data"),
    DESIGN("Design"),
    TRAINING("Training"),
    VALIDATION("Validation"),
    EXPLANATIONS("Explanations"),
    DEPLOYMENT_READINESS("Readiness for deployment");

    private final String title;

    Stage(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
