package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.report.ReportExports;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's report page: the same body as the exports, its header counts, and the sign-off form's errors. */
class ReportPageTest {
    static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    final Pages pages = new Pages();
    final ReportExports exports = new ReportExports();

    static AuditReport report() {
        Provenance p = new Provenance("m.lucent", "ab".repeat(32), "d.csv", "cd".repeat(32), null, null, "label", "70/15/15", 9,
                Map.of("x", "1.0.0"), Map.of(), "0.1.0", T0, T0.plusSeconds(2), Map.of("java", "17"));
        List<ExplainerRun> runs = List.of(new ExplainerRun(new ExplainerRef("x", TemplatesTest.PAYLOADS[0], "1.0.0", "f", "b", "1.0.0"),
                ExplainerRun.Status.OK, List.of(
                        new Verdict(TemplatesTest.PAYLOADS[1], Stage.VALIDATION, Verdict.Outcome.WARN, TemplatesTest.PAYLOADS[2], List.of(), ""),
                        Verdict.notApplicable("Grad-CAM", Stage.EXPLANATIONS, "needs image input"),
                        new ImageHeatmap(TemplatesTest.PAYLOADS[3], Stage.EXPLANATIONS, TemplatesTest.PAYLOADS[4], 2, 2,
                                new double[]{1, -1, 0.5, 0}, null, TemplatesTest.PAYLOADS[5])), 5));
        return ReportJson.seal("r1", "Audit of " + TemplatesTest.PAYLOADS[0], "m", p, runs);
    }

    Map<String, Object> model(AuditReport r) {
        Map<String, Object> m = new HashMap<>();
        m.put("csrf", "tok");
        m.put("me", new Console.Me("eve", "auditor", true, false));
        m.put("nav", "reports");
        m.put("version", "1");
        m.put("report", new JournalServlet.ReportRow("r1", r.title(), "now", "a".repeat(64), 10, 0, null, 0, 1, 0, 0, 1, "Seed 9", null));
        m.put("entry", new JournalServlet.EntryRow(0, "report", "r1", null, "now", "a".repeat(64), "0".repeat(64), 10, null));
        m.put("signature", "c".repeat(128));
        m.put("signOffs", List.of());
        m.put("decisions", List.of("approve", "reject", "needs-changes"));
        m.put("signOffKey", "k".repeat(16));
        m.put("view", exports.view(r, null));
        return m;
    }

    static String article(String html) {
        Matcher a = Pattern.compile("(?s)<article class=\"lucent-report\">.*?</article>").matcher(html);
        assertTrue(a.find(), "the report body");
        return a.group();
    }

    @Test
    void theConsolePageShowsTheExportsBodyAndCountsNotApplicable() {
        AuditReport r = report();
        String page = pages.render("report", model(r));
        TemplatesTest.assertSafe(page);
        String export = new String(exports.render(ReportExports.Format.HTML, r, null, null), StandardCharsets.UTF_8);
        assertEquals(article(export), article(page), "one rendering: the console shows what the export holds");
        String header = page.substring(page.indexOf("id=\"header-counts\""), page.indexOf("</dd>", page.indexOf("id=\"header-counts\"")));
        assertTrue(header.contains("1 not applicable"), header);
        assertFalse(page.contains("th:utext"));
    }

    @Test
    void aSignOffErrorIsShownInTheFormAndKeepsWhatWasTyped() {
        Map<String, Object> m = model(report());
        m.put("signOffError", "say why in the comment when you do not approve");
        m.put("typed", Map.of("decision", "reject", "comment", "", "intendedUse", "triage of <adult> scans", "limitations", ""));
        String page = pages.render("report", m);
        int form = page.indexOf("<form method=\"post\" action=\"/reports/r1/signoff#signoff-form\"");
        int error = page.indexOf("id=\"signoff-error\"");
        assertTrue(form > 0 && error > form && error < page.indexOf("</form>", form), "the error is inside the sign-off form");
        assertEquals(1, page.split("say why in the comment", -1).length - 1, "shown once, not also at the top");
        assertTrue(Pattern.compile("<input[^>]*id=\"decision-reject\"[^>]*checked").matcher(page).find(), "the chosen decision is kept");
        assertFalse(Pattern.compile("<input[^>]*id=\"decision-approve\"[^>]*checked").matcher(page).find());
        assertTrue(page.contains(">triage of &lt;adult&gt; scans</textarea>"), "the typed intended use is kept, escaped");
    }

    /** No template pastes unescaped text but the export's own style sheet. */
    @Test
    void noTemplateInsertsUnescapedMarkup() throws Exception {
        for (String t : List.of("report.html", "report/body.html", "report/charts.html", "report/document.html")) {
            String text;
            try (var in = Pages.class.getClassLoader().getResourceAsStream("templates/" + t)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            long utext = Pattern.compile("th:utext=\"([^\"]*)\"").matcher(text).results()
                    .filter(x -> !x.group(1).equals("${css}")).count();
            assertEquals(0, utext, t);
            assertFalse(text.contains("[("), t + ": no unescaped inlining");
        }
    }
}
