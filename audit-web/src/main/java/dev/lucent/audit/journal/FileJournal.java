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
import java.nio.channels.FileLock;
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
 * <p>An append writes its whole line with one positional write at the end of the file under an exclusive
 * file lock and forces it to disk before it returns. A crash mid-write leaves an incomplete last line:
 * opening reports it, appends are refused until {@link #recoverTornTail()} is called, which moves those
 * bytes to a side file rather than dropping them. Any other verification failure also stops appends, so
 * nothing new is ever chained onto a tampered journal.
 */
public final class FileJournal implements ReportJournal {
    public static final String JOURNAL_FILE = "entries.journal";
    public static final String HEAD_FILE = "head";
    /** Largest entry accepted, base64 and framing included. */
    public static final int MAX_ENTRY_BYTES = 64 << 20;

    private final Path dir;
    private final Path journal;
    private final Path headFile;
    private final Clock clock;
    private final InstanceKey key;
    /** What pages read through: one entry's bytes by id or position, each entry checked once. */
    private final JournalIndex index;

    // State of the verified journal an append continues from; guarded by this.
    private long count;
    private long size;
    private String lastHash;
    private Map<String, String> reportHashes;
    private java.util.Set<String> ids;
    private JournalVerification state;
    private long tornOffset;

    private FileJournal(Path dir, Clock clock, InstanceKey key) {
        this.dir = dir;
        this.journal = dir.resolve(JOURNAL_FILE);
        this.headFile = dir.resolve(HEAD_FILE);
        this.clock = clock;
        this.key = key;
        this.index = new JournalIndex(journal, key.publicKey, MAX_ENTRY_BYTES);
    }

    /**
     * Opens the journal in {@code <dataDir>/journal}, creating the folder and the instance key pair on first
     * start, and verifies it. A journal that fails verification opens read-only: {@link #verify()} says why.
     */
    public static FileJournal open(Path dataDir, Clock clock) throws JournalException {
        Objects.requireNonNull(clock, "clock");
        Path dir = dataDir.resolve("journal");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dataDir);
                if (Files.getFileStore(dataDir).supportsFileAttributeView("posix"))
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                else Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw new JournalException("cannot create the journal folder " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(JOURNAL_FILE);
        boolean empty;
        try {
            empty = !Files.exists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            throw new JournalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        FileJournal j = new FileJournal(dir, clock, InstanceKey.loadOrCreate(dir, empty));
        synchronized (j) {
            j.reload();
        }
        j.index.refresh(); // every entry checked once, now, rather than on the first page
        return j;
    }

    private void reload() throws JournalException {
        JournalVerifier.Outcome o = JournalVerifier.verify(journal, headFile, key.publicKey, MAX_ENTRY_BYTES);
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
        return append(JournalEntryType.REPORT, reportId, null, report.clone(), null);
    }

    @Override
    public synchronized JournalEntry signOff(String reportId, String reviewer, String role, SignOff.Decision decision,
                                             String comment) throws JournalException {
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
                    return FlatJson.write(m).getBytes(StandardCharsets.UTF_8);
                });
    }

    @SuppressWarnings("try") // the lock is held for the block, never referenced
    private JournalEntry append(JournalEntryType type, String id, String reference, byte[] payload,
                                java.util.function.Function<Instant, byte[]> payloadAt) throws JournalException {
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            // Another process may have appended since we last looked: re-verify from the file itself.
            if (ch.size() != size || !state.valid()) reload();
            if (!state.valid())
                throw new JournalException("the journal cannot be appended to: " + state.summary()
                        + (tornOffset >= 0 ? " (call recover to set the incomplete entry aside)" : ""));
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
            ByteBuffer buf = ByteBuffer.wrap(enc.line());
            long at = size;
            while (buf.hasRemaining()) at += ch.write(buf, at);
            ch.force(true);
            size = at;
            count++;
            lastHash = enc.entry().hash();
            ids.add(entryId);
            if (type == JournalEntryType.REPORT) reportHashes.put(entryId, lastHash);
            state = new JournalVerification(true, count, -1, null, null, lastHash, key.fingerprint, List.of());
            writeHead();
            return enc.entry();
        } catch (IOException e) {
            throw new JournalException("cannot append to " + journal + ": " + e.getMessage(), e);
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
     * Sets an incomplete last entry (a crash mid-write) aside: its bytes are copied to
     * {@code entries.journal.torn-<offset>} and then cut from the journal, which must verify otherwise.
     *
     * @return the side file, or null when there was nothing to recover
     */
    @SuppressWarnings("try") // the lock is held for the block, never referenced
    public synchronized Path recoverTornTail() throws JournalException {
        reload();
        if (tornOffset < 0) {
            if (!state.valid()) throw new JournalException("nothing torn to recover, and the journal is invalid: " + state.summary());
            return null;
        }
        Path side = dir.resolve(JOURNAL_FILE + ".torn-" + tornOffset);
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.READ);
             FileLock ignored = ch.lock()) {
            long length = ch.size() - tornOffset;
            ByteBuffer torn = ByteBuffer.allocate((int) Math.min(length, MAX_ENTRY_BYTES));
            ch.read(torn, tornOffset);
            Files.write(side, java.util.Arrays.copyOf(torn.array(), torn.position()), StandardOpenOption.CREATE_NEW);
            fsync(side);
            ch.truncate(tornOffset);
            ch.force(true);
        } catch (IOException e) {
            throw new JournalException("cannot recover " + journal + ": " + e.getMessage(), e);
        }
        reload();
        if (state.valid()) {
            try {
                writeHead(); // the head may lag the last complete entry after the crash
            } catch (IOException e) {
                throw new JournalException("cannot write the head: " + e.getMessage(), e);
            }
        }
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

    @Override
    public synchronized JournalVerification verify() throws JournalException {
        reload();
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
