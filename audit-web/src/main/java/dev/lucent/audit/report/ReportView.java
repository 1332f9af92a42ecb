package dev.lucent.audit.report;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report made ready for display: every text, number, anchor and chart coordinate decided here, so the
 * templates under {@code templates/report/} (one fragment per section and finding kind) only show it. The console's
 * report page, the HTML export and the PDF render this one view through the same fragments.
 *
 * @param subtitle tells reports of the same model and data apart: seed, explainers, when it ran
 */
public record ReportView(String title, String subtitle, Overall overall, List<Count> counts, List<TocEntry> toc,
                         List<VerdictView> verdicts, List<StageView> stages, List<Row> provenance, List<RunRow> runs,
                         String reportId) {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Table rows shown on the page; the JSON and CSV exports hold them all. */
    static final int TABLE_ROWS = 200;

    /** The line under the counts: passed, failed, or not genuine (why the journal does not vouch for it). */
    public record Overall(String css, String text) {
    }

    /** A verdict count, not-applicable included. */
    public record Count(String css, String label, int count) {
    }

    /** A table-of-contents line: its anchor in this page, its title and what it holds. */
    public record TocEntry(String anchor, String title, String holds) {
    }

    /**
     * A verdict with its evidence; {@code evidenceAnchor} points to the explainer's findings in the stages (null when
     * it made none), {@code evidenceLink} says what is there.
     */
    public record VerdictView(String anchor, String css, String label, String title, String who, String stage, String summary,
                              List<String> evidence, String remedy, String evidenceAnchor, String evidenceLink) {
    }

    public record StageView(String anchor, String title, List<FindingView> findings) {
    }

    /**
     * A finding: {@code kind} picks its fragment (attribution, heatmap, curve, table, metric); exactly the matching part
     * is set.
     */
    public record FindingView(String anchor, String kind, String title, String who, String subject, String note,
                              Charts.Bars bars, Charts.Heatmap heatmap, Charts.Lines lines, TableView table, MetricView metric,
                              boolean beside) {
        FindingView besideOthers() {
            return new FindingView(anchor, kind, title, who, subject, note, bars, heatmap, lines, table, metric, true);
        }
    }

    /** A table: a confusion matrix has its counts shaded (classes q0 to q7, no style attribute); emphasized cells have class emphasized. */
    public record TableView(String css, List<String> columns, List<List<Cell>> rows, String more) {
    }

    /** A table cell: a header cell of its row, or a value with an optional shade class. */
    public record Cell(String text, boolean header, String css) {
    }

    public record MetricView(String name, String value, String interval) {
    }

    public record Row(String key, String value) {
    }

    public record RunRow(String id, String name, String version, String family, String bundle, String status, String time) {
    }

    /** The view of {@code r}; {@code notGenuine} (why the journal does not vouch for it) or null. */
    public static ReportView of(AuditReport r, String notGenuine) {
        Map<Verdict.Outcome, Integer> c = r.counts();
        Overall overall = notGenuine != null ? new Overall("fail not-genuine", NotGenuine.warning(notGenuine))
                : r.passed() ? new Overall("pass", "Passed: no verdict failed.")
                : new Overall("fail", "Failed: at least one verdict failed or could not be established.");
        List<Count> counts = new ArrayList<>();
        for (Verdict.Outcome o : Verdict.Outcome.values()) counts.add(new Count(css(o), label(o), c.get(o)));

        Map<Finding, String> anchors = anchors(r);
        // findings first, so each verdict can point to its explainer's first one
        Map<ExplainerRun, String> firstFinding = new IdentityHashMap<>();
        Map<ExplainerRun, Integer> findingsOf = new IdentityHashMap<>();
        List<StageView> stages = new ArrayList<>();
        Map<Stage, List<AuditReport.Entry>> byStage = r.byStage();
        for (Stage s : Stage.values()) {
            List<AuditReport.Entry> es = byStage.get(s);
            if (es.isEmpty()) continue;
            List<FindingView> fs = new ArrayList<>();
            for (int i = 0; i < es.size(); i++) {
                AuditReport.Entry e = es.get(i);
                String anchor = anchors.get(e.finding());
                firstFinding.putIfAbsent(e.run(), anchor);
                findingsOf.merge(e.run(), 1, Integer::sum);
                FindingView f = finding(anchor, e);
                // images of one row by one explainer (an image, its perturbation, the perturbed image) are read together
                if (i > 0 && sameRowImages(es.get(i - 1), e)) {
                    fs.set(fs.size() - 1, fs.get(fs.size() - 1).besideOthers());
                    f = f.besideOthers();
                }
                fs.add(f);
            }
            stages.add(new StageView(stageAnchor(s), s.title(), List.copyOf(fs)));
        }
        List<VerdictView> verdicts = new ArrayList<>();
        for (AuditReport.Entry e : r.verdicts()) {
            Verdict v = (Verdict) e.finding();
            String to = firstFinding.get(e.run());
            String link = to == null ? null : "Evidence: " + count(findingsOf.get(e.run()), "finding") + " of " + e.run().name();
            verdicts.add(new VerdictView(anchors.get(v), css(v.outcome()), label(v.outcome()), v.title(), e.run().name(),
                    v.stage() == null ? "" : v.stage().title(), v.summary(), v.evidence(),
                    v.remedy() == null || v.remedy().isBlank() ? null : v.remedy(), to, link));
        }
        List<TocEntry> toc = new ArrayList<>();
        toc.add(new TocEntry("verdicts", "Verdicts", count(verdicts.size(), "verdict")));
        for (StageView s : stages) toc.add(new TocEntry(s.anchor(), s.title(), count(s.findings().size(), "finding")));
        toc.add(new TocEntry("provenance", "Appendix: provenance", count(r.runs().size(), "explainer")));

        List<RunRow> runs = new ArrayList<>();
        for (ExplainerRun run : r.runs())
            runs.add(new RunRow(run.explainerId(), run.name(), run.version(), run.family(), run.bundle() + " " + run.bundleVersion(),
                    run.status().toString(), Html.num(run.millis() / 1000.0) + " s"
                    + (run.cpuMillis() < 0 ? "" : " (" + Html.num(run.cpuMillis() / 1000.0) + " s of CPU)")));
        return new ReportView(r.title(), subtitle(r), overall, List.copyOf(counts), List.copyOf(toc), List.copyOf(verdicts),
                List.copyOf(stages), provenance(r), List.copyOf(runs), r.id());
    }

    /**
     * Each finding's anchor in the report's document: "finding-N" in the order of the stages, "verdict-K" in the order
     * verdicts are listed (worst first). Links into the report (the compliance view's) use these.
     */
    static Map<Finding, String> anchors(AuditReport r) {
        Map<Finding, String> anchors = new IdentityHashMap<>();
        int n = 0;
        for (List<AuditReport.Entry> es : r.byStage().values())
            for (AuditReport.Entry e : es) anchors.put(e.finding(), "finding-" + (++n));
        int k = 0;
        for (AuditReport.Entry e : r.verdicts()) anchors.put(e.finding(), "verdict-" + (++k));
        return anchors;
    }

    /** "Seed 42 · 12 explainers · 2026-12-07 09:14:03 UTC": what differs between audits of the same model and data. */
    static String subtitle(AuditReport r) {
        Provenance p = r.provenance();
        return "Seed " + p.seed() + " · " + count(r.runs().size(), "explainer") + " · " + WHEN.format(p.started());
    }

    static String stageAnchor(Stage s) {
        return "stage-" + s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Two heatmaps in a row from the same explainer run about the same subject (a row of the data). */
    private static boolean sameRowImages(AuditReport.Entry a, AuditReport.Entry b) {
        return a.run() == b.run() && a.finding() instanceof ImageHeatmap x && b.finding() instanceof ImageHeatmap y
                && x.subject() != null && x.subject().equals(y.subject());
    }

    private static FindingView finding(String anchor, AuditReport.Entry e) {
        Finding f = e.finding();
        String who = e.run().name();
        if (f instanceof FeatureAttribution a)
            return new FindingView(anchor, "attribution", f.title(), who, a.subject(), note(a.note()), Charts.bars(a, 15), null, null, null, null, false);
        if (f instanceof ImageHeatmap h)
            return new FindingView(anchor, "heatmap", f.title(), who, h.subject(), note(h.note()), null, Charts.heatmap(h), null, null, null, false);
        if (f instanceof Curve cv)
            return new FindingView(anchor, "curve", f.title(), who, null, note(cv.note()), null, null, Charts.lines(cv), null, null, false);
        if (f instanceof Table t)
            return new FindingView(anchor, "table", f.title(), who, null, note(t.note()), null, null, null, table(t), null, false);
        if (f instanceof Metric m)
            return new FindingView(anchor, "metric", f.title(), who, null, note(m.note()), null, null, null, null,
                    new MetricView(m.name(), Html.num(m.value()), interval(m)), false);
        throw new IllegalArgumentException("no view for a " + f.getClass().getSimpleName()); // Finding is sealed: not reached
    }

    /** "[0.91, 0.97] 95% interval", or null when the metric has none (the report page and the model card alike). */
    static String interval(Metric m) {
        if (Double.isNaN(m.lower()) && Double.isNaN(m.upper())) return null;
        return "[" + Html.num(m.lower()) + ", " + Html.num(m.upper()) + "]"
                + (Double.isNaN(m.confidence()) ? "" : " " + Html.num(m.confidence() * 100) + "% interval");
    }

    /** Tables; a confusion matrix gets its counts shaded by size. */
    private static TableView table(Table t) {
        boolean shade = t.title() != null && t.title().toLowerCase(Locale.ROOT).contains("confusion");
        double max = 0;
        if (shade)
            for (List<String> row : t.rows())
                for (int j = 1; j < row.size(); j++) max = Math.max(max, parse(row.get(j)));
        List<List<Cell>> rows = new ArrayList<>();
        List<List<String>> shown = t.rows().subList(0, Math.min(TABLE_ROWS, t.rows().size()));
        for (int i = 0; i < shown.size(); i++) {
            List<String> row = shown.get(i);
            List<Cell> cells = new ArrayList<>();
            for (int j = 0; j < row.size(); j++) {
                double v = shade && j > 0 ? parse(row.get(j)) : Double.NaN;
                if (!Double.isNaN(v) && max > 0)
                    cells.add(new Cell(row.get(j), false, "q" + Math.max(0, Math.min(7, (int) Math.floor(v / max * 7.999)))));
                else if (t.isEmphasized(i, j)) cells.add(new Cell(row.get(j), false, "emphasized"));
                else cells.add(new Cell(row.get(j), j == 0, null));
            }
            rows.add(List.copyOf(cells));
        }
        String more = t.rows().size() > TABLE_ROWS ? (t.rows().size() - TABLE_ROWS) + " more rows in the JSON and CSV exports" : null;
        return new TableView(shade ? "grid confusion" : "grid", t.columns(), List.copyOf(rows), more);
    }

    private static List<Row> provenance(AuditReport r) {
        Provenance p = r.provenance();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("Model", p.modelShown() + " (" + r.modelName() + ")" + storedAs(p.modelDisplayName(), p.modelFile())));
        rows.add(new Row("Model SHA-256", p.modelSha256()));
        if (p.modelFormat() != null) rows.add(new Row("Model format", p.modelFormat()));
        rows.add(new Row("Data", p.dataShown() + storedAs(p.dataDisplayName(), p.dataFile())));
        rows.add(new Row("Data SHA-256", p.dataSha256()));
        if (p.testFile() != null) {
            rows.add(new Row("Test data", p.testShown() + storedAs(p.testDisplayName(), p.testFile())));
            rows.add(new Row("Test data SHA-256", p.testSha256()));
        }
        if (p.currentFile() != null) {
            rows.add(new Row("Current data (drift)", p.currentShown() + storedAs(p.currentDisplayName(), p.currentFile())));
            rows.add(new Row("Current data SHA-256", p.currentSha256()));
        }
        rows.add(new Row("Label column", p.labelColumn()));
        rows.add(new Row("Split", p.split()));
        rows.add(new Row("Seed", Long.toString(p.seed())));
        rows.add(new Row("Lucent", p.lucentVersion()));
        rows.add(new Row("Started", p.started().toString()));
        rows.add(new Row("Finished", p.finished().toString()));
        p.machine().forEach((k, v) -> rows.add(new Row("Machine: " + k, v)));
        // every parameter in effect, defaults included and marked, for each explainer run (or given: an old report)
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(p.parameters().keySet());
        ids.addAll(p.defaults().keySet());
        for (String id : ids) rows.add(new Row("Parameters of " + id, inEffect(p.inEffect(id))));
        rows.add(new Row("Report id", r.id()));
        rows.add(new Row("Findings hash", r.findingsHash()));
        return List.copyOf(rows);
    }

    /** "bins = 10, max-ece = 0.05 (default)". */
    private static String inEffect(Map<String, String> byName) {
        StringBuilder s = new StringBuilder();
        byName.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
        return s.toString();
    }

    /** ", stored as FILE" when the name people know differs from the file the hashes are of. */
    private static String storedAs(String displayName, String file) {
        return displayName == null || displayName.equals(file) ? "" : ", stored as " + file;
    }

    private static String note(String note) {
        return note == null || note.isBlank() ? null : note;
    }

    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return Double.NaN;
        }
    }

    static String css(Verdict.Outcome o) {
        return o.name().toLowerCase(Locale.ROOT);
    }

    static String label(Verdict.Outcome o) {
        return switch (o) {
            case PASS -> "Pass";
            case WARN -> "Warn";
            case FAIL -> "Fail";
            case NOT_APPLICABLE -> "Not applicable";
            case ERROR -> "Error";
        };
    }

    /** The journal entry's signature block of an export, or null when the report was not stored. */
    public record Signature(List<Row> rows, String publicKeyPem) {
        static Signature of(ReportStore.StoredReport stored) {
            if (stored == null) return null;
            List<Row> rows = List.of(new Row("Journal entry", Long.toString(stored.journalIndex())),
                    new Row("Entry hash (SHA-256)", stored.journalHash()),
                    new Row("Ed25519 signature", stored.signature()),
                    new Row("Key fingerprint (SHA-256)", stored.keyFingerprint()),
                    // a head to keep: verify --since fails if the journal is later rolled back past this entry or wiped
                    new Row("Journal head at this entry (check with lucent verify --since)", (stored.journalIndex() + 1) + ":" + stored.journalHash()));
            return new Signature(rows, stored.publicKeyPem());
        }
    }
}
