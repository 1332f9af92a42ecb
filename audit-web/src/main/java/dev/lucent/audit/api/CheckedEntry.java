package dev.lucent.audit.api;

import java.time.Instant;

/**
 * A journal entry as the journal's check saw it, without its payload: where it stands, what it is and whether
 * it is genuine.
 *
 * @param index        0-based position in the journal
 * @param type         report or sign-off, or null when the line is not a well-formed entry
 * @param id           the entry's id, or null when it could not be read
 * @param reference    for a sign-off, the report it signs off; else null
 * @param time         when it was appended, or null when it could not be read
 * @param hash         the hash the entry states, or null when it could not be read
 * @param previousHash the previous entry's hash the entry states, or null when it could not be read
 * @param payloadBytes the payload's length in bytes (0 when it could not be read)
 * @param problem      why the entry is not genuine (its hash, its link to the entry before, its signature, or for
 *                     a sign-off the report content it is bound to, failed the check, or an entry before it did),
 *                     or null when it is genuine
 */
public record CheckedEntry(long index, JournalEntryType type, String id, String reference, Instant time, String hash,
                           String previousHash, int payloadBytes, String problem) {

    public boolean genuine() {
        return problem == null;
    }
}
