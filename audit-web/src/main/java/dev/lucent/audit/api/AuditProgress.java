package dev.lucent.audit.api;

/** Where an audit reports progress, and how it is cancelled. Called from the runner's own threads. */
public interface AuditProgress {

    AuditProgress NONE = e -> { };

    void update(Event event);

    /** Polled while the audit runs; true stops it (the worker is killed). */
    default boolean cancelled() {
        return false;
    }

    /**
     * @param explainerId the explainer concerned, or null for the audit as a whole
     * @param index       0-based position of the explainer in the audit
     * @param total       explainers in the audit
     * @param fraction    the explainer's own progress in [0, 1]
     */
    record Event(String explainerId, int index, int total, double fraction, String message) {
    }
}
