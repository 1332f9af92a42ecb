package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.ReportJournal;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.explain.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/** Reports kept as their canonical JSON in the signed, hash-chained journal; read back with their hashes checked. */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = ReportStore.class)
public final class JournalReportStore implements ReportStore {
    private final ReportJournal journal;
    /**
     * Parsed reports by journal entry hash. Entries are immutable and the key is the hash of the stored bytes,
     * so a cached report is always the one on disk; it spares re-parsing on every page view.
     */
    private final Map<String, AuditReport> parsed = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 1000;

    @Activate
    public JournalReportStore(@Reference ReportJournal journal) {
        this.journal = journal;
    }

    @Override
    public StoredReport save(AuditReport report) throws JournalException {
        String bad = ReportJson.checkHashes(report);
        if (bad != null) throw new IllegalArgumentException("report " + report.id() + " not stored: " + bad);
        JournalEntry e = journal.appendReport(report.id(), ReportJson.write(report).getBytes(StandardCharsets.UTF_8));
        return summary(report, e);
    }

    @Override
    public Optional<AuditReport> find(String id) throws JournalException {
        for (JournalEntry e : journal.entries())
            if (e.type() == JournalEntryType.REPORT && e.id().equals(id))
                return Optional.of(parse(e));
        return Optional.empty();
    }

    @Override
    public List<StoredReport> list() throws JournalException {
        List<StoredReport> out = new ArrayList<>();
        for (JournalEntry e : journal.entries()) {
            if (e.type() != JournalEntryType.REPORT) continue;
            try {
                out.add(summary(parse(e), e));
            } catch (IllegalArgumentException unreadable) {
                // not a report of this schema (or damaged: verify names it); left out of the list
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private AuditReport parse(JournalEntry e) {
        AuditReport cached = parsed.get(e.hash());
        if (cached != null) return cached;
        AuditReport r = ReportJson.read(new String(e.payload(), StandardCharsets.UTF_8));
        if (parsed.size() >= CACHE_LIMIT) parsed.clear();
        parsed.put(e.hash(), r);
        return r;
    }

    private StoredReport summary(AuditReport r, JournalEntry e) {
        Map<Verdict.Outcome, Integer> c = r.counts();
        return new StoredReport(r.id(), r.title(), r.provenance().finished(), r.reportHash(), r.findingsHash(),
                c.get(Verdict.Outcome.PASS), c.get(Verdict.Outcome.WARN), c.get(Verdict.Outcome.FAIL),
                c.get(Verdict.Outcome.ERROR), e.index(), e.hash(), e.signature(), e.keyFingerprint(), journal.publicKeyPem());
    }
}
