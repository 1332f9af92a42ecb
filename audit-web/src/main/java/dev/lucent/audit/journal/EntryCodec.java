package dev.lucent.audit.journal;

import dev.lucent.network.api.data.Sha256;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The journal's line format, one entry per line, ASCII, eleven fields separated by single spaces:
 *
 * <pre>L1 index type id reference time keyFingerprint previousHash payloadBase64 hash signature</pre>
 *
 * {@code hash} is SHA-256 (hex) of the line's text up to and including the payload; {@code signature} is
 * Ed25519 (hex) over that same text, a space and the hash. Every field has exactly one accepted spelling
 * (lower-case hex, canonical base64, canonical instant), so any edit of any byte changes a checked value.
 */
final class EntryCodec {
    static final String VERSION = "L1";
    static final String GENESIS = "0".repeat(64);
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int FIELDS = 11;

    private EntryCodec() {
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The signed-over text before the hash. */
    static String body(long index, JournalEntryType type, String id, String reference, Instant time, String keyFingerprint,
                       String previousHash, byte[] payload) {
        return VERSION + ' ' + index + ' ' + type.token() + ' ' + id + ' ' + (reference == null ? "-" : reference) + ' '
                + time + ' ' + keyFingerprint + ' ' + previousHash + ' ' + Base64.getEncoder().encodeToString(payload);
    }

    static byte[] signedBytes(String body, String hash) {
        return (body + ' ' + hash).getBytes(StandardCharsets.US_ASCII);
    }

    /** A new entry, hashed and signed, and its line (with the trailing newline). */
    static Encoded encode(long index, JournalEntryType type, String id, String reference, Instant time, InstanceKey key,
                          String previousHash, byte[] payload) {
        String body = body(index, type, id, reference, time, key.fingerprint, previousHash, payload);
        String hash = Sha256.hex(body.getBytes(StandardCharsets.US_ASCII));
        String sig = Hex.of(key.sign(signedBytes(body, hash)));
        JournalEntry entry = new JournalEntry(index, type, id, reference, time, key.fingerprint, previousHash, payload, hash, sig);
        return new Encoded(entry, (body + ' ' + hash + ' ' + sig + '\n').getBytes(StandardCharsets.US_ASCII));
    }

    record Encoded(JournalEntry entry, byte[] line) {
    }

    /** Thrown by {@link #parse} with the reason a line is not a well-formed entry. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final String id;

        Malformed(String reason, String id) {
            super(reason, null, false, false);
            this.id = id;
        }
    }

    /**
     * Parses a line (without its newline) strictly. Checks form only: index, chain, hash and signature are
     * the verifier's business. The result's {@code body} is what the hash is over.
     */
    static Parsed parse(byte[] line) throws Malformed {
        for (byte b : line)
            if (b < 0x20 || b > 0x7e) throw new Malformed(String.format("byte 0x%02x is not allowed in an entry", b & 0xff), null);
        String text = new String(line, StandardCharsets.US_ASCII);
        String[] f = text.split(" ", -1);
        String id = f.length > 3 && isValidId(f[3]) ? f[3] : null;
        if (f.length != FIELDS) throw new Malformed("expected " + FIELDS + " space-separated fields, found " + f.length, id);
        if (!f[0].equals(VERSION)) throw new Malformed("unknown entry format " + shorten(f[0]) + " (expected " + VERSION + ")", id);
        if (!f[1].matches("0|[1-9][0-9]{0,17}")) throw new Malformed("index " + shorten(f[1]) + " is not a canonical number", id);
        long index = Long.parseLong(f[1]);
        JournalEntryType type = JournalEntryType.ofToken(f[2]);
        if (type == null) throw new Malformed("unknown entry type " + shorten(f[2]), id);
        if (id == null) throw new Malformed("entry id " + shorten(f[3]) + " is not a valid id", null);
        String reference = f[4].equals("-") ? null : f[4];
        if (reference != null && !isValidId(reference)) throw new Malformed("reference " + shorten(f[4]) + " is not a valid id", id);
        if ((type == JournalEntryType.SIGN_OFF) != (reference != null))
            throw new Malformed(type == JournalEntryType.SIGN_OFF ? "a sign-off must reference a report" : "a report has no reference", id);
        Instant time;
        try {
            time = Instant.parse(f[5]);
        } catch (DateTimeParseException e) {
            throw new Malformed("time " + shorten(f[5]) + " is not an ISO-8601 instant", id);
        }
        if (!time.toString().equals(f[5])) throw new Malformed("time " + shorten(f[5]) + " is not in canonical form", id);
        if (!Hex.isSha256(f[6])) throw new Malformed("key fingerprint is not 64 lower-case hex digits", id);
        if (!Hex.isSha256(f[7])) throw new Malformed("previous hash is not 64 lower-case hex digits", id);
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(f[8]);
        } catch (IllegalArgumentException e) {
            throw new Malformed("payload is not base64: " + e.getMessage(), id);
        }
        if (!Base64.getEncoder().encodeToString(payload).equals(f[8])) throw new Malformed("payload base64 is not canonical", id);
        if (!Hex.isSha256(f[9])) throw new Malformed("hash is not 64 lower-case hex digits", id);
        if (Hex.parse(f[10], 64) == null) throw new Malformed("signature is not 128 lower-case hex digits", id);
        String body = text.substring(0, text.length() - f[9].length() - f[10].length() - 2);
        return new Parsed(new JournalEntry(index, type, id, reference, time, f[6], f[7], payload, f[9], f[10]), body);
    }

    record Parsed(JournalEntry entry, String body) {
    }

    private static String shorten(String s) {
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
