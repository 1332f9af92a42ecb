package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.web.upload.CsvPreview;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every console template renders, and text from users or files comes out escaped, never evaluated. */
class TemplatesTest {

    static final String[] PAYLOADS = {
            "<script>window.__xss=1</script>",
            "<img src=x onerror=\"window.__xss=2\">",
            "javascript:window.__xss=3",
            "[[${T(java.lang.Runtime).getRuntime().availableProcessors()}]]",
            "__${T(java.lang.Runtime).getRuntime()}__::x",
            "\"><svg onload=window.__xss=4>",
    };

    final Pages pages = new Pages();

    Map<String, Object> common() {
        Map<String, Object> m = new HashMap<>();
        m.put("csrf", "tok");
        m.put("me", new Console.Me("<b>eve</b>", "auditor", true, true));
        m.put("nav", "x");
        m.put("version", "1");
        m.put("error", null);
        m.put("done", null);
        return m;
    }

    static void assertSafe(String html) {
        for (String p : PAYLOADS) {
            assertFalse(html.contains(p) && p.contains("<"), "raw payload in output: " + p);
        }
        assertFalse(html.contains("<script>window"), html);
        assertFalse(html.contains("<img src=x"), html);
        assertFalse(html.contains("<svg onload"), html);
        assertFalse(html.matches("(?s).*\\b\\d+\\b processors.*"));
    }

    @Test
    void datasetPreviewWithHostileNamesRendersThemAsText() throws Exception {
        StringBuilder csv = new StringBuilder();
        csv.append(String.join(",", List.of(PAYLOADS).stream().map(p -> "\"" + p.replace("\"", "\"\"") + "\"").toList())).append(",label\n");
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < PAYLOADS.length; c++) csv.append(r + c).append(',');
            csv.append('"').append(PAYLOADS[r % PAYLOADS.length].replace("\"", "\"\"")).append("\"\n");
        }
        CsvPreview.Preview preview = CsvPreview.of(new BufferedReader(new StringReader(csv.toString())));
        assertTrue(preview.header().contains(PAYLOADS[0]), preview.header().toString());
        Map<String, Object> m = common();
        m.put("item", new UploadsServlet.UploadRow("id", PAYLOADS[1], "csv", "1 KiB", "ab".repeat(32), PAYLOADS[5], "now"));
        m.put("preview", preview);
        String html = pages.render("dataset", m);
        assertSafe(html);
        assertTrue(html.contains("&lt;script&gt;window.__xss=1&lt;/script&gt;"), "the name is shown, escaped");
        assertTrue(html.contains("[[${T(java.lang.Runtime).getRuntime().availableProcessors()}]]"), "expressions are not evaluated");
        assertTrue(html.contains("&lt;b&gt;eve&lt;/b&gt;"));
    }

    @Test
    void everyPageRenders() {
        Map<String, Object> m = common();
        m.put("items", List.of(new UploadsServlet.UploadRow("id", PAYLOADS[0], "onnx", "1 KiB", "ab".repeat(32), PAYLOADS[1], "now")));
        m.put("maxMb", 256L);
        m.put("accept", ".csv");
        m.put("datasets", List.of(new UploadsServlet.UploadRow("id", PAYLOADS[0], "csv", "1 KiB", "ab".repeat(32), PAYLOADS[1], "now")));
        m.put("form", UploadsServlet.TRAINING_DEFAULTS);
        assertSafe(pages.render("models", m));
        m.put("form", Map.of("dataset", "id", "label", PAYLOADS[1], "hidden", PAYLOADS[2]));
        assertSafe(pages.render("models", m));
        assertSafe(pages.render("datasets", m));
        m.put("item", new UploadsServlet.UploadRow("id", PAYLOADS[0], "onnx", "1 KiB", "ab".repeat(32), PAYLOADS[1], "now"));
        assertSafe(pages.render("model", m));
        m.put("explainers", List.of(new DashboardServlet.ExplainerRow(PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], "1", PAYLOADS[3], PAYLOADS[4])));
        m.put("models", 1);
        m.put("datasets", 2);
        m.put("totals", new DashboardServlet.Totals(0, 0, 0, 0, 0, 0));
        m.put("recent", List.of());
        m.put("journalProblem", null);
        m.put("work", List.of(new DashboardServlet.Work("j1", PAYLOADS[0], "running", PAYLOADS[1], PAYLOADS[2])));
        assertSafe(pages.render("dashboard", m));
        m.put("totals", new DashboardServlet.Totals(2, 3, 2, 1, 0, 1));
        m.put("recent", List.of(new DashboardServlet.Recent("r1", PAYLOADS[0], "now", 3, 2, 1, 0, PAYLOADS[2])));
        assertSafe(pages.render("dashboard", m));
        m.put("name", PAYLOADS[5]);
        assertSafe(pages.render("login", m));
        m.put("minLength", 12);
        assertSafe(pages.render("settings", m));
        m.put("users", List.of(new SettingsServlet.UserRow(PAYLOADS[0], "viewer", "now", true)));
        m.put("roles", List.of("viewer", "auditor", "admin"));
        m.put("created", new SettingsServlet.NewUser(PAYLOADS[1], "viewer", "pw"));
        assertSafe(pages.render("users", m));

        m.put("entries", List.of(new JournalServlet.EntryRow(0, "report", "r1", null, "now", "a".repeat(64), "0".repeat(64), 10, null),
                new JournalServlet.EntryRow(1, "sign-off", "signoff-1", "r1", "now", "b".repeat(64), "a".repeat(64), 10, PAYLOADS[3])));
        m.put("fingerprint", "f".repeat(64));
        m.put("publicKey", PAYLOADS[0]);
        m.put("check", new JournalServlet.Check(false, PAYLOADS[1], 1, List.of(PAYLOADS[2])));
        m.put("problem", null);
        assertSafe(pages.render("journal", m));
        m.put("problem", PAYLOADS[0]);
        assertSafe(pages.render("journal", m));
        m.put("reports", List.of(new JournalServlet.ReportRow("r1", PAYLOADS[0], "now", "a".repeat(64), 10, 1, "reject", 1, 2, 3, 0, 4, PAYLOADS[2], PAYLOADS[4])));
        assertSafe(pages.render("reports", m));
        m.put("report", new JournalServlet.ReportRow("r1", PAYLOADS[3], "now", "a".repeat(64), 10, 1, "approve", -1, -1, -1, -1, -1, null, PAYLOADS[5]));
        m.put("entry", new JournalServlet.EntryRow(0, "report", "r1", null, "now", "a".repeat(64), "0".repeat(64), 10, PAYLOADS[5]));
        m.put("signature", "c".repeat(128));
        m.put("signOffs", List.of(new JournalServlet.SignOffRow(PAYLOADS[0], PAYLOADS[1], "needs-changes", PAYLOADS[5], "now", "a".repeat(64),
                PAYLOADS[2], PAYLOADS[3])));
        m.put("decisions", List.of("approve", "reject", "needs-changes"));
        m.put("view", null);
        String report = pages.render("report", m);
        assertSafe(report);
        m.put("signOffError", PAYLOADS[0]);
        m.put("typed", Map.of("decision", PAYLOADS[1], "comment", PAYLOADS[2], "intendedUse", PAYLOADS[5], "limitations", PAYLOADS[3]));
        assertSafe(pages.render("report", m));
        assertTrue(report.contains("href=\"/reports/r1/stored\""), report);
        m.put("models", List.of(new UploadsServlet.UploadRow("id", PAYLOADS[0], "lucent", "1 KiB", "ab".repeat(32), PAYLOADS[1], "now")));
        m.put("explainers", List.of(new AuditsServlet.ExplainerChoice(PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], "1", PAYLOADS[3], PAYLOADS[4], false, 1, PAYLOADS[5])));
        m.put("chosen", List.of(PAYLOADS[0]));
        m.put("datasets", m.get("models"));
        m.put("form", Map.of("model", "id", "data", "id", "label", PAYLOADS[1], "test", "", "seed", "1", "timeLimit", "1", "memory", "64", "parameters", PAYLOADS[0]));
        assertSafe(pages.render("audit", m));
        m.put("problem", PAYLOADS[0]);
        assertSafe(pages.render("journal-error", m));
    }
}
