package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.journal.FileJournal;
import dev.lucent.audit.journal.ReportImport;
import dev.lucent.audit.report.JournalReportStore;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An imported Spark report's page says how to replay it instead of showing a Replay button that cannot work, and
 * the import's duplicate guard is the journal's: the same sealed report is refused after a restart and by a second
 * process that opened the journal before the first import.
 */
class ImportedReportPageTest {
    @TempDir
    Path data;

    final Pages pages = new Pages();

    String page(AuditReport r, boolean filesHeld) {
        Map<String, Object> m = new ReportPageTest().model(r);
        m.put("replayNote", ReplayNote.of(r, filesHeld));
        return pages.render("report", m);
    }

    @Test
    void aSparkReportShowsHowToReplayItWithSparkNotAReplayButton() {
        AuditReport spark = ReportImportUploadTest.report("from-spark", Verdict.Outcome.PASS);
        for (boolean held : new boolean[] {false, true}) { // even were a same-named file uploaded, the rows were Spark's
            String page = page(spark, held);
            TemplatesTest.assertSafe(page);
            assertFalse(page.contains("id=\"replay\""), "no Replay button");
            String note = page.substring(page.indexOf("id=\"replay-note\""), page.indexOf("</p>", page.indexOf("id=\"replay-note\"")));
            assertTrue(note.contains("Imported: this report was made by the Spark runner on hdfs:///rows.parquet"), note);
            assertTrue(note.contains("spark-submit --class dev.lucent.spark.SparkAuditMain lucent-spark.jar audit --model model.onnx"
                    + " --data hdfs:///rows.parquet --label label --seed 42 --explainers classification-metrics --json report.json"), note);
            assertTrue(note.contains(spark.findingsHash()), note);
        }
    }

    @Test
    void aConsoleReportKeepsItsButtonAndOneMadeFromOtherFilesSaysSo() {
        AuditReport local = ReportPageTest.report();
        String held = page(local, true);
        assertTrue(held.contains("id=\"replay\""), "the console holds its files: Replay");
        assertFalse(held.contains("id=\"replay-note\""));
        String cli = page(local, false);
        assertFalse(cli.contains("id=\"replay\""));
        assertTrue(cli.contains("made from files the console does not hold") && cli.contains("--seed 9"), cli);
    }

    @Test
    void theSameReportIsRefusedAfterARestartAndFromASecondProcess() throws Exception {
        AuditReport r = ReportImportUploadTest.report("from-spark", Verdict.Outcome.PASS);
        Path file = data.resolve("report.json");
        Files.writeString(file, ReportJson.export(r, null));
        FileJournal other = FileJournal.open(data, Clock.systemUTC()); // a CLI beside the host, opened before the import
        ReportImport.append(new JournalReportStore(FileJournal.open(data, Clock.systemUTC())), file, "report.json");

        FileJournal restarted = FileJournal.open(data, Clock.systemUTC()); // the host started again on the same folder
        for (FileJournal j : new FileJournal[] {restarted, other}) {
            ReportImport.Refused no = assertThrows(ReportImport.Refused.class,
                    () -> ReportImport.append(new JournalReportStore(j), file, "report.json"));
            assertEquals("report.json: report from-spark is already in the journal; nothing was appended", no.getMessage());
        }
        assertEquals(1, restarted.entries().size());
        assertTrue(restarted.verify().valid());
    }
}
