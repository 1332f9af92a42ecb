package dev.lucent.audit.api;

import java.util.Collection;
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
     * {@link #run} and the report appended to {@code store}: what the console and the CLI both do with an audit, in
     * one place. A report the journal refuses is still returned, with the reason; so is one with no store to go to.
     *
     * @param store null when no report journal is available
     */
    default Audited runAndStore(AuditRequest request, AuditProgress progress, ReportStore store) throws AuditException {
        AuditReport report = run(request, progress);
        if (store == null) return new Audited(report, null, "no report journal is available");
        try {
            return new Audited(report, store.save(report), null);
        } catch (JournalException | RuntimeException e) {
            return new Audited(report, null, String.valueOf(e.getMessage()));
        }
    }

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

    /**
     * The quarantine rule, the one place it is written, for the console and the CLI alike. An audit that names no
     * explainers runs every installed one that is not quarantined (this list), and its report lists each
     * quarantined one as not run ({@link ExplainerRun.Status#SKIPPED}, saying why): nothing is left out silently.
     * An audit that names a quarantined explainer is refused before anything runs ({@link #refuseQuarantined}): an
     * auditor who asked for a check must not get a report, perhaps a passing one, without it.
     */
    default List<String> offered() {
        return explainers().stream().filter(e -> !e.quarantined()).map(ExplainerState::id).distinct().toList();
    }

    /** The explainers an audit that names none leaves out, and lists as not run. */
    default List<String> quarantined() {
        return explainers().stream().filter(ExplainerState::quarantined).map(ExplainerState::id).distinct().toList();
    }

    /** Refuses an audit that names a quarantined explainer (see {@link #offered()}), saying how to re-enable it. */
    default void refuseQuarantined(Collection<String> named) throws AuditException {
        for (ExplainerState e : explainers())
            if (e.quarantined() && named.contains(e.id()))
                throw new AuditException("the explainer '" + e.id() + "' is quarantined after " + e.failureStreak()
                        + " failed runs in a row; re-enable it (the console's Plugins page, or lucent explainers --enable "
                        + e.id() + ") or leave it out of the audit");
    }

    /** Lifts an explainer's quarantine and resets its failure streak. */
    void reenable(String explainerId);
}
