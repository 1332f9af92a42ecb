package dev.lucent.audit.journal;

import dev.lucent.audit.api.CheckedEntry;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.SignOff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static dev.lucent.audit.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue #19, point 7: reading one report costs the bytes of its entry, whatever the journal's length; the index
 * follows appends made by another writer (the CLI beside the host) and files cut or rewritten under it.
 */
class JournalIndexTest {
    @TempDir
    Path data;

    static byte[] payload(int i) {
        return ("{\"report\":" + i + ",\"padding\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    FileJournal journalOf(int reports) throws Exception {
        return grown(0, reports);
    }

    /** Appends reports {@code from} to {@code to - 1} (every third signed off), then opens the journal afresh. */
    FileJournal grown(int from, int to) throws Exception {
        FileJournal j = FileJournal.open(data, ticking());
        for (int i = from; i < to; i++) {
            j.appendReport("report-" + i, payload(i));
            if (i % 3 == 0) j.signOff("report-" + i, "Ada", "auditor", SignOff.Decision.APPROVE, "ok " + i);
        }
        return FileJournal.open(data, ticking()); // a fresh start: its index built and every entry checked at open
    }

    /** Bytes the index reads to find and read one report, counted. */
    static long bytesToRead(FileJournal j, String id) throws Exception {
        long before = j.indexBytesRead();
        JournalEntry e = j.entry(id).orElseThrow();
        assertNull(j.problem(e));
        return j.indexBytesRead() - before;
    }

    static int lineLength(Path data, String id) throws Exception {
        for (byte[] line : lines(journalFile(data)))
            if (new String(line, StandardCharsets.US_ASCII).split(" ")[3].equals(id)) return line.length;
        throw new AssertionError("no " + id);
    }

    @Test
    void readingOneReportReadsOnlyItsEntryWhateverTheJournalsLength() throws Exception {
        FileJournal small = journalOf(10);
        long smallRead = bytesToRead(small, "report-7");
        assertEquals(lineLength(data, "report-7"), smallRead, "exactly the entry's line, newline included");

        FileJournal large = grown(10, 400); // the same folder, grown to 400 reports and 134 sign-offs
        assertTrue(Files.size(journalFile(data)) > 40 * smallRead);
        assertEquals(smallRead, bytesToRead(large, "report-7"), "the same cost with 40 times the entries");
        assertEquals(lineLength(data, "report-399"), bytesToRead(large, "report-399"));
        // the sign-offs of a report: their entries only
        long before = large.indexBytesRead();
        assertEquals(1, large.signOffs("report-399").size());
        assertEquals(lineLength(data, "signoff-" + (large.checkedEntries().size() - 1)), large.indexBytesRead() - before);
        assertTrue(large.entry("report-400").isEmpty());
    }

    @Test
    void appendsByAnotherWriterAreIndexedByReadingOnlyTheNewBytes() throws Exception {
        FileJournal host = journalOf(50);
        FileJournal cli = FileJournal.open(data, ticking()); // the CLI beside the host, on the same folder
        cli.appendReport("from-cli", payload(-1));
        long before = host.indexBytesRead();
        JournalEntry e = host.entry("from-cli").orElseThrow();
        assertNull(host.problem(e));
        List<byte[]> lines = lines(journalFile(data));
        // the last entry it had (to see it was appended to, not rewritten), the new line, and the entry read
        assertEquals(lines.get(lines.size() - 2).length + 2L * lines.get(lines.size() - 1).length, host.indexBytesRead() - before);
        assertEquals(lines.size(), host.checkedEntries().size());
        assertTrue(host.checkedEntries().stream().allMatch(CheckedEntry::genuine));
    }

    @Test
    void aTornTailIsLeftOutUntilItsLineIsComplete() throws Exception {
        FileJournal host = journalOf(3);
        FileJournal other = FileJournal.open(data, ticking());
        other.appendReport("late", payload(9));
        List<byte[]> lines = lines(journalFile(data));
        byte[] last = lines.get(lines.size() - 1);
        writeLines(journalFile(data), lines.subList(0, lines.size() - 1));
        host.checkedEntries(); // indexes the file without "late"
        try (FileChannel ch = FileChannel.open(journalFile(data), StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(last, 0, 40)); // half a line: a write in progress
        }
        assertTrue(host.entry("late").isEmpty());
        assertEquals(lines.size() - 1, host.checkedEntries().size());
        try (FileChannel ch = FileChannel.open(journalFile(data), StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(last, 40, last.length - 40));
        }
        assertNull(host.problem(host.entry("late").orElseThrow()));
    }

    @Test
    void aFileCutOrRewrittenUnderTheIndexIsCheckedAgain() throws Exception {
        FileJournal host = journalOf(6);
        List<byte[]> lines = lines(journalFile(data));
        assertTrue(host.entry("report-5").isPresent());
        writeLines(journalFile(data), lines.subList(0, 3)); // cut
        assertTrue(host.entry("report-5").isEmpty());
        assertEquals(3, host.checkedEntries().size());

        // rewritten in place, same length: one hex digit of entry 1's signature changed
        writeLines(journalFile(data), lines);
        byte[] bad = lines.get(1).clone();
        int at = bad.length - 3;
        bad[at] = (byte) (bad[at] == '0' ? '1' : '0');
        List<byte[]> edited = new java.util.ArrayList<>(lines);
        edited.set(1, bad);
        host.checkedEntries();
        writeLines(journalFile(data), edited);
        String id = new String(bad, StandardCharsets.US_ASCII).split(" ")[3];
        JournalEntry e = host.entry(id).orElseThrow();
        assertTrue(host.problem(e).contains("signature does not verify"), host.problem(e));
        List<CheckedEntry> all = host.checkedEntries();
        assertTrue(all.get(0).genuine());
        assertTrue(all.subList(1, all.size()).stream().noneMatch(CheckedEntry::genuine), "entry 1 and all after it");
    }

    @Test
    void anEntryThatIsNotTheOneCheckedIsNotGenuine() throws Exception {
        FileJournal host = journalOf(2);
        JournalEntry e = host.entry("report-1").orElseThrow();
        JournalEntry altered = new JournalEntry(e.index(), e.type(), e.id(), e.reference(), e.time(), e.keyFingerprint(),
                e.previousHash(), "{\"report\":1,\"verdict\":\"pass\"}".getBytes(StandardCharsets.UTF_8), e.hash(), e.signature());
        assertTrue(host.problem(altered).contains("does not match its hash"), host.problem(altered));
        JournalEntry elsewhere = new JournalEntry(99, e.type(), e.id(), e.reference(), e.time(), e.keyFingerprint(),
                e.previousHash(), e.payload(), e.hash(), e.signature());
        assertNotNull(host.problem(elsewhere));
    }
}
