package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A report sealed by the Spark runner uploaded to the console of the packaged host (issue 18): over the real
 * socket it is appended and shown like any report; the same upload again, a tampered one, a cut one and one over the
 * upload limit are refused with a message naming the problem, and the host keeps serving; its page says how to replay
 * it with spark-submit instead of a Replay button. Then once in headless Chromium, through the reports page's link and
 * the form, as an auditor does it; and after a restart the same report is refused again (the journal's guard).
 */
class ReportImportIT {
    static LucentProcess lucent;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        lucent = LucentProcess.options().property("lucent.upload.maxBytes=65536").start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (lucent != null) lucent.close();
    }

    /** A report as the Spark runner seals it (its provenance names the runner). */
    static String sparkReport(String id, Verdict.Outcome outcome) {
        Instant finished = Instant.parse("2026-12-07T10:00:00Z");
        Provenance p = new Provenance("model.onnx", "ab".repeat(32), "hdfs:///audits/rows.parquet", null, null, null, "outcome",
                "every row", 42, Map.of("classification-metrics", "1.0.0 (on Spark)"), Map.of(), "0.1.0", finished.minusSeconds(600),
                finished, Map.of("runner", "Apache Spark 4.0.1", "master", "yarn", "rows", "10000000"));
        List<ExplainerRun> runs = List.of(new ExplainerRun(new ExplainerRef("classification-metrics", "Classification metrics", "1.0.0",
                "performance", null, null), ExplainerRun.Status.OK, List.of(new Verdict("Accuracy above the bar", Stage.VALIDATION,
                outcome, "accuracy 0.97 on 10,000,000 rows", List.of("accuracy 0.97"), "none")), 1200));
        return ReportJson.export(ReportJson.seal(id, "Audit of " + id + " (Spark)", "mlp", p, runs), null);
    }

    @Test
    void aSparkReportIsImportedOnceAndBadUploadsAreRefused() throws Exception {
        WebClient admin = lucent.signIn();
        assertTrue(admin.get("/reports").body().contains("href=\"/reports/import\""), "the reports page links the import");
        HttpResponse<String> form = admin.get("/reports/import");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("id=\"report-file\""), form.body());

        String json = sparkReport("spark-10m", Verdict.Outcome.PASS);
        HttpResponse<String> ok = admin.upload("/reports/import", "report.json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(303, ok.statusCode(), ok.body());
        assertEquals("/reports/spark-10m", ok.headers().firstValue("Location").orElse(""));
        String page = admin.get("/reports/spark-10m").body();
        assertTrue(page.contains("Audit of spark-10m (Spark)") && page.contains("Apache Spark 4.0.1"), "shown like any report");
        assertFalse(page.contains("id=\"not-genuine\""), "the journal vouches for it");
        assertFalse(page.contains("id=\"replay\""), "no Replay button that cannot work");
        assertTrue(page.contains("id=\"replay-note\"") && page.contains("replay it with spark-submit"), "how to replay it instead");
        assertTrue(admin.get("/reports").body().contains("/reports/spark-10m"));

        String other = sparkReport("spark-tampered", Verdict.Outcome.FAIL);
        Map<String, String> refused = Map.of(
                "again.json", json,
                "tampered.json", other.replace("\"FAIL\"", "\"PASS\""),
                "cut.json", other.substring(0, other.length() / 2),
                "huge.json", " ".repeat(100 * 1024) + other);
        Map<String, String> said = Map.of("again.json", "is already in the journal; nothing was appended",
                "tampered.json", "the report&#39;s seal does not hold", "cut.json", "the report&#39;s seal does not hold",
                "huge.json", "the limit is 65536");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            admin.get("/reports/import"); // a fresh token, as the form carries it
            HttpResponse<String> r = admin.upload("/reports/import", e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            assertEquals(e.getKey().equals("huge.json") ? 413 : 422, r.statusCode(), e.getKey());
            String shown = r.body().substring(r.body().indexOf("id=\"import-error\""));
            assertTrue(shown.substring(0, shown.indexOf("</p>")).contains(said.get(e.getKey())), e.getKey() + ": " + shown);
        }
        assertFalse(admin.get("/reports").body().contains("/reports/spark-tampered"), "nothing refused was appended");
        assertFalse(lucent.health().isEmpty(), "the host keeps serving");

        // once as an auditor in a browser: the link, the form, the report's page
        Path file = dir.resolve("spark-report.json");
        Files.writeString(file, sparkReport("spark-browser", Verdict.Outcome.PASS));
        try (Browser browser = new Browser()) {
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(15));
            browser.driver.get(lucent.url("/login"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys("admin");
            browser.driver.findElement(By.id("password")).sendKeys(lucent.adminPassword());
            browser.driver.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.urlToBe(lucent.url("/")));
            browser.driver.get(lucent.url("/reports"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-link"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report-file"))).sendKeys(file.toString());
            browser.driver.findElement(By.id("report-import")).click();
            wait.until(ExpectedConditions.urlToBe(lucent.url("/reports/spark-browser")));
            assertTrue(browser.driver.getPageSource().contains("Audit of spark-browser (Spark)"));
            browser.screenshot("report-imported");
        }

        // the duplicate guard is the journal's: after a restart on the same folder the same report is refused again
        lucent.stop();
        lucent = LucentProcess.options().homeOf(lucent).property("lucent.upload.maxBytes=65536").start();
        WebClient again = lucent.signIn();
        again.get("/reports/import");
        HttpResponse<String> twice = again.upload("/reports/import", "report.json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(422, twice.statusCode());
        assertTrue(twice.body().contains("report spark-10m is already in the journal; nothing was appended"), twice.body());
    }
}
