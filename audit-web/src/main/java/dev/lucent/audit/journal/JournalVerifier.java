package dev.lucent.audit.journal;

import dev.lucent.network.api.data.Sha256;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.SignOff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Checks a whole journal in order and stops at the first bad entry: its form, its index, its link to the
 * previous entry, its hash, the key that signed it and its signature, and for a sign-off that it refers to
 * an earlier report by that report's hash. Then compares the journal with the signed head, which catches
 * entries cut off the end (a chain alone cannot show that).
 */
final class JournalVerifier {
    private JournalVerifier() {
    }

    /** What verification found, plus the state an appender continues from. */
    record Outcome(JournalVerification result, long goodEntries, long goodBytes, String lastHash, long tornOffset,
                   Map<String, String> reportHashes, Set<String> ids) {
    }

    static Outcome verify(Path journal, Path headFile, PublicKey key, int maxEntryBytes) throws JournalException {
        return verify(journal, headFile, key, maxEntryBytes, new LongAdder());
    }

    /** As above, counting each entry signature checked in {@code signatureChecks}. */
    static Outcome verify(Path journal, Path headFile, PublicKey key, int maxEntryBytes, LongAdder signatureChecks)
            throws JournalException {
        // The writers' lock keeps another process's append (journal line, then head) from being seen half done.
        try (JournalLock.Held held = JournalLock.of(journal.getParent()).acquire(false)) {
            return withKeptAside(journal, verifyLocked(journal, headFile, key, maxEntryBytes, signatureChecks));
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }
    }

    /** The outcome with notes on what was set aside beside the journal. */
    static Outcome withKeptAside(Path journal, Outcome o) throws JournalException {
        try {
            List<String> kept = keptAside(journal);
            if (kept.isEmpty()) return o;
            List<String> notes = new ArrayList<>(o.result().notes());
            notes.addAll(kept);
            JournalVerification r = o.result();
            return new Outcome(new JournalVerification(r.valid(), r.entries(), r.firstBadIndex(), r.firstBadId(), r.reason(),
                    r.lastHash(), r.keyFingerprint(), notes), o.goodEntries(), o.goodBytes(), o.lastHash(), o.tornOffset(),
                    o.reportHashes(), o.ids());
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }
    }

    /** Notes on what was set aside beside the journal: torn tails and reports waiting to be appended. */
    private static List<String> keptAside(Path journal) throws IOException {
        List<String> out = new ArrayList<>();
        Path dir = journal.getParent();
        try (var s = Files.newDirectoryStream(dir, journal.getFileName() + ".torn-*")) {
            for (Path p : s)
                out.add(p + " holds " + Files.size(p) + " bytes of an interrupted write, set aside (not part of the journal; kept for inspection)");
        }
        Path pending = dir.resolve(PendingReports.FOLDER);
        if (Files.isDirectory(pending))
            try (var s = Files.newDirectoryStream(pending)) {
                for (Path p : s) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".report")) out.add(p + " is a report waiting to be appended (at the next append or start)");
                    else if (name.endsWith(".refused")) out.add(p + " is a kept report the journal refused (see the .why file beside it)");
                }
            }
        return out;
    }

    private static Outcome verifyLocked(Path journal, Path headFile, PublicKey key, int maxEntryBytes, LongAdder signatureChecks)
            throws JournalException {
        String fp = InstanceKey.fingerprint(key);
        List<String> notes = new ArrayList<>();
        Map<String, String> reportHashes = new HashMap<>();
        Set<String> ids = new HashSet<>();
        String last = EntryCodec.GENESIS;
        long count = 0, goodBytes = 0;
        try (JournalLines lines = new JournalLines(journal, maxEntryBytes)) {
            byte[] line;
            while ((line = lines.next()) != null) {
                String problem;
                String id = null;
                try {
                    EntryCodec.Parsed p = EntryCodec.parse(line);
                    JournalEntry e = p.entry();
                    id = e.id();
                    problem = check(p, count, last, key, fp, reportHashes, ids, signatureChecks);
                    if (problem == null) {
                        if (e.type() == JournalEntryType.REPORT) reportHashes.put(e.id(), e.hash());
                        ids.add(e.id());
                        last = e.hash();
                        count++;
                        goodBytes = lines.lineStart() + line.length + 1;
                        continue;
                    }
                } catch (EntryCodec.Malformed m) {
                    problem = "malformed entry at byte " + lines.lineStart() + ": " + m.getMessage();
                    id = m.id;
                }
                return bad(count, id, problem, last, fp, notes, goodBytes, -1, reportHashes, ids);
            }
            if (lines.tooLong())
                return bad(count, null, tooLong(lines.lineStart(), maxEntryBytes), last, fp, notes, goodBytes, -1, reportHashes, ids);
            if (lines.tornOffset() >= 0)
                return bad(count, null, torn(journal, lines.tornOffset(), lines.tornLength()),
                        last, fp, notes, goodBytes, lines.tornOffset(), reportHashes, ids);
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }

        return checkHead(headFile, key, count, goodBytes, last, reportHashes, ids, i -> hashAt(journal, i, maxEntryBytes));
    }

    /** Why a journal whose line at {@code offset} has no end within the entry limit stops there. */
    static String tooLong(long offset, int maxEntryBytes) {
        return "entry at byte " + offset + " is longer than " + maxEntryBytes + " bytes (no line end within the limit)";
    }

    /** Why a journal ending in {@code length} bytes without a line end (at {@code offset}) cannot be appended to yet. */
    static String torn(Path journal, long offset, long length) {
        return "incomplete entry: " + length + " bytes at byte " + offset
                + " without a line end; a write was interrupted (a crash?). Nothing was removed: the host's "
                + "next start or the next append sets these bytes aside in " + journal.getFileName() + ".torn-" + offset;
    }

    /** Where a hash of an entry can be had: read from the file, or from an index that checked it. */
    interface HashAt {
        String hashAt(long index) throws JournalException;
    }

    /**
     * The end of a verification whose {@code count} entries all checked: compares them with the signed head.
     * {@code hashes} gives entry hashes below {@code count}.
     */
    static Outcome checkHead(Path headFile, PublicKey key, long count, long goodBytes, String last,
                             Map<String, String> reportHashes, Set<String> ids, HashAt hashes) throws JournalException {
        String fp = InstanceKey.fingerprint(key);
        List<String> notes = new ArrayList<>();
        // The signed head records how many entries there were after the last completed append.
        Head head = Head.read(headFile, key);
        if (head == null) {
            if (count > 0) return bad(count, null, "the signed head file " + headFile.getFileName() + " is missing; "
                    + "entries may have been cut off the end", last, fp, notes, goodBytes, -1, reportHashes, ids);
        } else if (head.problem() != null) {
            return bad(count, null, "signed head: " + head.problem(), last, fp, notes, goodBytes, -1, reportHashes, ids);
        } else if (head.count() > count) {
            return bad(count, null, "entries missing from the end: the signed head records " + head.count()
                    + " entries, the journal has " + count, last, fp, notes, goodBytes, -1, reportHashes, ids);
        } else if (head.count() > 0 && !head.lastHash().equals(hashes.hashAt(head.count() - 1))) {
            return bad(head.count() - 1, null, "does not match the signed head's hash for entry " + (head.count() - 1),
                    last, fp, notes, goodBytes, -1, reportHashes, ids);
        } else if (head.count() < count) {
            notes.add("the signed head records " + head.count() + " entries, the journal has " + count
                    + ": the head lags (an append finished but the head was not yet updated, e.g. a crash); "
                    + "the later entries are signed and chained");
        }
        return new Outcome(new JournalVerification(true, count, -1, null, null, last, fp, notes), count, goodBytes, last, -1,
                reportHashes, ids);
    }

    static Outcome bad(long index, String id, String reason, String last, String fp, List<String> notes, long goodBytes,
                               long torn, Map<String, String> reportHashes, Set<String> ids) {
        return new Outcome(new JournalVerification(false, index, index, id, reason, last, fp, notes), index, goodBytes, last, torn,
                reportHashes, ids);
    }

    /** The first thing wrong with one entry given what came before it, or null; the index checks entries with it too. */
    static String check(EntryCodec.Parsed p, long expectedIndex, String previous, PublicKey key, String fp,
                                Map<String, String> reportHashes, Set<String> ids, LongAdder signatureChecks) {
        JournalEntry e = p.entry();
        if (e.index() != expectedIndex) return "index " + e.index() + " where " + expectedIndex + " was expected (entries reordered, removed or inserted)";
        if (!e.previousHash().equals(previous))
            return "previous hash " + e.previousHash() + " does not match the hash of the entry before, " + previous;
        String hash = Sha256.hex(p.body().getBytes(StandardCharsets.US_ASCII));
        if (!hash.equals(e.hash())) return "hash mismatch: the entry's content was changed (stored " + e.hash() + ", computed " + hash + ")";
        if (!e.keyFingerprint().equals(fp))
            return "signed by key " + e.keyFingerprint() + ", not by the trusted key " + fp;
        signatureChecks.increment();
        if (!InstanceKey.verify(key, EntryCodec.signedBytes(p.body(), e.hash()), Hex.parse(e.signature(), 64)))
            return "signature does not verify: the entry was not signed by the instance key as it stands (re-hashed or forged)";
        if (ids.contains(e.id())) return "id " + e.id() + " is already used by an earlier entry";
        if (e.type() == JournalEntryType.SIGN_OFF) return checkSignOff(e, reportHashes);
        return null;
    }

    private static String checkSignOff(JournalEntry e, Map<String, String> reportHashes) {
        String reportHash = reportHashes.get(e.reference());
        if (reportHash == null) return "sign-off refers to report " + e.reference() + ", which is not earlier in the journal";
        SignOff s = readSignOff(e);
        if (s == null) return "sign-off payload is not a well-formed sign-off";
        if (!s.reportId().equals(e.reference())) return "sign-off payload names report " + s.reportId() + " but the entry refers to " + e.reference();
        if (!s.reportHash().equals(reportHash)) return "sign-off was made for report content with hash " + s.reportHash()
                + ", but report " + e.reference() + " has hash " + reportHash;
        if (!s.time().equals(e.time())) return "sign-off time differs from the entry's time";
        return null;
    }

    /** The sign-off an entry holds, or null when its payload is not one. */
    static SignOff readSignOff(JournalEntry e) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(e.payload())).toString();
        } catch (CharacterCodingException ex) {
            return null;
        }
        Map<String, String> m = FlatJson.read(json);
        Set<String> fields = Set.of("report", "reportHash", "reviewer", "role", "decision", "comment", "time");
        // the form's idempotency key and the model card's fields are optional: older sign-offs have none
        Set<String> optional = Set.of(FileJournal.SIGN_OFF_KEY, FileJournal.INTENDED_USE, FileJournal.LIMITATIONS);
        if (m == null || !m.keySet().containsAll(fields) || !m.keySet().stream().allMatch(k -> fields.contains(k) || optional.contains(k)))
            return null;
        SignOff.Decision d = SignOff.Decision.ofToken(m.get("decision"));
        if (d == null || m.get("reviewer").isBlank() || m.get("role").isBlank()) return null;
        try {
            return new SignOff(m.get("report"), m.get("reviewer"), m.get("role"), d, m.get("comment"),
                    java.time.Instant.parse(m.get("time")), m.get("reportHash"),
                    new SignOff.Card(m.get(FileJournal.INTENDED_USE), m.get(FileJournal.LIMITATIONS)));
        } catch (java.time.format.DateTimeParseException ex) {
            return null;
        }
    }

    /**
     * Whether the journal still extends a head seen earlier ({@code count} entries, the last with hash
     * {@code hash}): null when it does, else why not. A chain and a signed head alone cannot show a rollback
     * (the older head was signed too) or a wipe; a head kept elsewhere can.
     */
    static String checkExtends(Path journal, long count, String hash, long entriesNow, int maxEntryBytes) throws JournalException {
        if (count == 0) return null;
        if (entriesNow < count)
            return "the journal has " + entriesNow + " entries, fewer than the " + count + " of the head " + count + ":" + hash
                    + " (entries were removed: a rollback or a wipe)";
        String at = hashAt(journal, count - 1, maxEntryBytes);
        if (!hash.equals(at))
            return "entry " + (count - 1) + " has hash " + at + ", not " + hash + " as in the head " + count + ":" + hash
                    + " (the journal was rewritten)";
        return null;
    }

    private static String hashAt(Path journal, long index, int maxEntryBytes) throws JournalException {
        try (JournalLines lines = new JournalLines(journal, maxEntryBytes)) {
            byte[] line = null;
            for (long i = 0; i <= index; i++) line = lines.next();
            if (line == null) return null;
            String text = new String(line, StandardCharsets.US_ASCII);
            String[] f = text.split(" ", -1);
            return f.length == 11 ? f[9] : null;
        } catch (IOException e) {
            throw new JournalException("cannot read the journal " + journal + ": " + e.getMessage(), e);
        }
    }

    /** The signed head: {@code H1 count lastHash keyFingerprint signature}. */
    record Head(long count, String lastHash, String problem) {
        static final String VERSION = "H1";

        static String body(long count, String lastHash, String fp) {
            return VERSION + ' ' + count + ' ' + lastHash + ' ' + fp;
        }

        /** Null when there is no head file. */
        static Head read(Path file, PublicKey key) throws JournalException {
            if (!Files.exists(file)) return null;
            String text;
            try {
                byte[] b = Files.readAllBytes(file);
                if (b.length > 512) return new Head(0, null, "head file is " + b.length + " bytes, not a head");
                text = new String(b, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new JournalException("cannot read the head file " + file + ": " + e.getMessage(), e);
            }
            if (!text.endsWith("\n")) return new Head(0, null, "head file is incomplete");
            String[] f = text.substring(0, text.length() - 1).split(" ", -1);
            if (f.length != 5 || !f[0].equals(VERSION) || !f[1].matches("0|[1-9][0-9]{0,17}") || !Hex.isSha256(f[2])
                    || !Hex.isSha256(f[3]) || Hex.parse(f[4], 64) == null)
                return new Head(0, null, "head file is malformed");
            String fp = InstanceKey.fingerprint(key);
            if (!f[3].equals(fp)) return new Head(0, null, "head signed by key " + f[3] + ", not by the trusted key " + fp);
            long count = Long.parseLong(f[1]);
            byte[] signed = body(count, f[2], f[3]).getBytes(StandardCharsets.US_ASCII);
            if (!InstanceKey.verify(key, signed, Hex.parse(f[4], 64))) return new Head(0, null, "head signature does not verify");
            return new Head(count, f[2], null);
        }
    }
}
