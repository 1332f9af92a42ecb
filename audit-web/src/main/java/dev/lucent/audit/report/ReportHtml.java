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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report as HTML: {@link #body} is the fragment the console's report page and the export share; {@link
 * #standalone} wraps it into one self-contained file (inline CSS, inline SVG, no script, no external fetch,
 * a Content-Security-Policy that forbids both). It reads like an audit: verdicts first with their evidence a
 * click away, then the lifecycle stages in order, then the provenance appendix. Every text from a user, a
 * file or an explainer is escaped by {@link Html#esc}.
 */
public final class ReportHtml {
    private ReportHtml() {
    }

    public static String body(AuditReport r) {
        return body(r, null);
    }

    /**
     * The report's rendering; when {@code notGenuine} (why the journal does not vouch for it) is given, the
     * overall line says so instead of passed or failed.
     */
    public static String body(AuditReport r, String notGenuine) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<article class=\"lucent-report\">");
        b.append("<h1>").append(Html.esc(r.title())).append("</h1>");
        Map<Verdict.Outcome, Integer> c = r.counts();
        if (notGenuine != null)
            b.append("<p class=\"overall fail not-genuine\">").append(Html.esc(NotGenuine.warning(notGenuine))).append("</p>");
        else b.append("<p class=\"overall ").append(r.passed() ? "pass" : "fail").append("\">")
                .append(r.passed() ? "Passed: no verdict failed." : "Failed: at least one verdict failed or could not be established.")
                .append("</p>");
        b.append("<p class=\"counts\">");
        for (Verdict.Outcome o : Verdict.Outcome.values())
            b.append("<span class=\"badge ").append(o.name().toLowerCase(Locale.ROOT)).append("\">").append(label(o)).append(": ")
                    .append(c.get(o)).append("</span> ");
        b.append("</p>");

        b.append("<section class=\"verdicts\"><h2>Verdicts</h2>");
        List<AuditReport.Entry> verdicts = r.verdicts();
        if (verdicts.isEmpty()) b.append("<p>No explainer gave a verdict.</p>");
        for (AuditReport.Entry e : verdicts) verdict(b, e);
        b.append("</section>");

        Map<Stage, List<AuditReport.Entry>> stages = r.byStage();
        for (Stage s : Stage.values()) {
            List<AuditReport.Entry> es = stages.get(s);
            if (es.isEmpty()) continue;
            b.append("<section class=\"stage\"><h2>").append(Html.esc(s.title())).append("</h2>");
            for (AuditReport.Entry e : es) finding(b, e);
            b.append("</section>");
        }
        appendix(b, r);
        return b.append("</article>").toString();
    }

    /** One HTML file that needs nothing else: opens offline, prints, runs no script. */
    public static String standalone(AuditReport r, ReportStore.StoredReport stored) {
        return document(r, stored, "");
    }

    /**
     * The standalone file with {@code extraCss} after the report style sheet. The markup is also well-formed
     * XML (void elements closed), so the PDF renderer parses the very same document.
     */
    static String document(AuditReport r, ReportStore.StoredReport stored, String extraCss) {
        StringBuilder b = new StringBuilder(128 * 1024);
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>")
                .append(Html.esc(r.title())).append("</title><style>").append(css()).append(extraCss).append("</style></head><body>");
        String notGenuine = stored == null ? null : stored.problem();
        b.append(body(r, notGenuine));
        b.append("<section class=\"signature\"><h2>Signature</h2>");
        if (notGenuine != null) b.append("<p class=\"overall fail not-genuine\">").append(Html.esc(NotGenuine.warning(notGenuine))).append("</p>");
        if (stored == null) {
            b.append("<p>This export was not stored in a journal and carries no signature.</p>");
        } else {
            b.append("<table class=\"kv\">");
            kv(b, "Journal entry", Long.toString(stored.journalIndex()));
            kv(b, "Entry hash (SHA-256)", stored.journalHash());
            kv(b, "Ed25519 signature", stored.signature());
            kv(b, "Key fingerprint (SHA-256)", stored.keyFingerprint());
            // a head to keep: verify --since fails if the journal is later rolled back past this entry or wiped
            kv(b, "Journal head at this entry (check with lucent verify --since)", (stored.journalIndex() + 1) + ":" + stored.journalHash());
            b.append("</table><p>Public key of the instance that signed it (check with <code>lucent verify --key</code>):</p><pre>")
                    .append(Html.esc(stored.publicKeyPem())).append("</pre>");
        }
        b.append("</section><footer>Report ").append(Html.esc(r.id())).append(" · report hash ").append(Html.esc(r.reportHash()))
                .append(" · findings hash ").append(Html.esc(r.findingsHash())).append("</footer></body></html>");
        return b.toString();
    }

    private static void verdict(StringBuilder b, AuditReport.Entry e) {
        Verdict v = (Verdict) e.finding();
        String o = v.outcome().name().toLowerCase(Locale.ROOT);
        b.append("<details class=\"verdict ").append(o).append("\"><summary><span class=\"badge ").append(o).append("\">")
                .append(label(v.outcome())).append("</span> <strong>").append(Html.esc(v.title())).append("</strong> <span class=\"who\">")
                .append(Html.esc(e.run().name())).append(" · ").append(Html.esc(v.stage() == null ? "" : v.stage().title()))
                .append("</span><br/>").append(Html.esc(v.summary())).append("</summary>");
        if (!v.evidence().isEmpty()) {
            b.append("<h4>Evidence</h4><ul>");
            for (String ev : v.evidence()) b.append("<li>").append(Html.esc(ev)).append("</li>");
            b.append("</ul>");
        }
        if (v.remedy() != null && !v.remedy().isBlank()) b.append("<h4>Remedy</h4><p>").append(Html.esc(v.remedy())).append("</p>");
        b.append("</details>");
    }

    private static void finding(StringBuilder b, AuditReport.Entry e) {
        Finding f = e.finding();
        b.append("<figure class=\"finding\"><figcaption><strong>").append(Html.esc(f.title())).append("</strong> <span class=\"who\">")
                .append(Html.esc(e.run().name())).append("</span></figcaption>");
        if (f instanceof FeatureAttribution a) {
            b.append("<p class=\"subject\">").append(Html.esc(a.subject())).append("</p>").append(Svg.bars(a, 15));
            note(b, a.note());
        } else if (f instanceof ImageHeatmap h) {
            b.append("<p class=\"subject\">").append(Html.esc(h.subject())).append("</p>").append(Svg.heatmap(h));
            note(b, h.note());
        } else if (f instanceof Curve c) {
            b.append(Svg.lines(c));
            note(b, c.note());
        } else if (f instanceof Table t) {
            table(b, t);
            note(b, t.note());
        } else if (f instanceof Metric m) {
            b.append("<p class=\"metric\"><span class=\"name\">").append(Html.esc(m.name())).append("</span> <span class=\"value\">")
                    .append(Html.esc(Html.num(m.value()))).append("</span>");
            if (!Double.isNaN(m.lower()) || !Double.isNaN(m.upper()))
                b.append(" <span class=\"ci\">[").append(Html.esc(Html.num(m.lower()))).append(", ").append(Html.esc(Html.num(m.upper())))
                        .append("]").append(Double.isNaN(m.confidence()) ? "" : " " + Html.esc(Html.num(m.confidence() * 100)) + "% interval")
                        .append("</span>");
            b.append("</p>");
            note(b, m.note());
        }
        b.append("</figure>");
    }

    /** Tables; a confusion matrix gets its counts shaded by size. */
    private static void table(StringBuilder b, Table t) {
        boolean shade = t.title() != null && t.title().toLowerCase(Locale.ROOT).contains("confusion");
        double max = 0;
        if (shade)
            for (List<String> row : t.rows())
                for (int j = 1; j < row.size(); j++) max = Math.max(max, parse(row.get(j)));
        b.append("<div class=\"scroll\"><table class=\"grid").append(shade ? " confusion" : "").append("\"><thead><tr>");
        for (String col : t.columns()) b.append("<th>").append(Html.esc(col)).append("</th>");
        b.append("</tr></thead><tbody>");
        int shown = 0;
        for (List<String> row : t.rows()) {
            if (++shown > 200) {
                b.append("<tr><td colspan=\"").append(t.columns().size()).append("\">").append(t.rows().size() - 200)
                        .append(" more rows in the JSON and CSV exports</td></tr>");
                break;
            }
            b.append("<tr>");
            for (int j = 0; j < row.size(); j++) {
                double v = shade && j > 0 ? parse(row.get(j)) : Double.NaN;
                if (!Double.isNaN(v) && max > 0) // shade classes, not style attributes: a strict CSP page shows them too
                    b.append("<td class=\"q").append(Math.max(0, Math.min(7, (int) Math.floor(v / max * 7.999)))).append("\">");
                else b.append(j == 0 ? "<th scope=\"row\">" : "<td>");
                b.append(Html.esc(row.get(j))).append(j == 0 && Double.isNaN(v) ? "</th>" : "</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></div>");
    }

    /** "bins = 10, max-ece = 0.05 (default)". */
    private static String inEffect(Map<String, String> byName) {
        StringBuilder s = new StringBuilder();
        byName.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(" = ").append(v));
        return s.toString();
    }

    private static void appendix(StringBuilder b, AuditReport r) {
        Provenance p = r.provenance();
        b.append("<section class=\"appendix\"><h2>Appendix: provenance</h2><table class=\"kv\">");
        kv(b, "Model", p.modelShown() + " (" + r.modelName() + ")" + storedAs(p.modelDisplayName(), p.modelFile()));
        kv(b, "Model SHA-256", p.modelSha256());
        if (p.modelFormat() != null) kv(b, "Model format", p.modelFormat());
        kv(b, "Data", p.dataShown() + storedAs(p.dataDisplayName(), p.dataFile()));
        kv(b, "Data SHA-256", p.dataSha256());
        if (p.testFile() != null) {
            kv(b, "Test data", p.testShown() + storedAs(p.testDisplayName(), p.testFile()));
            kv(b, "Test data SHA-256", p.testSha256());
        }
        if (p.currentFile() != null) {
            kv(b, "Current data (drift)", p.currentShown() + storedAs(p.currentDisplayName(), p.currentFile()));
            kv(b, "Current data SHA-256", p.currentSha256());
        }
        kv(b, "Label column", p.labelColumn());
        kv(b, "Split", p.split());
        kv(b, "Seed", Long.toString(p.seed()));
        kv(b, "Lucent", p.lucentVersion());
        kv(b, "Started", p.started().toString());
        kv(b, "Finished", p.finished().toString());
        p.machine().forEach((k, v) -> kv(b, "Machine: " + k, v));
        // every parameter in effect, defaults included and marked, for each explainer run (or given: an old report)
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(p.parameters().keySet());
        ids.addAll(p.defaults().keySet());
        for (String id : ids) kv(b, "Parameters of " + id, inEffect(p.inEffect(id)));
        kv(b, "Report id", r.id());
        kv(b, "Findings hash", r.findingsHash());
        b.append("</table><h3>Explainers</h3><table class=\"grid\"><thead><tr><th>Id</th><th>Name</th><th>Version</th><th>Family</th>")
                .append("<th>Bundle</th><th>Status</th><th>Time</th></tr></thead><tbody>");
        for (ExplainerRun run : r.runs())
            b.append("<tr><td>").append(Html.esc(run.explainerId())).append("</td><td>").append(Html.esc(run.name())).append("</td><td>")
                    .append(Html.esc(run.version())).append("</td><td>").append(Html.esc(run.family())).append("</td><td>")
                    .append(Html.esc(run.bundle())).append(' ').append(Html.esc(run.bundleVersion())).append("</td><td>")
                    .append(run.status()).append("</td><td>").append(Html.esc(Html.num(run.millis() / 1000.0))).append(" s</td></tr>");
        b.append("</tbody></table></section>");
    }

    /** ", stored as FILE" when the name people know differs from the file the hashes are of. */
    private static String storedAs(String displayName, String file) {
        return displayName == null || displayName.equals(file) ? "" : ", stored as " + file;
    }

    private static void kv(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>");
    }

    private static void note(StringBuilder b, String note) {
        if (note != null && !note.isBlank()) b.append("<p class=\"note\">").append(Html.esc(note)).append("</p>");
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return Double.NaN;
        }
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

    /** The report style sheet (also usable by the console page). */
    public static String css() {
        return resource("templates/report/report.css");
    }

    /** A text file of this bundle, e.g. a style sheet. */
    static String resource(String path) {
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " missing from the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
