package dev.lucent.audit.journal;

import dev.lucent.network.api.data.Sha256;
import dev.lucent.audit.api.CheckedEntry;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.JournalException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Where each journal entry is in the file (by position and by id) and what its check found, so a page reads
 * one entry's bytes instead of the whole journal. Entries are checked as JournalVerifier checks them (form,
 * index, chain link, hash, key, signature, a sign-off's binding to its report) once, when the index first
 * reads them; the index grows by the new bytes when the file grows (an append by this host or by the CLI
 * beside it) and is rebuilt when the file shrinks or changes in place. Reading an entry compares its bytes
 * with the hash that was checked, so an entry changed after its check is never taken as genuine.
 *
 * <p>Readers do not wait on each other: a lookup holds a read lock only to find a position, and the file is
 * read outside it. Only reading new bytes into the index is one at a time.
 */
final class JournalIndex {
    /** One entry: its line's place in the file and what the check found. */
    private record Slot(long offset, int length, CheckedEntry checked) {
    }

    /** An entry read back, and why it is not genuine (null when it is). */
    record Read(JournalEntry entry, String problem) {
    }

    private final Path file;
    private final PublicKey key;
    private final String fingerprint;
    private final int maxEntryBytes;
    /** Bytes this index has read from the file, scans included: what a test counts. */
    private final LongAdder bytesRead = new LongAdder();
    /** Entry signatures checked (shared with the journal's own verification): what a test counts. */
    private final LongAdder signatureChecks;

    /** One scan at a time; the scan state below is the scanner's. */
    private final ReentrantLock scanning = new ReentrantLock();
    private String lastHash = EntryCodec.GENESIS;
    private String broken; // the first problem found, which every later entry inherits
    // What JournalVerifier would say of the lines scanned so far, kept so an appender need not check them again.
    private long goodBytes;          // just past the last genuine entry, while none before it is bad
    private long firstBad = -1;      // index of the first entry that is not genuine
    private String firstBadId;
    private String firstBadReason;   // in the verifier's words
    private long tornOffset = -1;    // an incomplete last line found by the last scan
    private long tornLength;
    private long tooLongAt = -1;     // a line longer than any entry, found by the last scan
    private final Map<String, String> reportHashes = new HashMap<>();
    private final java.util.Set<String> ids = new java.util.HashSet<>();

    /** The index proper: written under the write lock (by the scanner), read under the read lock. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ArrayList<Slot> slots = new ArrayList<>();
    private final Map<String, Integer> byId = new HashMap<>();
    private final Map<String, List<Integer>> signOffsOf = new HashMap<>();

    /** The file as last scanned: a read that finds it the same size and age needs no scan. */
    private volatile long scannedSize = -1;
    private volatile FileTime scannedTime;
    /** Offset just past the last complete line indexed. */
    private volatile long end;

    JournalIndex(Path file, PublicKey key, int maxEntryBytes) {
        this(file, key, maxEntryBytes, new LongAdder());
    }

    JournalIndex(Path file, PublicKey key, int maxEntryBytes, LongAdder signatureChecks) {
        this.signatureChecks = signatureChecks;
        this.file = file;
        this.key = key;
        this.fingerprint = InstanceKey.fingerprint(key);
        this.maxEntryBytes = maxEntryBytes;
    }

    long bytesRead() {
        return bytesRead.sum();
    }

    /** Brings the index up to the file: nothing when unchanged, the new lines when it grew, all of it otherwise. */
    void refresh() throws JournalException {
        BasicFileAttributes now = attributes();
        if (unchanged(now)) return;
        scanning.lock();
        try {
            update();
        } finally {
            scanning.unlock();
        }
    }

    /** Holding {@link #scanning}: brings the index up to the file. */
    private void update() throws JournalException {
        BasicFileAttributes now = attributes();
        if (unchanged(now)) return;
        // appended to (longer), or only an unindexed torn tail cut off (shorter, not below the indexed end), and
        // the last entry indexed still in its place; anything else is read afresh
        boolean appended = now != null && scannedSize >= 0
                && (now.size() > scannedSize || now.size() < scannedSize && now.size() >= end) && lastLineIntact();
        if (!appended) restart();
        scan(now, !appended);
    }

    private boolean unchanged(BasicFileAttributes now) {
        if (now == null) return scannedSize == 0;
        return now.size() == scannedSize && now.lastModifiedTime().equals(scannedTime);
    }

    private BasicFileAttributes attributes() throws JournalException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the next refresh read and check the whole file again. */
    void forget() {
        scanning.lock();
        try {
            scannedSize = -1;
            scannedTime = null;
        } finally {
            scanning.unlock();
        }
    }

    /** Whether the last indexed line is still where and what it was (else the file was rewritten, not appended to). */
    private boolean lastLineIntact() throws JournalException {
        Slot last;
        lock.readLock().lock();
        try {
            if (slots.isEmpty()) return true;
            last = slots.get(slots.size() - 1);
        } finally {
            lock.readLock().unlock();
        }
        byte[] line = readLine(last);
        if (line == null) return false;
        String hash = last.checked().hash();
        return hash != null && new String(line, StandardCharsets.US_ASCII).contains(' ' + hash + ' ');
    }

    /** Starts the scan state over; the index readers see stays until the new one replaces it. */
    private void restart() {
        lastHash = EntryCodec.GENESIS;
        broken = null;
        reportHashes.clear();
        ids.clear();
        goodBytes = 0;
        firstBad = -1;
        firstBadId = null;
        firstBadReason = null;
        end = 0;
    }

    /**
     * Reads the lines from {@link #end} on, checks each and adds them, or with {@code fresh} replaces the index with
     * them (readers meanwhile keep the old one: a page is never answered from half an index). Called holding
     * {@link #scanning}.
     */
    private void scan(BasicFileAttributes seen, boolean fresh) throws JournalException {
        List<Slot> added = new ArrayList<>();
        long first = fresh ? 0 : slots.size(); // only the scanner changes it, and the scanner is this thread
        long newEnd = end;
        tornOffset = -1;
        tornLength = 0;
        tooLongAt = -1;
        if (seen != null) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(end);
                try (JournalLines lines = new JournalLines(Channels.newInputStream(ch), end, maxEntryBytes)) {
                    byte[] line;
                    while ((line = lines.next()) != null) {
                        bytesRead.add(line.length + 1L);
                        added.add(new Slot(lines.lineStart(), line.length, check(line, first + added.size(), lines.lineStart())));
                        if (firstBad < 0) goodBytes = lines.lineStart() + line.length + 1;
                    }
                    newEnd = lines.end();
                    bytesRead.add(lines.tornLength());
                    tornOffset = lines.tornOffset();
                    tornLength = lines.tornLength();
                    if (lines.tooLong()) tooLongAt = lines.lineStart();
                    if (lines.tooLong() && broken == null)
                        broken = "comes after byte " + lines.lineStart() + ", where a line is longer than any entry can be";
                }
            } catch (NoSuchFileException e) {
                newEnd = 0;
            } catch (IOException e) {
                throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        lock.writeLock().lock();
        try {
            if (fresh) {
                slots.clear();
                byId.clear();
                signOffsOf.clear();
            }
            for (Slot s : added) {
                CheckedEntry c = s.checked();
                slots.add(s);
                if (c.id() == null || c.type() == null) continue; // a malformed line is found by position only
                byId.putIfAbsent(c.id(), slots.size() - 1); // a duplicate id is marked by its own check
                if (c.type() == JournalEntryType.SIGN_OFF)
                    signOffsOf.computeIfAbsent(c.reference(), k -> new ArrayList<>()).add(slots.size() - 1);
            }
        } finally {
            lock.writeLock().unlock();
        }
        end = newEnd;
        scannedTime = seen == null ? null : seen.lastModifiedTime();
        scannedSize = seen == null ? 0 : seen.size();
    }

    /** Checks one line as the entry at {@code index}, continuing the chain of the lines before it. */
    private CheckedEntry check(byte[] line, long index, long offset) {
        EntryCodec.Parsed p;
        try {
            p = EntryCodec.parse(line);
        } catch (EntryCodec.Malformed m) {
            String problem = broken != null ? broken : "entry " + index + " is malformed (at byte " + offset + "): " + m.getMessage();
            if (broken == null) {
                broken = "comes after entry " + index + ", which is not genuine: " + problem;
                badAt(index, m.id, "malformed entry at byte " + offset + ": " + m.getMessage());
            }
            return new CheckedEntry(index, null, m.id, null, null, null, null, 0, problem);
        }
        JournalEntry e = p.entry();
        String before = lastHash;
        String problem = broken;
        if (problem == null) {
            problem = JournalVerifier.check(p, index, lastHash, key, fingerprint, reportHashes, ids, signatureChecks);
            if (problem == null) {
                if (e.type() == JournalEntryType.REPORT) reportHashes.put(e.id(), e.hash());
                ids.add(e.id());
                lastHash = e.hash();
            } else {
                badAt(index, e.id(), problem);
                problem = "entry " + index + " is not genuine: " + problem;
                broken = "comes after entry " + index + ", which is not genuine; the chain that vouches for later entries is broken there";
            }
        }
        // a genuine entry's previous hash is the hash before it: share that string rather than keep a copy
        return new CheckedEntry(index, e.type(), e.id(), e.reference(), e.time(), e.hash(),
                problem == null ? before : e.previousHash(), e.payload().length, problem);
    }

    private void badAt(long index, String id, String reason) {
        firstBad = index;
        firstBadId = id;
        firstBadReason = reason;
    }

    /**
     * What {@link JournalVerifier#verify} finds in the file, from the entries as this index checked them: the
     * index is brought up to the file first (only new lines are checked), so no entry is checked twice. The
     * caller holds the writers' {@link JournalLock}, so no append is seen half done. Gives the state an
     * appender continues from, as the verifier does (its maps are copies).
     */
    JournalVerifier.Outcome verification(Path headFile) throws JournalException {
        scanning.lock();
        try {
            update();
            long good = firstBad >= 0 ? firstBad : slots.size(); // only the scanner changes slots, and that is this thread
            Map<String, String> hashes = new HashMap<>(reportHashes);
            java.util.Set<String> seen = new java.util.HashSet<>(ids);
            JournalVerifier.Outcome o;
            if (firstBad >= 0)
                o = JournalVerifier.bad(good, firstBadId, firstBadReason, lastHash, fingerprint, new ArrayList<>(), goodBytes, -1, hashes, seen);
            else if (tooLongAt >= 0)
                o = JournalVerifier.bad(good, null, JournalVerifier.tooLong(tooLongAt, maxEntryBytes), lastHash, fingerprint,
                        new ArrayList<>(), goodBytes, -1, hashes, seen);
            else if (tornOffset >= 0)
                o = JournalVerifier.bad(good, null, JournalVerifier.torn(file, tornOffset, tornLength), lastHash, fingerprint,
                        new ArrayList<>(), goodBytes, tornOffset, hashes, seen);
            else
                o = JournalVerifier.checkHead(headFile, key, good, goodBytes, lastHash, hashes, seen, this::hashAt);
            return JournalVerifier.withKeptAside(file, o);
        } finally {
            scanning.unlock();
        }
    }

    /** The hash of a genuine entry, as checked. */
    private String hashAt(long index) {
        lock.readLock().lock();
        try {
            return index < slots.size() ? slots.get((int) index).checked().hash() : null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every entry as checked, in order. */
    List<CheckedEntry> checked() throws JournalException {
        refresh();
        lock.readLock().lock();
        try {
            List<CheckedEntry> out = new ArrayList<>(slots.size());
            for (Slot s : slots) out.add(s.checked());
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The entry with this id, read alone, with its check. */
    Optional<Read> read(String id) throws JournalException {
        for (int attempt = 0; ; attempt++) {
            refresh();
            Slot s;
            lock.readLock().lock();
            try {
                Integer i = byId.get(id);
                if (i == null) return Optional.empty();
                s = slots.get(i);
            } finally {
                lock.readLock().unlock();
            }
            Read r = readAsChecked(s);
            if (r != null) return Optional.of(r);
            if (attempt > 0) throw changed(s);
            rebuild(); // its bytes are not those checked: the file was rewritten in place, so check it all again
        }
    }

    /** The sign-off entries that refer to a report, read alone, in order, with their checks. */
    List<Read> signOffsOf(String reportId) throws JournalException {
        for (int attempt = 0; ; attempt++) {
            refresh();
            List<Slot> found = new ArrayList<>();
            lock.readLock().lock();
            try {
                for (int i : signOffsOf.getOrDefault(reportId, List.of())) found.add(slots.get(i));
            } finally {
                lock.readLock().unlock();
            }
            List<Read> out = new ArrayList<>(found.size());
            Slot stale = null;
            for (Slot s : found) {
                Read r = readAsChecked(s);
                if (r == null) {
                    stale = s;
                    break;
                }
                out.add(r);
            }
            if (stale == null) return out;
            if (attempt > 0) throw changed(stale);
            rebuild();
        }
    }

    private void rebuild() throws JournalException {
        scanning.lock();
        try {
            restart();
            scan(attributes(), true);
        } finally {
            scanning.unlock();
        }
    }

    private JournalException changed(Slot s) {
        return new JournalException("entry " + s.checked().index() + " of " + file + " keeps changing on disk; it cannot be read as checked");
    }

    /** Why an entry is not genuine, or null: its check, and whether it is the entry that was checked. */
    String problem(JournalEntry e) throws JournalException {
        refresh();
        CheckedEntry c;
        lock.readLock().lock();
        try {
            if (e.index() < 0 || e.index() >= slots.size()) return "there is no entry " + e.index() + " in the journal";
            c = slots.get((int) e.index()).checked();
        } finally {
            lock.readLock().unlock();
        }
        if (c.problem() != null) return c.problem();
        if (!e.hash().equals(c.hash()))
            return "entry " + e.index() + " is not the entry that was checked there (its hash differs)";
        String body = EntryCodec.body(e.index(), e.type(), e.id(), e.reference(), e.time(), e.keyFingerprint(), e.previousHash(),
                e.payload());
        if (!Sha256.hex(body.getBytes(StandardCharsets.US_ASCII)).equals(e.hash()))
            return "entry " + e.index() + " is not genuine: its content does not match its hash";
        return null;
    }

    /** The entry in a slot with its check, or null when the file no longer holds the bytes that were checked there. */
    private Read readAsChecked(Slot s) throws JournalException {
        byte[] line = readLine(s);
        if (line == null) return null;
        EntryCodec.Parsed p;
        try {
            p = EntryCodec.parse(line);
        } catch (EntryCodec.Malformed m) {
            if (s.checked().type() == null) return new Read(null, s.checked().problem()); // malformed when checked, too
            return null;
        }
        JournalEntry e = p.entry();
        if (s.checked().hash() == null || !e.hash().equals(s.checked().hash())
                || !Sha256.hex(p.body().getBytes(StandardCharsets.US_ASCII)).equals(e.hash()) && s.checked().problem() == null)
            return null;
        return new Read(e, s.checked().problem());
    }

    /** The line of a slot (newline checked, not returned), or null when the file no longer has it there. */
    private byte[] readLine(Slot s) throws JournalException {
        ByteBuffer buf = ByteBuffer.allocate(s.length() + 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                int n = ch.read(buf, s.offset() + buf.position());
                if (n < 0) return null;
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        bytesRead.add(buf.capacity());
        byte[] b = buf.array();
        if (b[s.length()] != '\n') return null;
        return java.util.Arrays.copyOf(b, s.length());
    }
}
