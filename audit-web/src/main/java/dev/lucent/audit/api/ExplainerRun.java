package dev.lucent.audit.api;

import dev.lucent.explain.api.Finding;
import java.util.List;
import java.util.Objects;

/**
 * One explainer's part of an audit.
 *
 * @param status   OK (its findings may be one NOT_APPLICABLE verdict, also when the runner found a declared need
 *                 unmet and did not run it), or ERROR when it threw, overran its limits or its worker died (the
 *                 findings then hold one ERROR verdict saying how), or SKIPPED when it was quarantined
 * @param millis   wall time of the run (not part of the findings hash)
 * @param cpuMillis CPU time of the worker JVM while it ran (all its threads, the JIT's and collector's included), or
 *                 -1 where not measured (not run, a worker that died, an older report); beside {@code millis} it says
 *                 whether a run over its limit had the CPU its plan assumed or waited for a loaded machine
 */
public record ExplainerRun(ExplainerRef explainer, Status status, List<Finding> findings, long millis, long cpuMillis) {

    /** A run whose CPU time was not measured. */
    public ExplainerRun(ExplainerRef explainer, Status status, List<Finding> findings, long millis) {
        this(explainer, status, findings, millis, -1);
    }

    public enum Status { OK, ERROR, SKIPPED }

    public ExplainerRun {
        Objects.requireNonNull(explainer, "explainer");
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
    }

    /**
     * Whether the run found its explainer not applicable: it gave verdicts, all NOT_APPLICABLE, and nothing else (an
     * unmet need, or the explainer's own check). Progress shows it as such, not as "ok".
     */
    public boolean notApplicable() {
        return !findings.isEmpty() && findings.stream().allMatch(f -> f instanceof dev.lucent.explain.api.Verdict v
                && v.outcome() == dev.lucent.explain.api.Verdict.Outcome.NOT_APPLICABLE);
    }

    public String explainerId() {
        return explainer.id();
    }

    public String name() {
        return explainer.name();
    }

    public String version() {
        return explainer.version();
    }

    public String family() {
        return explainer.family();
    }

    public String bundle() {
        return explainer.bundle();
    }

    public String bundleVersion() {
        return explainer.bundleVersion();
    }
}
