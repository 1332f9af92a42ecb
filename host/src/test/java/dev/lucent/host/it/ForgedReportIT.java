package dev.lucent.host.it;

import dev.lucent.audit.api.SignOff;
import dev.lucent.audit.journal.FileJournal;
import dev.lucent.audit.report.JournalReportStore;
import dev.lucent.explain.api.Verdict;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #19, point 3, against the packaged jar over a real socket: a data folder whose journal holds a report
 * forged from FAIL to PASS (inner hashes and chain recomputed, not re-signed). The report page, the list, the
 * dashboard and every export say it is not genuine and why; the dashboard does not count its verdicts; a viewer
 * may verify the journal, which names the forged entry.
 */
class ForgedReportIT {
    static LucentProcess lucent;

    @BeforeAll
    static void start() throws Exception {
        Instant t0 = Instant.parse("2026-12-01T09:00:00Z");
        lucent = LucentProcess.options().dataFolder(data -> {
            FileJournal journal = FileJournal.open(data, Clock.systemUTC());
            JournalReportStore store = new JournalReportStore(journal);
            store.save(ForgedJournal.report("genuine", Verdict.Outcome.PASS, t0));
            store.save(ForgedJournal.report("failing", Verdict.Outcome.FAIL, t0.plusSeconds(60)));
            journal.signOff("failing", "Ada", "auditor", SignOff.Decision.REJECT, "below the bar");
            ForgedJournal.failToPass(data, "failing");
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (lucent != null) lucent.close();
    }

    static WebClient viewer() throws Exception {
        WebClient admin = lucent.signIn();
        admin.get("/settings/users");
        HttpResponse<String> created = admin.postFormWithToken("/settings/users", Map.of("username", "vic", "role", "viewer"));
        Matcher m = Pattern.compile("id=\"new-password\">([^<]+)<").matcher(created.body());
        assertTrue(m.find(), created.body());
        WebClient viewer = new WebClient(lucent);
        assertEquals(303, viewer.login("vic", m.group(1)));
        return viewer;
    }

    @Test
    void everyPageAndExportMarksTheForgedReportAndAViewerCanVerify() throws Exception {
        WebClient viewer = viewer();

        String page = viewer.get("/reports/failing").body();
        assertTrue(page.contains("id=\"not-genuine\""), "the report page marks it");
        assertTrue(page.contains("signature does not verify"), "and says why");
        assertFalse(page.contains("Passed: no verdict failed"), "it is never shown as passed");
        assertFalse(page.contains("below the bar") && page.contains("id=\"signoffs\""), "the re-pointed sign-off is not shown as a decision");
        String good = viewer.get("/reports/genuine").body();
        assertFalse(good.contains("id=\"not-genuine\""));
        assertTrue(good.contains("Passed: no verdict failed"));

        String list = viewer.get("/reports").body();
        assertTrue(row(list, "failing").contains("not genuine"), row(list, "failing"));
        assertFalse(row(list, "genuine").contains("not genuine"), row(list, "genuine"));

        String dashboard = viewer.get("/").body();
        assertTrue(dashboard.contains("id=\"not-genuine\""), "the dashboard says how many are not genuine");
        Matcher passed = Pattern.compile("<span class=\"n\">(\\d+)</span><span class=\"l\">verdicts passed").matcher(dashboard);
        assertTrue(passed.find(), dashboard);
        assertEquals("1", passed.group(1), "only the genuine report's pass is counted");

        HttpResponse<String> html = viewer.get("/reports/failing/export.html");
        assertEquals(200, html.statusCode());
        assertTrue(html.body().contains("NOT GENUINE") && !html.body().contains("Passed: no verdict failed"), "HTML export");
        assertTrue(html.headers().firstValue("X-Lucent-Not-Genuine").orElse("").contains("signature does not verify"));
        assertTrue(viewer.get("/reports/failing/export.json").body().startsWith("{\"notGenuine\":\"NOT GENUINE"), "JSON export");
        assertTrue(viewer.get("/reports/failing/export.csv").body().contains("NOT GENUINE"), "CSV export");
        assertTrue(viewer.get("/reports/failing/export.csv").body().split("\r\n")[0].contains("NOT GENUINE"), "on its first line");
        assertTrue(viewer.get("/reports/failing/model-card.md").body().contains("**Overall: not genuine.**"), "model card");
        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(viewer.request("/reports/failing/export.pdf").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertTrue(text.contains("NOT GENUINE"), "PDF export");
            assertFalse(text.contains("Passed: no verdict failed"), "PDF export");
        }
        assertFalse(viewer.get("/reports/genuine/export.html").body().contains("NOT GENUINE"));
        assertTrue(viewer.get("/reports/failing/stored").headers().firstValue("X-Lucent-Not-Genuine").isPresent(),
                "the stored bytes are served as they are, with the reason in a header");

        String journal = viewer.get("/journal").body();
        assertTrue(journal.contains("not genuine"), "the journal page marks the entries");
        HttpResponse<String> verified = viewer.postFormWithToken("/journal/verify", Map.of());
        assertEquals(200, verified.statusCode(), "a viewer may verify, as docs/console.md says");
        assertTrue(verified.body().contains("journal INVALID at entry 1 (failing)"), verified.body());
    }

    /** The list's table row that links to a report. */
    static String row(String list, String id) {
        int at = list.indexOf("href=\"/reports/" + id + "\"");
        assertTrue(at >= 0, "no row for " + id);
        return list.substring(list.lastIndexOf("<tr", at), list.indexOf("</tr>", at));
    }
}
