package dev.lucent.audit.api;

import java.util.List;

/**
 * Runs audits: the one service the console and the CLI both use. Explainers run in a worker JVM (the same
 * jar in worker mode, heap-limited), never on the caller's thread; an explainer that throws, overruns its
 * time limit or kills its worker becomes an ERROR verdict naming it while the others finish. An explainer
 * that failed {@link #QUARANTINE_AFTER} audits in a row is quarantined: not run by default until re-enabled.
 */
public interface AuditRunner {

    int QUARANTINE_AFTER = 3;

    /**
     * Runs an audit to the end and returns its sealed report. Blocks: call it from a job thread.
     *
     * @throws AuditException naming the problem when the model or data cannot be used (nothing was run)
     * @throws java.util.concurrent.CancellationException when {@link AuditProgress#cancelled()} turned true
     */
    AuditReport run(AuditRequest request, AuditProgress progress) throws AuditException;

    /**
     * Re-runs an audit to prove it reproduces: {@code request} must name the same model and data files (their
     * SHA-256 are checked against the original's provenance before anything runs), and the original's seed,
     * explainers and parameters are used.
     *
     * @throws AuditException when a file differs from the one audited, or as {@link #run}
     */
    AuditReport replayOf(AuditReport original, AuditRequest request, AuditProgress progress) throws AuditException;

    /** {@link #replayOf} and the comparison of findings hashes. */
    default Replay replay(AuditReport original, AuditRequest request, AuditProgress progress) throws AuditException {
        AuditReport again = replayOf(original, request, progress);
        return new Replay(original.findingsHash().equals(again.findingsHash()), original.findingsHash(), again.findingsHash(), again);
    }

    /** Installed explainers with their failure streaks and quarantine state, by id. */
    List<ExplainerState> explainers();

    /** Lifts an explainer's quarantine and resets its failure streak. */
    void reenable(String explainerId);
}
