package dev.lucent.audit.cli;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.journal.JournalVerifyCommand;
import dev.lucent.audit.report.ReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

/**
 * {@code lucent import-report report.json}: appends a report written elsewhere (by the Spark runner,
 * docs/scale-out.md) to this data folder's journal, once its seal holds: both hashes are recomputed from the
 * document, so a tampered, truncated or partial report is refused (exit 2, nothing appended). Exit 0 once stored.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class,
        property = HeadlessCommand.COMMAND_PROPERTY + "=import-report")
public final class ImportReportCommand implements HeadlessCommand {
    static final String USAGE = "import-report REPORT.json";
    /** Larger than any report an audit writes (they are findings, not rows); a bound before a whole file is read. */
    static final long MAX_BYTES = 256L << 20;

    private final ReportStore store;

    @Activate
    public ImportReportCommand(@Reference(cardinality = ReferenceCardinality.OPTIONAL) ReportStore store) {
        this.store = store;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("lucent " + USAGE);
            return 0;
        }
        if (args.length != 1) {
            err.println("lucent import-report: give one report file (" + USAGE + ")");
            return 2;
        }
        Path file = Path.of(args[0]);
        AuditReport report;
        try {
            report = ReportJson.read(read(file));
        } catch (IOException e) {
            err.println("lucent import-report: " + file + ": cannot read it: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) { // not JSON, cut short, an unknown schema, or a hash that does not match
            err.println("lucent import-report: " + file + ": refused, the report's seal does not hold ("
                    + dev.lucent.audit.runner.AuditInputs.oneLine(e.getMessage()) + "); nothing was appended");
            return 2;
        }
        if (store == null) {
            err.println("lucent import-report: no journal is available in this data folder; nothing was appended");
            return 2;
        }
        try {
            if (store.find(report.id()).isPresent()) {
                err.println("lucent import-report: " + file + ": report " + report.id() + " is already in the journal; nothing was appended");
                return 2;
            }
            ReportStore.StoredReport stored = store.save(report);
            out.println("imported report " + report.id() + " (" + report.title() + ") as journal entry " + stored.journalIndex()
                    + " (" + stored.journalHash() + ")");
            err.println(JournalVerifyCommand.head(stored.journalIndex() + 1, stored.journalHash()));
            return 0;
        } catch (JournalException e) {
            err.println("lucent import-report: the journal refused the report: " + e.getMessage());
            return 2;
        }
    }

    private static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES)
            throw new IOException("larger than " + (MAX_BYTES >> 20) + " MiB, which no audit report is");
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
