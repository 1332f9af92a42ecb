package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.CheckedEntry;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.api.SignOff;
import dev.lucent.audit.journal.FileJournal;
import dev.lucent.explain.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue #19, point 3: a report changed from FAIL to PASS with its inner hashes and the journal's chain recomputed,
 * but not re-signed, is marked as not genuine wherever it is read (store, list, every export), whether the
 * journal was forged while the console was stopped or while it was running.
 */
class ForgedReportTest {
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path data;

    /** Two reports (one genuine pass, one failing), the failing one rejected, a third report after it. */
    FileJournal journalWithAFailingReport() throws Exception {
        FileJournal j = FileJournal.open(data, Clock.fixed(T0, ZoneOffset.UTC));
        JournalReportStore store = new JournalReportStore(j);
        store.save(ForgedJournal.report("genuine", Verdict.Outcome.PASS, T0));
        store.save(ForgedJournal.report("failing", Verdict.Outcome.FAIL, T0.plusSeconds(60)));
        j.signOff("failing", "Ada", "auditor", SignOff.Decision.REJECT, "below the bar");
        store.save(ForgedJournal.report("later", Verdict.Outcome.PASS, T0.plusSeconds(120)));
        return j;
    }

    @Test
    void forgedWhileStoppedIsMarkedOnReadAndInEveryExport() throws Exception {
        journalWithAFailingReport();
        ForgedJournal.failToPass(data, "failing");
        FileJournal j = FileJournal.open(data, Clock.systemUTC()); // the console starts on the forged folder
        JournalReportStore store = new JournalReportStore(j);

        // the forgery is what the issue says: the stored report now passes and its own hashes check out
        AuditReport forged = store.find("failing").orElseThrow();
        assertTrue(forged.passed());
        assertNull(ReportJson.checkHashes(forged));
        assertFalse(j.verify().valid());

        assertMarked(j, store, forged);
    }

    @Test
    void forgedWhileRunningIsMarkedOnTheNextRead() throws Exception {
        FileJournal j = journalWithAFailingReport();
        JournalReportStore store = new JournalReportStore(j);
        assertTrue(store.list().stream().allMatch(ReportStore.StoredReport::genuine), "all genuine before the forgery");
        assertTrue(store.stored("failing").orElseThrow().genuine());

        ForgedJournal.failToPass(data, "failing");
        AuditReport forged = store.find("failing").orElseThrow();
        assertTrue(forged.passed());
        assertMarked(j, store, forged);
    }

    void assertMarked(FileJournal j, JournalReportStore store, AuditReport forged) throws Exception {
        Map<String, CheckedEntry> entries = j.checkedEntries().stream().collect(Collectors.toMap(CheckedEntry::id, Function.identity()));
        assertTrue(entries.get("genuine").genuine(), "the report before the forgery stays genuine");
        assertTrue(entries.get("failing").problem().contains("signature does not verify"), entries.get("failing").problem());
        assertFalse(entries.get("later").genuine(), "an entry chained after the forgery is not vouched for either");

        ReportStore.StoredReport stored = store.stored("failing").orElseThrow();
        assertFalse(stored.genuine());
        assertTrue(stored.problem().contains("entry 1 is not genuine"), stored.problem());
        assertTrue(store.stored("genuine").orElseThrow().genuine());
        Map<String, ReportStore.StoredReport> listed = store.list().stream()
                .collect(Collectors.toMap(ReportStore.StoredReport::id, Function.identity()));
        assertTrue(listed.get("genuine").genuine());
        assertFalse(listed.get("failing").genuine());
        assertFalse(listed.get("later").genuine());
        // the re-pointed rejection is no decision of the journal's
        assertEquals(List.of(), j.signOffs("failing"));
        assertFalse(j.entry("signoff-2").map(e -> {
            try {
                return j.problem(e) == null;
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }).orElseThrow());

        String why = stored.problem();
        String html = Reports.html(forged, stored);
        assertTrue(html.contains("NOT GENUINE"), "HTML export");
        assertFalse(html.contains("Passed: no verdict failed"), "HTML export must not say passed");
        assertTrue(html.contains(Html.esc(why)));
        String page = Reports.body(forged, why);
        assertTrue(page.contains("NOT GENUINE") && !page.contains("Passed: no verdict failed"), "console rendering");
        String json = ReportJson.export(forged, why);
        assertTrue(json.startsWith("{\"notGenuine\":\"NOT GENUINE"), json.substring(0, 80));
        String csv = ReportCsv.findings(forged, why);
        assertTrue(csv.startsWith("NOT GENUINE") || csv.startsWith("\"NOT GENUINE"), csv.substring(0, 80));
        String card = ModelCard.markdown(forged, why);
        assertTrue(card.contains("NOT GENUINE") && card.contains("**Overall: not genuine.**"), card);
        try (PDDocument doc = Loader.loadPDF(new ReportExports().render(ReportExports.Format.PDF, forged, stored, null))) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertTrue(text.contains("NOT GENUINE"), "PDF export");
            assertFalse(text.contains("Passed: no verdict failed"), "PDF export must not say passed");
        }
        // the genuine report's exports carry no mark
        ReportStore.StoredReport good = store.stored("genuine").orElseThrow();
        AuditReport genuine = store.find("genuine").orElseThrow();
        assertFalse(Reports.html(genuine, good).contains("NOT GENUINE"));
        String written = ReportJson.write(genuine); // the export is the stored report with the derived compliance view after it
        assertTrue(ReportJson.export(genuine, good.problem()).startsWith(written.substring(0, written.length() - 1) + ",\"compliance\":"));
        assertArrayEquals(ReportJson.write(genuine).getBytes(StandardCharsets.UTF_8), j.entry("genuine").orElseThrow().payload());
    }
}
