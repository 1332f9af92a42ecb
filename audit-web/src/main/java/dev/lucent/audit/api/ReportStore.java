package dev.lucent.audit.api;

import java.util.List;
import java.util.Optional;

/** Where reports are kept: appended to the signed journal, never edited. */
public interface ReportStore {

    /** Stores a sealed report (its hashes are checked first). */
    StoredReport save(AuditReport report) throws JournalException;

    /** A stored report by id; its hashes are checked as it is read. */
    Optional<AuditReport> find(String id) throws JournalException;

    /** Every stored report, newest first. */
    List<StoredReport> list() throws JournalException;

    /** One stored report in short, with its journal check; empty when there is none or it is not a readable report. */
    Optional<StoredReport> stored(String id) throws JournalException;

    /**
     * A stored report in short.
     *
     * @param journalHash    the hash of its journal entry (what sign-offs bind to)
     * @param signature      the entry's Ed25519 signature (hex)
     * @param publicKeyPem   the instance key that signed it
     * @param problem        why its journal entry is not genuine (see {@link ReportJournal#problem}), or null when it is
     */
    record StoredReport(String id, String title, java.time.Instant finished, String reportHash, String findingsHash,
                        int pass, int warn, int fail, int error, int notApplicable, String subtitle, long journalIndex, String journalHash, String signature,
                        String keyFingerprint, String publicKeyPem, String problem) {

        /** Whether the journal vouches for it: only then do its verdicts count. */
        public boolean genuine() {
            return problem == null;
        }

        /** The same report with another journal check. */
        public StoredReport withProblem(String why) {
            return new StoredReport(id, title, finished, reportHash, findingsHash, pass, warn, fail, error, notApplicable, subtitle, journalIndex,
                    journalHash, signature, keyFingerprint, publicKeyPem, why);
        }
    }
}
