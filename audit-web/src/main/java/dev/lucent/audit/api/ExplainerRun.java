package dev.lucent.audit.api;

import dev.lucent.explain.api.Finding;
import java.util.List;
import java.util.Objects;

/**
 * One explainer's part of an audit.
 *
 * @param status   OK, or ERROR when it threw, overran its limits or its worker died (the findings then hold
 *                 one ERROR verdict saying how), or SKIPPED when it was quarantined
 * @param millis   wall time of the run (not part of the findings hash)
 */
public record ExplainerRun(String explainerId, String name, String version, String family, String bundle,
                           String bundleVersion, Status status, List<Finding> findings, long millis) {

    public enum Status { OK, ERROR, SKIPPED }

    public ExplainerRun {
        Objects.requireNonNull(explainerId, "explainerId");
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
    }
}
