package dev.lucent.audit.api;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

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
    default JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision, String comment,
                                 String requestKey) throws JournalException {
        return signOff(reportId, reviewer, role, decision, comment, requestKey, SignOff.Card.NONE);
    }

    /** A sign-off that also states the model card's fields ({@code card}), signed with the decision in one entry. */
    JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision, String comment,
                         String requestKey, SignOff.Card card) throws JournalException;

    /** The sign-off of this report by this reviewer stored with this form key, if there is one. */
    java.util.Optional<JournalEntry> signOffWithKey(String reportId, String reviewer, String requestKey) throws JournalException;

    /** All entries, in order, as stored (read from the file; {@link #problem} says whether each is genuine). */
    List<JournalEntry> entries() throws JournalException;

    /**
     * Every entry as checked, in order, without payloads: what the journal page lists. Each entry's hash, chain
     * link and signature are checked once, when the journal first reads it, and remembered by position.
     */
    List<CheckedEntry> checkedEntries() throws JournalException;

    /** One entry by its id (a report's id or a sign-off's), read on its own: the cost does not grow with the journal. */
    Optional<JournalEntry> entry(String id) throws JournalException;

    /**
     * Why an entry is not genuine, in one line, or null when it is: its hash, its link to the entry before, its
     * signature and (for a sign-off) the report content it is bound to all check out, as do those of every entry
     * before it. An entry whose bytes are not those that were checked is not genuine either.
     */
    String problem(JournalEntry entry) throws JournalException;

    /** The genuine sign-offs of a report, in order (one that fails the check is left out: see {@link #problem}). */
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
