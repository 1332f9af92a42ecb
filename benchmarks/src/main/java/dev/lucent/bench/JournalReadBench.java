package dev.lucent.bench;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.audit.journal.FileJournal;
import dev.lucent.audit.report.JournalReportStore;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Times what a report page reads from the journal (issue #19, point 7), on journals of 10, 1,000 and 100,000
 * signed reports: "before" does the reads the page did up to d8fbca5 (find the entry, find the report, the
 * summary through the whole list, the sign-offs twice: a scan of the whole file each, every report parsed for the
 * list with the old 1,000-report cache), "after" does today's (the entry by id through the index, its summary,
 * its sign-offs, its check). Single thread; medians. Prints a Markdown table.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.lucent.bench.JournalReadBench [SIZES] [FOLDER]</pre>
 *
 * SIZES defaults to 10,1000,100000; FOLDER (default benchmarks/target/journal-bench) gets one data folder per
 * size, written directly (signed with the key FileJournal creates; appending 100,000 entries one fsync at a time
 * would take most of an hour) and deleted afterwards.
 */
public final class JournalReadBench {
    private JournalReadBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10,1000,100000").split(",")).mapToInt(Integer::parseInt).toArray();
        Path root = Path.of(args.length > 1 ? args[1] : "benchmarks/target/journal-bench");
        System.out.println("| entries | journal | open (check all, build index) | before: page reads, median | after: page reads, median | after: bytes read |");
        System.out.println("|---|---|---|---|---|---|");
        for (int n : sizes) {
            Path data = root.resolve("n" + n);
            delete(data);
            Files.createDirectories(data);
            write(data, n);
            long size = Files.size(data.resolve("journal").resolve(FileJournal.JOURNAL_FILE));
            long t0 = System.nanoTime();
            FileJournal journal = FileJournal.open(data, Clock.systemUTC());
            long open = System.nanoTime() - t0;
            JournalReportStore store = new JournalReportStore(journal);
            String id = "report-" + (n / 2);
            int beforeReps = n >= 100_000 ? 3 : n >= 1000 ? 11 : 51;
            // a "before" run on 100,000 entries takes minutes on a shared machine: no warm-up there
            long before = median(beforeReps, n < 100_000, () -> before(journal, id));
            long after = median(201, true, () -> after(journal, store, id));
            System.out.printf("| %,d | %.1f MB | %.2f s | %s | %s | %,d |%n", n, size / 1e6, open / 1e9, ms(before), ms(after),
                    entryBytes(data, n / 2));
            delete(data);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static long median(int reps, boolean warmUp, Work w) throws Exception {
        if (warmUp) w.run();
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            w.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    static String ms(long nanos) {
        return nanos >= 100_000_000 ? String.format("%.2f s", nanos / 1e9) : String.format("%.3f ms", nanos / 1e6);
    }

    /** The old page: five scans of the whole journal (entries()), the list parsing every report into a 1,000-entry cache. */
    private static final Map<String, AuditReport> OLD_CACHE = new HashMap<>();

    static void before(FileJournal j, String id) throws Exception {
        JournalEntry entry = null;
        for (JournalEntry e : j.entries()) if (e.type() == JournalEntryType.REPORT && e.id().equals(id)) entry = e; // reportEntry
        for (JournalEntry e : j.entries()) if (e.type() == JournalEntryType.REPORT && e.id().equals(id)) oldParse(e); // store.find
        int reports = 0;
        for (JournalEntry e : j.entries()) if (e.type() == JournalEntryType.REPORT) { // summary(e): store.list()
            oldParse(e);
            reports++;
        }
        for (int k = 0; k < 2; k++) // journal.signOffs(id), twice
            for (JournalEntry e : j.entries()) if (e.type() == JournalEntryType.SIGN_OFF && id.equals(e.reference())) reports++;
        if (entry == null || reports == 0) throw new IllegalStateException("no " + id);
    }

    static void oldParse(JournalEntry e) {
        if (OLD_CACHE.containsKey(e.hash())) return;
        AuditReport r = ReportJson.read(new String(e.payload(), StandardCharsets.UTF_8));
        if (OLD_CACHE.size() >= 1000) OLD_CACHE.clear();
        OLD_CACHE.put(e.hash(), r);
    }

    static void after(FileJournal j, ReportStore store, String id) throws Exception {
        JournalEntry e = j.entry(id).orElseThrow();
        Optional<AuditReport> r = store.find(id);
        ReportStore.StoredReport s = store.stored(id).orElseThrow();
        if (r.isEmpty() || !s.genuine() || j.problem(e) != null) throw new IllegalStateException("not genuine: " + s.problem());
        j.signOffs(id);
        j.signOffs(id);
    }

    static AuditReport report(int i, Instant t) {
        List<Finding> findings = List.of(
                new Verdict("Accuracy above the bar", Stage.VALIDATION, i % 7 == 0 ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS,
                        "held-out accuracy", List.of("accuracy " + (0.9 + (i % 10) / 100.0)), "retrain"),
                new Metric("accuracy", Stage.VALIDATION, "accuracy", 0.9 + (i % 10) / 100.0, 0.85, 0.97, 0.95, "held-out rows"));
        List<ExplainerRun> runs = List.of(new ExplainerRun(new ExplainerRef("performance", "Performance", "1.0.0", "performance",
                "lucent-explainers-performance", "1.0.0"), ExplainerRun.Status.OK, findings, 12));
        Provenance p = new Provenance("model-" + i + ".lucent", "ab".repeat(32), "data.csv", "cd".repeat(32), null, null,
                "label", "70/15/15", i, Map.of("performance", "1.0.0"), Map.of(), "0.1.0", t.minusSeconds(5), t,
                Map.of("java", "17"));
        return ReportJson.seal("report-" + i, "Audit " + i, "mlp", p, runs);
    }

    /** Entry {@code k}'s line length in the folder's journal, newline included: what one read costs in bytes. */
    static long entryBytes(Path data, int k) throws Exception {
        try (var lines = Files.lines(data.resolve("journal").resolve(FileJournal.JOURNAL_FILE), StandardCharsets.US_ASCII)) {
            return lines.skip(k).findFirst().orElseThrow().length() + 1L;
        }
    }

    /** {@code n} signed, chained report entries and the signed head. */
    static void write(Path data, int n) throws Exception {
        SignedJournalFile.write(data, n, (i, at) -> ReportJson.write(report(i, at)).getBytes(StandardCharsets.UTF_8));
    }

    static void delete(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
