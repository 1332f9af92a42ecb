package dev.lucent.audit.journal;

import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.SignOff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lucent.audit.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Issue #19 point 4: a failed append leaves nothing, and a report that cannot be stored is kept, then appended. */
class JournalFailureTest {
    @TempDir
    Path data;

    @Test
    void aSignOffThatFailsMidWriteLeavesNothingAndTheJournalStaysUsable() throws Exception {
        FileJournal j = fourEntries(data);
        long before = Files.size(journalFile(data));
        j.failNextAppendAfter = 100;
        JournalException e = assertThrows(JournalException.class,
                () -> j.signOff("report-1", "Ada Lovelace", "auditor", SignOff.Decision.REJECT, "disk full"));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was stored"), e.getMessage());
        assertEquals(before, Files.size(journalFile(data)), "the partial entry was cut off");
        assertTrue(FileJournal.verifyFolder(data).valid());

        j.signOff("report-1", "Ada Lovelace", "auditor", SignOff.Decision.REJECT, "disk freed");
        JournalVerification v = FileJournal.open(data, ticking()).verify();
        assertTrue(v.valid(), v.summary());
        assertEquals(5, v.entries());
    }

    @Test
    void aReportThatCannotBeStoredIsKeptAndAppendedAtTheNextAppend() throws Exception {
        FileJournal j = fourEntries(data);
        byte[] report = "{\"kept\":true}".getBytes(StandardCharsets.UTF_8);
        j.failNextAppendAfter = 10;
        JournalException e = assertThrows(JournalException.class, () -> j.appendReport("report-3", report));
        Path kept = data.resolve("journal").resolve("pending").resolve("report-3.report");
        assertTrue(e.getMessage().contains(kept.toString()), "the user is told where it is: " + e.getMessage());
        assertArrayEquals(report, Files.readAllBytes(kept));
        assertTrue(FileJournal.verifyFolder(data).notes().stream().anyMatch(n -> n.contains("report-3.report")));

        j.signOff("report-2", "Grace Hopper", "auditor", SignOff.Decision.APPROVE, "next append");
        assertFalse(Files.exists(kept), "appended, then deleted");
        var entries = j.entries();
        assertEquals("report-3", entries.get(4).id(), "the kept report goes in first");
        assertArrayEquals(report, entries.get(4).payload());
        assertTrue(j.verify().valid());
    }

    @Test
    void aKeptReportIsAppendedAtTheNextStart() throws Exception {
        FileJournal j = fourEntries(data);
        j.failNextAppendAfter = 0;
        assertThrows(JournalException.class, () -> j.appendReport("report-3", new byte[]{1, 2, 3}));
        FileJournal restarted = FileJournal.open(data, ticking());
        assertEquals(5, restarted.verify().entries());
        assertEquals("report-3", restarted.entries().get(4).id());
        assertTrue(restarted.verify().valid());
    }

    @Test
    void aDuplicateIdIsRefusedAndNotKept() throws Exception {
        FileJournal j = fourEntries(data);
        assertThrows(JournalException.class, () -> j.appendReport("report-1", new byte[]{1}));
        assertFalse(Files.exists(data.resolve("journal").resolve("pending").resolve("report-1.report")));
    }
}
