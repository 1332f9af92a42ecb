package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.CheckedEntry;
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
    /**
     * Report summaries (or none, for an entry that is not a readable report) by journal position and entry hash,
     * so the list and the dashboard read each report once rather than the whole journal on every view.
     */
    private final Map<String, Optional<StoredReport>> summaries = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SUMMARY_LIMIT = 200_000;

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
        Optional<JournalEntry> e = journal.entry(id);
        if (e.isEmpty() || e.get().type() != JournalEntryType.REPORT) return Optional.empty();
        return Optional.of(parse(e.get()));
    }

    @Override
    public Optional<StoredReport> stored(String id) throws JournalException {
        Optional<JournalEntry> e = journal.entry(id);
        if (e.isEmpty() || e.get().type() != JournalEntryType.REPORT) return Optional.empty();
        try {
            return Optional.of(summary(parse(e.get()), e.get()).withProblem(journal.problem(e.get())));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public List<StoredReport> list() throws JournalException {
        List<StoredReport> out = new ArrayList<>();
        for (CheckedEntry c : journal.checkedEntries()) {
            if (c.type() != JournalEntryType.REPORT) continue;
            // a summary is the same as long as the entry is: keyed by its place and hash, read once
            Optional<StoredReport> s = summaries.get(c.index() + " " + c.hash());
            if (s == null) {
                s = stored(c.id()).filter(r -> r.journalIndex() == c.index());
                if (summaries.size() >= SUMMARY_LIMIT) summaries.clear();
                summaries.put(c.index() + " " + c.hash(), s);
            }
            // the check as the index has it now (an entry after a newly found break is no longer genuine)
            s.ifPresent(r -> out.add(r.withProblem(c.problem())));
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
                c.get(Verdict.Outcome.ERROR), c.get(Verdict.Outcome.NOT_APPLICABLE), ReportView.subtitle(r), e.index(), e.hash(), e.signature(), e.keyFingerprint(), journal.publicKeyPem(), null);
    }
}
