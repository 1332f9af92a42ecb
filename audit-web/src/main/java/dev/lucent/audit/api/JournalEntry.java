package dev.lucent.audit.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the report journal, as stored: chained to the previous entry by {@code previousHash} and
 * signed by the instance key.
 *
 * @param index          0-based position in the journal
 * @param type           report or sign-off
 * @param id             the report's id, or the sign-off's own id
 * @param reference      for a sign-off, the id of the report it signs off; else null
 * @param time           when the entry was appended
 * @param keyFingerprint SHA-256 (hex) of the signing public key's X.509 encoding
 * @param previousHash   the previous entry's hash (hex), 64 zeros for the first entry
 * @param payload        the report's JSON bytes, or the sign-off's JSON
 * @param hash           SHA-256 (hex) over everything above as written
 * @param signature      Ed25519 signature (hex) over the same bytes and the hash
 */
public record JournalEntry(long index, JournalEntryType type, String id, String reference, Instant time,
                           String keyFingerprint, String previousHash, byte[] payload, String hash, String signature) {
    public JournalEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEntry e && index == e.index && type == e.type && id.equals(e.id)
                && Objects.equals(reference, e.reference) && time.equals(e.time) && keyFingerprint.equals(e.keyFingerprint)
                && previousHash.equals(e.previousHash) && Arrays.equals(payload, e.payload) && hash.equals(e.hash)
                && signature.equals(e.signature);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "JournalEntry[" + index + " " + type.token() + " " + id + (reference == null ? "" : " -> " + reference) + " " + time + "]";
    }
}
