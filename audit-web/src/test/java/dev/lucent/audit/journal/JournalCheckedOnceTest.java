package dev.lucent.audit.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static dev.lucent.audit.journal.JournalTestSupport.ticking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each entry's signature is checked once per process: opening checks the file once (the append state and the
 * index pages read share that pass), and an append after another writer's appends checks only its new entries.
 * Counts the checks, never times them.
 */
class JournalCheckedOnceTest {
    @TempDir
    Path data;

    private static byte[] report(int i) {
        return ("{\"model\":\"m" + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void openingChecksEachEntryOnceAndAnAppendChecksOnlyAnotherWritersNewEntries() throws Exception {
        int n = 40;
        FileJournal cli = FileJournal.open(data, ticking());
        for (int i = 0; i < n; i++) cli.appendReport("report-" + i, report(i));

        FileJournal host = FileJournal.open(data, ticking());
        assertEquals(n, host.signatureChecks(), "opening checks each entry once");
        assertEquals(n, host.checkedEntries().size());
        assertTrue(host.entry("report-7").isPresent());
        assertEquals(n, host.signatureChecks(), "pages read what opening checked");

        for (int i = n; i < n + 3; i++) cli.appendReport("report-" + i, report(i)); // the other writer
        host.appendReport("mine", report(-1));
        assertEquals(n + 3, host.signatureChecks(), "the append checks the other writer's 3 entries, not n + 3");

        assertEquals(n + 4, host.checkedEntries().size());
        assertEquals(n + 4, host.signatureChecks(), "its own entry is checked once, when first read");

        assertTrue(host.verify().valid());
        assertEquals(2 * (n + 4), host.signatureChecks(), "verify() checks the whole file from scratch");
        host.appendReport("after-verify", report(-2));
        assertEquals(n + 5, host.checkedEntries().size());
        assertEquals(2 * (n + 4) + 1, host.signatureChecks(), "verify() leaves the index as it was");
    }

    @Test
    void aTornTailSetAsideAtOpenDoesNotMakeItCheckTheEntriesAgain() throws Exception {
        FileJournal cli = FileJournal.open(data, ticking());
        for (int i = 0; i < 5; i++) cli.appendReport("report-" + i, report(i));
        java.nio.file.Files.write(JournalTestSupport.journalFile(data), "L1 5 report half".getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND); // a crash mid-write
        FileJournal host = FileJournal.open(data, ticking());
        assertTrue(host.verify().valid(), host.verify().summary());
        assertEquals(5 + 2 * 5, host.signatureChecks(), "opening: 5; each verify(): 5");
        assertEquals(5, host.checkedEntries().size());
        assertEquals(5 + 2 * 5, host.signatureChecks());
    }

    @Test
    void anAppendAfterTheFileWasRewrittenBelowTheCheckedEndChecksItAllAgain() throws Exception {
        FileJournal cli = FileJournal.open(data, ticking());
        for (int i = 0; i < 5; i++) cli.appendReport("report-" + i, report(i));
        FileJournal host = FileJournal.open(data, ticking());
        assertEquals(5, host.signatureChecks());

        // the last entry changed in place, one byte longer: not an append, so nothing checked before is trusted
        Path file = JournalTestSupport.journalFile(data);
        java.util.List<byte[]> lines = JournalTestSupport.lines(file);
        lines.set(4, new String(lines.get(4), StandardCharsets.US_ASCII).replace("report-4", "report-44").getBytes(StandardCharsets.US_ASCII));
        JournalTestSupport.writeLines(file, lines);
        dev.lucent.audit.api.JournalException e = org.junit.jupiter.api.Assertions.assertThrows(dev.lucent.audit.api.JournalException.class,
                () -> host.appendReport("mine", report(-1)));
        assertTrue(e.getMessage().contains("cannot be appended"), e.getMessage());
        assertEquals(5 + 4, host.signatureChecks(), "the whole file checked again, up to the changed entry (its hash fails first)");
    }
}
