package dev.lucent.audit.api;

import java.util.List;

/**
 * The result of checking a whole journal: every entry's format, index, chain link, hash and signature,
 * and the signed head that records how many entries there are.
 *
 * @param valid          true when nothing is wrong
 * @param entries        entries read that passed every check (all of them when valid)
 * @param firstBadIndex  index of the first bad entry, or -1 when valid
 * @param firstBadId     id of the first bad entry if it could be read, else null
 * @param reason         why the first bad entry is bad, or null when valid
 * @param lastHash       hash of the last good entry (64 zeros for an empty journal)
 * @param keyFingerprint the fingerprint of the key the journal was checked against
 * @param notes          things worth knowing that are not failures (e.g. a head that lags after a crash)
 */
public record JournalVerification(boolean valid, long entries, long firstBadIndex, String firstBadId, String reason,
                                  String lastHash, String keyFingerprint, List<String> notes) {
    public JournalVerification {
        notes = List.copyOf(notes);
    }

    /** One line for a console or a CLI. */
    public String summary() {
        if (valid) return "journal valid: " + entries + " entries, last hash " + lastHash + ", key " + keyFingerprint;
        return "journal INVALID at entry " + firstBadIndex + (firstBadId == null ? "" : " (" + firstBadId + ")") + ": " + reason;
    }
}
