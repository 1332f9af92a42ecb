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

    /**
     * A stored report in short.
     *
     * @param journalHash    the hash of its journal entry (what sign-offs bind to)
     * @param signature      the entry's Ed25519 signature (hex)
     * @param publicKeyPem   the instance key that signed it
     */
    record StoredReport(String id, String title, java.time.Instant finished, String reportHash, String findingsHash,
                        int pass, int warn, int fail, int error, long journalIndex, String journalHash, String signature,
                        String keyFingerprint, String publicKeyPem) {
    }
}
