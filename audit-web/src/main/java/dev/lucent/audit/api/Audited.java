package dev.lucent.audit.api;

import java.util.Objects;

/**
 * An audit's sealed report and whether it was stored.
 *
 * @param stored    its journal entry in short; null when it was not stored
 * @param notStored why it was not stored (the journal refused it, or there is no journal); null when it was
 */
public record Audited(AuditReport report, ReportStore.StoredReport stored, String notStored) {
    public Audited {
        Objects.requireNonNull(report, "report");
        if ((stored == null) == (notStored == null)) throw new IllegalArgumentException("stored, or why not: one of the two");
    }
}
