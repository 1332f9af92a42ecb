package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.cli.ImportReportCommand;
import dev.lucent.audit.journal.FileJournal;
import dev.lucent.explain.api.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lucent import-report}: a sealed report written elsewhere is appended once; a tampered or cut one never. */
class ImportReportCommandTest {
    @TempDir
    Path data;

    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    int run(ImportReportCommand command, Path file) {
        out.reset();
        err.reset();
        return command.run(new String[] {file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** The report as another machine wrote it: the JSON export, compliance view included, as the Spark runner writes it. */
    Path written(AuditReport r) throws Exception {
        Path file = data.resolveSibling(data.getFileName() + "-" + r.id() + ".json");
        Files.writeString(file, ReportJson.export(r, null));
        return file;
    }

    @Test
    void aSealedReportIsAppendedOnceAndVerifies() throws Exception {
        FileJournal journal = FileJournal.open(data, Clock.systemUTC());
        JournalReportStore store = new JournalReportStore(journal);
        ImportReportCommand command = new ImportReportCommand(store);
        AuditReport report = ForgedJournal.report("from-spark", Verdict.Outcome.PASS, Instant.parse("2026-12-07T10:00:00Z"));
        Path file = written(report);

        assertEquals(0, run(command, file), err.toString(StandardCharsets.UTF_8));
        AuditReport stored = store.find("from-spark").orElseThrow();
        assertEquals(report.reportHash(), stored.reportHash());
        assertTrue(journal.verify().valid());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("1:"), "prints the head: " + err);

        assertEquals(2, run(command, file)); // twice is refused
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already in the journal"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, journal.entries().size());
    }

    @Test
    void aTamperedOrCutReportIsRefusedAndNothingAppended() throws Exception {
        FileJournal journal = FileJournal.open(data, Clock.systemUTC());
        ImportReportCommand command = new ImportReportCommand(new JournalReportStore(journal));
        AuditReport report = ForgedJournal.report("tampered", Verdict.Outcome.FAIL, Instant.parse("2026-12-07T10:00:00Z"));
        Path file = written(report);
        String json = Files.readString(file);

        Files.writeString(file, json.replace("\"FAIL\"", "\"PASS\"")); // FAIL turned into PASS, hashes left as they were
        assertEquals(2, run(command, file));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("refused") && message.contains("hash mismatch") && message.contains("nothing was appended"), message);
        assertEquals(1, message.strip().lines().count(), message);

        Files.writeString(file, json.substring(0, json.length() / 2)); // cut short, as a partial copy
        assertEquals(2, run(command, file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("refused"), err.toString(StandardCharsets.UTF_8));

        assertEquals(0, journal.entries().size());
    }

    @Test
    void withoutAJournalNothingIsAppended() throws Exception {
        Path file = written(ForgedJournal.report("nowhere", Verdict.Outcome.PASS, Instant.parse("2026-12-07T10:00:00Z")));
        assertEquals(2, run(new ImportReportCommand(null), file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no journal"), err.toString(StandardCharsets.UTF_8));
    }
}
