package dev.lucent.audit.journal;

import dev.lucent.audit.api.CheckedEntry;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.ReportJournal;
import dev.lucent.audit.api.SignOff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The report journal in {@code <data>/journal/}: {@code entries.journal} (one signed, chained entry per
 * line, see {@link EntryCodec}), {@code head} (the signed count and last hash, replaced atomically after each
 * append) and the instance key pair.
 *
 * <p>One writer at a time, across processes: an append holds the folder's {@link JournalLock}, checks the
 * entries another process (the host, a CLI audit beside it) appended since (only those: the whole file again
 * when it shrank below what was checked or its last checked entry changed), writes its whole line at the
 * end and forces it to disk before it returns. A write that fails is cut back, so it leaves nothing. A crash
 * mid-write leaves an incomplete last line: opening for writing and the next append move those bytes to a side
 * file ({@code entries.journal.torn-<offset>}) rather than dropping them. A report that cannot be appended is
 * kept in {@code pending/} ({@link PendingReports}) and appended later. Any other verification failure stops
 * appends, so nothing new is chained onto a journal found tampered (at open, by a verify, or in the entries an
 * append checks; an in-place edit of an older entry is caught by verify and by the pages' reads, not here).
 */
public final class FileJournal implements ReportJournal {
    public static final String JOURNAL_FILE = "entries.journal";
    public static final String HEAD_FILE = "head";
    /** Largest entry accepted, base64 and framing included. */
    public static final int MAX_ENTRY_BYTES = 64 << 20;
    /** The optional sign-off payload field holding the form's idempotency key. */
    static final String SIGN_OFF_KEY = "request";
    /** The model card fields a reviewer states with a sign-off (optional payload fields). */
    static final String INTENDED_USE = "intendedUse", LIMITATIONS = "limitations";

    private final Path dir;
    private final Path journal;
    private final Path headFile;
    private final Clock clock;
    private final InstanceKey key;
    private final JournalLock lock;
    private final PendingReports pending;
    /** Entry signatures this journal has checked, opening, appends, pages and verify() together: what a test counts. */
    private final java.util.concurrent.atomic.LongAdder signatureChecks = new java.util.concurrent.atomic.LongAdder();
    /**
     * What pages read through: one entry's bytes by id or position, each entry checked once. Opening and appends
     * take their verification from it too, so an entry is checked once per process (verify() checks afresh).
     */
    private final JournalIndex index;

    // State of the verified journal an append continues from; guarded by this.
    private long count;
    private long size;
    private String lastHash;
    private Map<String, String> reportHashes;
    private java.util.Set<String> ids;
    private JournalVerification state;
    private long tornOffset;
    private boolean retryable;          // whether the last failed append may succeed later (then a report is kept)
    /** Test hook: the next append writes this many bytes of its line, then fails like a full disk; -1 off. */
    int failNextAppendAfter = -1;

    private FileJournal(Path dir, Clock clock, InstanceKey key) {
        this.dir = dir;
        this.journal = dir.resolve(JOURNAL_FILE);
        this.headFile = dir.resolve(HEAD_FILE);
        this.clock = clock;
        this.key = key;
        this.lock = JournalLock.of(dir);
        this.pending = new PendingReports(dir);
        this.index = new JournalIndex(journal, key.publicKey, MAX_ENTRY_BYTES, signatureChecks);
    }

    /**
     * Opens the journal in {@code <dataDir>/journal}, creating the folder and the instance key pair on first
     * start, and verifies it. A journal that fails verification opens read-only: {@link #verify()} says why.
     */
    public static FileJournal open(Path dataDir, Clock clock) throws JournalException {
        return open(dataDir, InstanceKey.Place.defaults(), clock);
    }

    /**
     * As {@link #open(Path, Clock)}, the private signing key at {@code signingKey} (null: the keys folder,
     * {@code lucent.keys.dir} or {@code ~/.lucent/keys}).
     */
    public static FileJournal open(Path dataDir, Path signingKey, Clock clock) throws JournalException {
        return open(dataDir, signingKey == null ? InstanceKey.Place.defaults() : InstanceKey.Place.of(signingKey.toString(), null), clock);
    }

    static FileJournal open(Path dataDir, InstanceKey.Place place, Clock clock) throws JournalException {
        Objects.requireNonNull(clock, "clock");
        Path dir = dataDir.resolve("journal");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dataDir);
                if (Files.getFileStore(dataDir).supportsFileAttributeView("posix"))
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                else Files.createDirectory(dir);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process (a CLI beside a starting host) made it meanwhile
        } catch (IOException e) {
            throw new JournalException("cannot create the journal folder " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(JOURNAL_FILE);
        // Under the writers' lock: a host and a CLI starting together on a new folder must not both create a key.
        try (JournalLock.Held held = JournalLock.of(dir).acquire(true)) {
            boolean empty = !Files.exists(file) || Files.size(file) == 0;
            FileJournal j = new FileJournal(dir, clock, InstanceKey.loadOrCreate(dir, place, empty));
            synchronized (j) {
                // Opened to write: set a crash's torn tail aside and append kept reports now, not at the first sign-off.
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    j.reload(); // one pass over the file, shared with the index that pages read
                    j.catchUp(ch);
                    if (j.state.valid()) j.appendPendingAtOpen(ch);
                }
            }
            j.index.refresh(); // kept reports appended at open, checked now rather than on the first page
            return j;
        } catch (IOException e) {
            throw new JournalException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Under the writers' lock: makes our view current from the index, which checks only the entries it has not
     * checked yet (all of them when the file shrank below them or its last checked entry changed).
     */
    private void reload() throws JournalException {
        apply(index.verification(headFile));
    }

    /** The whole file checked from scratch, as {@code lucent verify} does. */
    private void reloadFromScratch() throws JournalException {
        apply(JournalVerifier.verify(journal, headFile, key.publicKey, MAX_ENTRY_BYTES, signatureChecks));
    }

    private void apply(JournalVerifier.Outcome o) {
        state = o.result();
        count = o.goodEntries();
        size = o.goodBytes();
        lastHash = o.lastHash();
        reportHashes = new LinkedHashMap<>(o.reportHashes());
        ids = new java.util.HashSet<>(o.ids());
        tornOffset = o.tornOffset();
    }

    public Path folder() {
        return dir;
    }

    @Override
    public synchronized JournalEntry appendReport(String reportId, byte[] report) throws JournalException {
        if (!EntryCodec.isValidId(reportId))
            throw new IllegalArgumentException("report id must be 1 to 128 of A-Z a-z 0-9 . _ : -, got " + reportId);
        byte[] bytes = report.clone();
        try {
            return append(JournalEntryType.REPORT, reportId, null, bytes, null);
        } catch (JournalException e) {
            if (!retryable) throw e;
            Path kept;
            try {
                kept = pending.keep(reportId, bytes);
            } catch (IOException io) {
                throw new JournalException(e.getMessage() + "; the report could not be kept either: " + io.getMessage(), e);
            }
            throw new JournalException(e.getMessage() + "; the report is kept in " + kept
                    + " and appended to the journal at the next append or start", e);
        }
    }

    @Override
    public synchronized JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision,
                                             String comment) throws JournalException {
        return signOff(reportId, reviewer, role, decision, comment, null);
    }

    @Override
    public synchronized JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision,
                                             String comment, String requestKey) throws JournalException {
        return signOff(reportId, reviewer, role, decision, comment, requestKey, SignOff.Card.NONE);
    }

    @Override
    public synchronized JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision,
                                             String comment, String requestKey, SignOff.Card card) throws JournalException {
        Objects.requireNonNull(decision, "decision");
        if (reviewer == null || reviewer.isBlank()) throw new IllegalArgumentException("a sign-off needs the reviewer's name");
        if (role == null || role.isBlank()) throw new IllegalArgumentException("a sign-off needs the reviewer's role");
        return append(JournalEntryType.SIGN_OFF, null, reportId, null,
                time -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("report", reportId);
                    m.put("reportHash", reportHashes.get(reportId));
                    m.put("reviewer", reviewer);
                    m.put("role", role);
                    m.put("decision", decision.token());
                    m.put("comment", comment == null ? "" : comment);
                    m.put("time", time.toString());
                    if (requestKey != null) m.put(SIGN_OFF_KEY, requestKey);
                    // only when stated: a sign-off without them is written as before
                    if (card != null && !card.intendedUse().isBlank()) m.put(INTENDED_USE, card.intendedUse());
                    if (card != null && !card.limitations().isBlank()) m.put(LIMITATIONS, card.limitations());
                    return FlatJson.write(m).getBytes(StandardCharsets.UTF_8);
                });
    }

    /**
     * Appends one entry under the folder's {@link JournalLock}: re-reads the journal when another process
     * wrote since (its size differs from ours), sets a torn tail aside, appends kept reports first, then the
     * entry. A failed write is cut back to the old end, so a failure leaves nothing behind.
     */
    private JournalEntry append(JournalEntryType type, String id, String reference, byte[] payload,
                                java.util.function.Function<Instant, byte[]> payloadAt) throws JournalException {
        retryable = false;
        try (JournalLock.Held held = lock.acquire(true);
             FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            catchUp(ch);
            if (!state.valid()) {
                retryable = true;
                throw new JournalException("the journal cannot be appended to: " + state.summary());
            }
            appendPending(ch);
            return appendLocked(ch, type, id, reference, payload, payloadAt);
        } catch (IOException e) {
            retryable = true;
            throw new JournalException("cannot append to " + journal + ": " + e.getMessage() + "; nothing was stored", e);
        }
    }

    /** Under the lock: our view of the journal made current, and a torn tail (only a crash leaves one) set aside. */
    private void catchUp(FileChannel ch) throws JournalException, IOException {
        if (ch.size() != size || !state.valid()) reload();
        if (tornOffset >= 0) setAsideTornTail(ch); // which reloads
    }

    private JournalEntry appendLocked(FileChannel ch, JournalEntryType type, String id, String reference, byte[] payload,
                                      java.util.function.Function<Instant, byte[]> payloadAt) throws JournalException {
        if (type == JournalEntryType.REPORT && ids.contains(id))
            throw new JournalException("report id " + id + " is already in the journal; a report is never replaced");
        if (type == JournalEntryType.SIGN_OFF && !reportHashes.containsKey(reference))
            throw new JournalException("no report " + reference + " in the journal to sign off");
        String entryId = id != null ? id : "signoff-" + count;
        Instant time = clock.instant();
        byte[] body = payload != null ? payload : payloadAt.apply(time);
        EntryCodec.Encoded enc = EntryCodec.encode(count, type, entryId, reference, time, key, lastHash, body);
        if (enc.line().length > MAX_ENTRY_BYTES)
            throw new JournalException("entry of " + enc.line().length + " bytes is larger than the journal's limit of "
                    + MAX_ENTRY_BYTES + " bytes");
        long at = size;
        try {
            ByteBuffer buf = ByteBuffer.wrap(enc.line());
            int failAfter = failNextAppendAfter;
            failNextAppendAfter = -1;
            if (failAfter >= 0) buf.limit(Math.min(failAfter, buf.capacity()));
            while (buf.hasRemaining()) at += ch.write(buf, at);
            if (failAfter >= 0) throw new IOException("No space left on device (injected after " + failAfter + " bytes)");
            ch.force(true);
        } catch (IOException e) {
            retryable = true;
            throw new JournalException("cannot append to " + journal + ": " + e.getMessage() + "; " + cutBack(ch), e);
        }
        size = at;
        count++;
        lastHash = enc.entry().hash();
        ids.add(entryId);
        if (type == JournalEntryType.REPORT) reportHashes.put(entryId, lastHash);
        state = new JournalVerification(true, count, -1, null, null, lastHash, key.fingerprint, List.of());
        try {
            writeHead();
        } catch (IOException e) {
            // The entry is on disk, signed and chained: saying it failed would be untrue. The head lags by one
            // (verify notes it) until the next append writes it.
            System.err.println("lucent: journal entry " + (count - 1) + " is stored but the signed head could not be updated: "
                    + e.getMessage());
        }
        return enc.entry();
    }

    /** Cuts a failed write back to the journal's old end, and says whether that worked. */
    private String cutBack(FileChannel ch) {
        try {
            ch.truncate(size);
            ch.force(true);
            return "nothing was stored (the partial entry was cut off)";
        } catch (IOException e) {
            return "a partial entry may remain after byte " + size + " (cutting it off failed: " + e.getMessage()
                    + "); it is set aside in a side file at the next append or start";
        }
    }

    /** Appends the reports kept in {@code pending/}, oldest first; stops at the first that cannot be written. */
    private void appendPending(FileChannel ch) throws JournalException, IOException {
        for (PendingReports.Pending p : pending.list()) {
            if (ids.contains(p.reportId())) {
                Path aside = pending.setAside(p, "report id " + p.reportId() + " was already in the journal");
                System.err.println("lucent: the kept report " + p.reportId() + " was not appended: its id is already in the journal; left in " + aside);
                continue;
            }
            appendLocked(ch, JournalEntryType.REPORT, p.reportId(), null, Files.readAllBytes(p.file()), null);
            Files.delete(p.file());
            System.err.println("lucent: appended the kept report " + p.reportId() + " from " + p.file() + " as journal entry " + (count - 1));
        }
    }

    private void appendPendingAtOpen(FileChannel ch) throws IOException {
        try {
            appendPending(ch);
        } catch (JournalException e) {
            // the host still starts; the report stays kept and the next append tries again
            System.err.println("lucent: a kept report could not be appended yet: " + e.getMessage());
        }
    }

    /** Replaces the head atomically: a reader sees the old or the new head, never half of one. */
    private void writeHead() throws IOException {
        String body = JournalVerifier.Head.body(count, lastHash, key.fingerprint);
        String sig = Hex.of(key.sign(body.getBytes(StandardCharsets.US_ASCII)));
        Path tmp = dir.resolve(HEAD_FILE + ".tmp");
        Files.writeString(tmp, body + ' ' + sig + '\n', StandardCharsets.US_ASCII);
        fsync(tmp);
        try {
            Files.move(tmp, headFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, headFile, StandardCopyOption.REPLACE_EXISTING);
        }
        fsync(dir);
    }

    /**
     * Sets an incomplete last entry (a crash mid-write) aside, as appends and opening for writing do: its
     * bytes are copied to {@code entries.journal.torn-<offset>} and then cut from the journal.
     *
     * @return the side file, or null when there was nothing to recover
     */
    public synchronized Path recoverTornTail() throws JournalException {
        try (JournalLock.Held held = lock.acquire(true);
             FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            reload();
            if (tornOffset < 0) {
                if (!state.valid()) throw new JournalException("nothing torn to recover, and the journal is invalid: " + state.summary());
                return null;
            }
            return setAsideTornTail(ch); // which reloads
        } catch (IOException e) {
            throw new JournalException("cannot recover " + journal + ": " + e.getMessage(), e);
        }
    }

    /**
     * Under the lock, with {@link #tornOffset} current: copies the torn bytes to a side file, cuts them, and
     * reloads the journal's state (so the head can be brought up to the last complete entry).
     */
    private Path setAsideTornTail(FileChannel ch) throws IOException, JournalException {
        long length = ch.size() - tornOffset;
        ByteBuffer torn = ByteBuffer.allocate((int) Math.min(length, MAX_ENTRY_BYTES));
        while (torn.hasRemaining() && ch.read(torn, tornOffset + torn.position()) > 0) {
            // read it all
        }
        Path side = dir.resolve(JOURNAL_FILE + ".torn-" + tornOffset);
        for (int n = 2; Files.exists(side); n++) side = dir.resolve(JOURNAL_FILE + ".torn-" + tornOffset + "-" + n);
        Files.write(side, java.util.Arrays.copyOf(torn.array(), torn.position()), StandardOpenOption.CREATE_NEW);
        fsync(side);
        ch.truncate(tornOffset);
        ch.force(true);
        System.err.println("lucent: the journal ended in an incomplete entry (" + length + " bytes at byte " + tornOffset
                + ", an interrupted write); set aside in " + side + ", nothing deleted");
        reload();
        if (state.valid()) writeHead(); // the head may lag the last complete entry after the crash
        return side;
    }

    // Reads take no lock of this journal: appends and verification never hold a page up, nor pages each other.

    @Override
    public List<JournalEntry> entries() throws JournalException {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalLines lines = new JournalLines(journal, MAX_ENTRY_BYTES)) {
            byte[] line;
            while ((line = lines.next()) != null) {
                try {
                    out.add(EntryCodec.parse(line).entry());
                } catch (EntryCodec.Malformed m) {
                    throw new JournalException("entry " + out.size() + " of " + journal + " is malformed: " + m.getMessage());
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot read " + journal + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public Optional<JournalEntry> signOffWithKey(String reportId, String reviewer, String requestKey) throws JournalException {
        if (requestKey == null) return Optional.empty();
        for (JournalIndex.Read r : index.signOffsOf(reportId)) {
            if (r.problem() != null) continue; // only a sign-off the journal vouches for answers a retried form
            Map<String, String> m = FlatJson.read(new String(r.entry().payload(), StandardCharsets.UTF_8));
            if (m != null && requestKey.equals(m.get(SIGN_OFF_KEY)) && reviewer.equals(m.get("reviewer"))) return Optional.of(r.entry());
        }
        return Optional.empty();
    }

    public List<CheckedEntry> checkedEntries() throws JournalException {
        return index.checked();
    }

    @Override
    public Optional<JournalEntry> entry(String id) throws JournalException {
        return index.read(id).flatMap(r -> Optional.ofNullable(r.entry()));
    }

    @Override
    public String problem(JournalEntry entry) throws JournalException {
        return index.problem(entry);
    }

    @Override
    public List<SignOff> signOffs(String reportId) throws JournalException {
        List<SignOff> out = new ArrayList<>();
        for (JournalIndex.Read r : index.signOffsOf(reportId)) {
            if (r.problem() != null) continue; // a sign-off the journal does not vouch for is no decision
            SignOff s = JournalVerifier.readSignOff(r.entry());
            if (s != null) out.add(s);
        }
        return out;
    }

    /** Bytes the index has read from the file so far (scans and single entries): what shows that a page reads little. */
    long indexBytesRead() {
        return index.bytesRead();
    }

    /** Entry signatures checked so far (opening, appends, pages, verify()): what shows each is checked once. */
    long signatureChecks() {
        return signatureChecks.sum();
    }

    @Override
    public synchronized JournalVerification verify() throws JournalException {
        reloadFromScratch();
        // what the index checked may be stale (bytes changed in place): appends and pages check it all again
        if (!state.valid()) index.forget();
        return state;
    }

    @Override
    public JournalVerification verify(PublicKey trusted) throws JournalException {
        return JournalVerifier.verify(journal, headFile, trusted, MAX_ENTRY_BYTES).result();
    }

    /** Verifies the journal in {@code <dataDir>/journal} against its public key file, creating and changing nothing. */
    public static JournalVerification verifyFolder(Path dataDir) throws JournalException {
        Path dir = dataDir.resolve("journal");
        Path pub = dir.resolve(InstanceKey.PUBLIC_FILE);
        if (!Files.exists(pub)) throw new JournalException("no journal key in " + dir + " (" + InstanceKey.PUBLIC_FILE + " missing)");
        return JournalVerifier.verify(dir.resolve(JOURNAL_FILE), dir.resolve(HEAD_FILE), InstanceKey.readPublicKey(pub),
                MAX_ENTRY_BYTES).result();
    }

    /** Reads a PEM public key, e.g. the one printed in an export, to verify against. */
    public static PublicKey publicKeyFromPem(String pem) throws JournalException {
        return InstanceKey.publicKeyFromPem(pem, "the given key");
    }

    @Override
    public String publicKeyPem() {
        return key.publicKeyPem();
    }

    @Override
    public String keyFingerprint() {
        return key.fingerprint;
    }

    static void fsync(Path path) throws IOException {
        boolean directory = Files.isDirectory(path);
        try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (IOException e) {
            if (!directory) throw e; // some file systems cannot sync a directory; the rename is still atomic
        }
    }

}
