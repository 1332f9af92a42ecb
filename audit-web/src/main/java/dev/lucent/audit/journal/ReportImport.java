package dev.lucent.audit.journal;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.audit.runner.AuditInputs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends a report sealed elsewhere (by the Spark runner, docs/scale-out.md) to the journal, once its seal holds:
 * both hashes are recomputed from the document, so a tampered, cut or partial report is refused, and so is one the
 * journal already holds. The one path of {@code lucent import-report} and of the console's report upload.
 */
public final class ReportImport {
    /** Larger than any report an audit writes (they are findings, not rows); a bound before a whole file is read. */
    public static final long MAX_BYTES = 256L << 20;

    private ReportImport() {
    }

    /** Why a report was not appended, in one line that names it; nothing was appended. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Reads the report in {@code file} and appends it to {@code store}.
     *
     * @param name what the messages call the report (a path, or the name an upload came with)
     */
    public static ReportStore.StoredReport append(ReportStore store, Path file, String name) throws Refused {
        String json;
        try {
            if (Files.size(file) > MAX_BYTES)
                throw new Refused(name + ": larger than " + (MAX_BYTES >> 20) + " MiB, which no audit report is; nothing was appended");
            try (InputStream in = Files.newInputStream(file)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new Refused(name + ": cannot read it: " + AuditInputs.oneLine(String.valueOf(e.getMessage())));
        }
        AuditReport report;
        try {
            report = ReportJson.read(json);
        } catch (RuntimeException e) { // not JSON, cut short, an unknown schema, or a hash that does not match
            throw new Refused(name + ": refused, the report's seal does not hold (" + AuditInputs.oneLine(String.valueOf(e.getMessage()))
                    + "); nothing was appended");
        }
        if (store == null) throw new Refused("no journal is available in this data folder; nothing was appended");
        try {
            synchronized (store) { // two uploads of one report: the second sees the first
                if (store.find(report.id()).isPresent())
                    throw new Refused(name + ": report " + report.id() + " is already in the journal; nothing was appended");
                return store.save(report);
            }
        } catch (JournalException e) {
            throw new Refused("the journal refused the report: " + AuditInputs.oneLine(String.valueOf(e.getMessage())));
        }
    }
}
