package dev.lucent.audit.cli;

import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.journal.JournalVerifyCommand;
import dev.lucent.audit.journal.ReportImport;
import java.io.PrintStream;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

/**
 * {@code lucent import-report report.json}: appends a report written elsewhere (by the Spark runner,
 * docs/scale-out.md) to this data folder's journal through {@link ReportImport}, as the console's upload does: a
 * tampered, truncated, partial or already imported report is refused (exit 2, nothing appended). Exit 0 once stored.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class,
        property = HeadlessCommand.COMMAND_PROPERTY + "=import-report")
public final class ImportReportCommand implements HeadlessCommand {
    static final String USAGE = "import-report REPORT.json";
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
        try {
            ReportStore.StoredReport stored = ReportImport.append(store, file, file.toString());
            out.println("imported report " + stored.id() + " (" + stored.title() + ") as journal entry " + stored.journalIndex()
                    + " (" + stored.journalHash() + ")");
            err.println(JournalVerifyCommand.head(stored.journalIndex() + 1, stored.journalHash()));
            return 0;
        } catch (ReportImport.Refused e) {
            err.println("lucent import-report: " + e.getMessage());
            return 2;
        }
    }
}
