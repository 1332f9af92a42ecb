package dev.lucent.audit.api;

import java.security.PublicKey;
import java.util.List;

/**
 * The append-only, hash-chained, Ed25519-signed journal of reports and sign-offs kept in the data folder.
 * Nothing in it is ever edited: a sign-off is a new entry referring to a report.
 */
public interface ReportJournal {

    /** Appends a report (its JSON or other bytes) under {@code reportId}; ids are unique in a journal. */
    JournalEntry appendReport(String reportId, byte[] report) throws JournalException;

    /**
     * Appends a reviewer's sign-off of an existing report as its own signed entry.
     *
     * @throws JournalException when the report is not in the journal
     */
    JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision, String comment)
            throws JournalException;

    /**
     * A sign-off carrying the idempotency key of the form it came from ({@code requestKey}, or null), stored in
     * its payload so that a retried submission can be recognised, also after a restart.
     */
    JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision, String comment,
                         String requestKey) throws JournalException;

    /** The sign-off of this report by this reviewer stored with this form key, if there is one. */
    java.util.Optional<JournalEntry> signOffWithKey(String reportId, String reviewer, String requestKey) throws JournalException;

    /** All entries, in order, as stored (read from the file; call {@link #verify()} to check them). */
    List<JournalEntry> entries() throws JournalException;

    /** The sign-offs of a report, in order. */
    List<SignOff> signOffs(String reportId) throws JournalException;

    /** Checks the whole journal against the instance's public key. */
    JournalVerification verify() throws JournalException;

    /** Checks the whole journal against a key trusted from elsewhere (e.g. the one printed in an export). */
    JournalVerification verify(PublicKey trusted) throws JournalException;

    /** The instance's public key, PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    String publicKeyPem();

    /** SHA-256 (hex) of the public key's X.509 encoding. */
    String keyFingerprint();
}
