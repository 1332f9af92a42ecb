package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console in real headless Chromium against the packaged host: sign in, every page, uploads, hostile names. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static LucentProcess lucent;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        lucent = LucentProcess.start();
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) browser.close();
        } finally {
            if (lucent != null) {
                lucent.close();
                // the host's own log, for the test report
                System.out.println(lucent.output());
            }
        }
    }

    static void open(String path) {
        browser.driver.get(lucent.url(path));
    }

    static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds));
    }

    /** Waits for an element (pages load after clicks asynchronously). */
    static WebElement find(By by) {
        return waitUpTo(15).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    static String currentPath() {
        return java.net.URI.create(browser.driver.getCurrentUrl()).getPath();
    }

    @Test
    @Order(1)
    void signsInWithThePrintedPassword() throws Exception {
        open("/reports");
        assertEquals("/login", currentPath(), "a page without a session leads to the login page");
        browser.screenshot("01-login");
        find(By.id("username")).sendKeys("admin");
        find(By.id("password")).sendKeys("not-the-password");
        find(By.id("sign-in")).click();
        browser.screenshot("01-login-refused");
        assertTrue(find(By.cssSelector(".msg.fail")).getText().contains("Wrong user name or password"));
        find(By.id("password")).sendKeys(lucent.adminPassword());
        find(By.id("sign-in")).click();
        waitUpTo(10).until(ExpectedConditions.urlToBe(lucent.url("/")));
        assertEquals("admin", find(By.cssSelector(".who .user")).getText());
        assertEquals(0, browser.driver.manage().getCookies().stream().filter(c -> c.getName().equals("lucent_session") && !c.isHttpOnly()).count());
        browser.screenshot("02-dashboard");
    }

    @Test
    @Order(2)
    void everyPageOfTheNavigationOpens() throws Exception {
        List<WebElement> links = browser.driver.findElements(By.cssSelector(".bar nav a"));
        List<String> hrefs = links.stream().map(a -> a.getAttribute("href")).toList();
        assertTrue(hrefs.size() >= 6, hrefs.toString());
        int n = 3;
        for (String href : List.of("/models", "/datasets", "/settings", "/settings/users")) {
            open(href);
            assertEquals(href, currentPath());
            assertFalse(browser.driver.getTitle().contains("Error"), href + ": " + browser.driver.getTitle());
            browser.screenshot(String.format("%02d-%s", n++, href.substring(1).replace('/', '-')));
        }
    }

    @Test
    @Order(3)
    void uploadsADataSetAndShowsItsSchemaAndChecks() throws Exception {
        Path csv = Files.createTempFile("iris-like-", ".csv");
        StringBuilder b = new StringBuilder("sepal_length,sepal_width,petal_length,species\n");
        for (int i = 0; i < 60; i++) b.append(4 + i % 30 / 10.0).append(',').append(2 + i % 7 / 5.0).append(',').append(1 + i % 11 / 3.0)
                .append(',').append(List.of("setosa", "versicolor", "virginica").get(i % 3)).append('\n');
        b.append("5.0,,1.2,setosa\n5.1,3.0\n");
        Files.writeString(csv, b, StandardCharsets.UTF_8);
        open("/datasets");
        find(By.id("dataset-file")).sendKeys(csv.toString());
        find(By.id("dataset-upload")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/datasets/[0-9a-f-]{36}$"));
        String page = find(By.tagName("main")).getText();
        assertTrue(page.contains("62"), "row count");
        assertTrue(page.contains("line 63 has 2 fields; the header has 4"), page);
        assertTrue(page.contains("column 'sepal_width' has 1 missing values"), page);
        assertTrue(page.contains("setosa") && page.contains("virginica"), page);
        browser.screenshot("07-dataset-preview");
    }

    @Test
    @Order(5)
    void trainsAModelWithLiveProgressAndALearningCurve() throws Exception {
        // a separable two-class problem: the label is the sign of a weighted sum, so a trained MLP must beat 90%
        StringBuilder b = new StringBuilder("x1,x2,x3,x4,outcome\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 400; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double s = 1.5 * x[0] - x[1] + 0.5 * x[2];
            b.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%s%n", x[0], x[1], x[2], x[3], s > 0 ? "yes" : "no"));
        }
        Path csv = Files.createTempDirectory("train").resolve("separable.csv");
        Files.writeString(csv, b, StandardCharsets.UTF_8);
        open("/datasets");
        find(By.id("dataset-file")).sendKeys(csv.toString());
        find(By.id("dataset-upload")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/datasets/[0-9a-f-]{36}$"));

        open("/models");
        new org.openqa.selenium.support.ui.Select(find(By.id("train-dataset"))).selectByVisibleText(
                browser.driver.findElements(By.cssSelector("#train-dataset option")).stream().map(WebElement::getText)
                        .filter(t -> t.startsWith("separable.csv")).findFirst().orElseThrow());
        find(By.id("train-label")).sendKeys("outcome");
        WebElement epochs = find(By.id("train-epochs"));
        epochs.clear();
        epochs.sendKeys("150");
        browser.screenshot("09-train-form");
        find(By.id("train-start")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        // the curve fills in while it trains: some points drawn before the end
        waitUpTo(60).until(d -> browser.driver.findElements(By.cssSelector("svg[data-curve] path.train")).size() == 1);
        browser.screenshot("10-training-progress");
        WebElement next = waitUpTo(120).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a[data-next]")));
        String status = find(By.cssSelector("[data-status]")).getText();
        assertTrue(status.startsWith("trained: test accuracy"), status);
        double accuracy = Double.parseDouble(status.replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.9, status);
        Long points = (Long) browser.driver.executeScript(
                "return document.querySelector('svg[data-curve] path.train').getAttribute('d').split(/[ML]/).length - 1;");
        assertEquals(150L, points, "one point per epoch");
        browser.screenshot("11-training-done");
        next.click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/models/[0-9a-f-]{36}$"));
        String page = find(By.tagName("main")).getText();
        assertTrue(page.contains("separable-mlp.lucent") && page.contains("linear1") && page.contains("no, yes"), page);
        browser.screenshot("12-trained-model");
    }

    @Test
    @Order(6)
    void theFirstStartDemoAuditsABreastCancerMlpInOneClick() throws Exception {
        open("/");
        find(By.id("demo")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        waitUpTo(120).until(d -> browser.driver.findElements(By.cssSelector("[data-rows] tr")).size() > 5);
        browser.screenshot("13-demo-progress");
        waitUpTo(240).until(d -> !browser.driver.findElements(By.cssSelector("[data-cancel]:disabled")).isEmpty());
        String status = find(By.cssSelector("[data-status]")).getText();
        assertTrue(status.startsWith("report ready:"), status);
        WebElement next = find(By.cssSelector("a[data-next]"));
        next.click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/reports/[0-9a-zA-Z._:-]+$"));
        String report = find(By.cssSelector(".lucent-report")).getText();
        assertTrue(report.contains("Verdicts"), report);
        for (String family : List.of("Integrated gradients", "KernelSHAP", "Permutation importance", "Membership inference"))
            assertTrue(report.contains(family), family + " in the report");
        browser.screenshot("14-demo-report");
        open("/");
        assertTrue(browser.driver.findElements(By.id("demo")).isEmpty(), "the demo is offered on first start only");
        browser.screenshot("15-dashboard-after-demo");
    }

    @Test
    @Order(7)
    void uploadsAModelRunsAnAuditExportsAndSignsOff() throws Exception {
        // the model trained in the console earlier, uploaded back as a file
        Path trained = null;
        try (var s = Files.list(lucent.data.resolve("uploads/models"))) {
            for (Path meta : s.filter(p -> p.toString().endsWith(".properties")).toList())
                if (Files.readString(meta).contains("originalName=separable-mlp.lucent"))
                    trained = meta.resolveSibling(meta.getFileName().toString().replace(".properties", ".lucent"));
        }
        assertTrue(trained != null && Files.isRegularFile(trained), "the model trained from separable.csv");
        Path upload = Files.createTempDirectory("model").resolve("uploaded-model.lucent");
        Files.copy(trained, upload);
        open("/models");
        find(By.id("model-file")).sendKeys(upload.toString());
        find(By.id("model-upload")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/models/[0-9a-f-]{36}$"));
        find(By.linkText("Audit this model")).click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/audits/new"));
        new org.openqa.selenium.support.ui.Select(find(By.id("audit-data"))).selectByVisibleText(
                browser.driver.findElements(By.cssSelector("#audit-data option")).stream().map(WebElement::getText)
                        .filter(t -> t.startsWith("separable.csv")).findFirst().orElseThrow());
        find(By.id("audit-label")).sendKeys("outcome");
        for (WebElement box : browser.driver.findElements(By.cssSelector("input[name=explainer]")))
            if (box.isSelected() != List.of("classification-metrics", "integrated-gradients", "permutation-importance",
                    "overfitting-verdict", "saliency").contains(box.getAttribute("value"))) box.click();
        browser.screenshot("16-new-audit");
        find(By.id("audit-start")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        waitUpTo(30).until(d -> browser.driver.findElements(By.cssSelector("[data-rows] tr")).size() == 5);
        browser.screenshot("17-audit-progress");
        waitUpTo(180).until(d -> !browser.driver.findElements(By.cssSelector("[data-cancel]:disabled")).isEmpty());
        String status = find(By.cssSelector("[data-status]")).getText();
        assertTrue(status.startsWith("report ready:"), status);
        WebElement next = find(By.cssSelector("a[data-next]"));
        next.click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/reports/[0-9a-zA-Z._:-]+$"));
        String reportUrl = browser.driver.getCurrentUrl();
        String h1 = find(By.cssSelector(".lucent-report h1")).getText();
        assertTrue(h1.contains("separable-mlp") && h1.endsWith(" on separable.csv"), "titled by the uploads' own names: " + h1);
        assertTrue(find(By.id("export-pdf")).getAttribute("href").endsWith("/export.pdf"), "the PDF export is offered");
        browser.screenshot("18-report");

        // the HTML export: a file, self-contained, signed, no script
        WebClient c = new WebClient(lucent);
        c.session = browser.driver.manage().getCookieNamed("lucent_session").getValue();
        String path = java.net.URI.create(reportUrl).getPath();
        java.net.http.HttpResponse<String> export = c.get(path + "/export.html");
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("content-disposition").orElse("").startsWith("attachment"));
        String html = export.body();
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), "no script in the export");
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "no external fetch");
        assertTrue(html.contains("BEGIN PUBLIC KEY") && html.contains("Ed25519 signature"), "signed, with the key");
        Path saved = Path.of(System.getProperty("basedir", "."), "target", "screenshots", "report-export.html");
        Files.writeString(saved, html, StandardCharsets.UTF_8);
        browser.driver.get(saved.toUri().toString());
        assertTrue(find(By.tagName("h1")).getText().contains("separable-mlp"));
        browser.screenshot("19-exported-report-offline");
        assertEquals(200, c.get(path + "/export.json").statusCode());
        java.net.http.HttpResponse<String> pdf = c.get(path + "/export.pdf");
        assertTrue(pdf.statusCode() == 200 && pdf.body().startsWith("%PDF-")
                && pdf.headers().firstValue("content-disposition").orElse("").startsWith("attachment"), "the PDF export is a file");
        java.net.http.HttpResponse<String> card = c.get(path + "/model-card.md");
        assertEquals(200, card.statusCode());
        assertTrue(card.body().startsWith("# Model card") && card.body().contains("separable"), card.body());

        browser.driver.get(reportUrl);
        find(By.id("decision-approve")).click();
        find(By.id("comment")).sendKeys("Reviewed the verdicts and the attributions.");
        find(By.id("sign-off")).click();
        assertTrue(find(By.cssSelector(".msg.pass")).getText().contains("Signed off: approve"));
        browser.screenshot("20-report-signed-off");

        // replay: the same files (hash-checked), seed, explainers and parameters give the same findings hash
        find(By.id("replay")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        waitUpTo(180).until(d -> !browser.driver.findElements(By.cssSelector("[data-cancel]:disabled")).isEmpty());
        String replay = find(By.cssSelector("[data-status]")).getText();
        assertEquals("replayed: identical findings, bit for bit", replay);
        browser.screenshot("20-replay-identical");
    }

    @Test
    @Order(8)
    void cancelsARunningAudit() throws Exception {
        open("/audits/new");
        new org.openqa.selenium.support.ui.Select(find(By.id("audit-data"))).selectByVisibleText(
                browser.driver.findElements(By.cssSelector("#audit-data option")).stream().map(WebElement::getText)
                        .filter(t -> t.startsWith("breast_cancer.csv")).findFirst().orElseThrow());
        new org.openqa.selenium.support.ui.Select(find(By.id("audit-model"))).selectByVisibleText(
                browser.driver.findElements(By.cssSelector("#audit-model option")).stream().map(WebElement::getText)
                        .filter(t -> t.startsWith("breast_cancer-mlp.lucent")).findFirst().orElseThrow());
        find(By.id("audit-label")).sendKeys("diagnosis");
        // every installed explainer finishes in seconds on this data set; thousands of shuffles per feature keep
        // permutation importance busy for minutes, so the cancel always lands on a running audit
        find(By.name("permutation-importance.repeats")).sendKeys("50000"); // its own field, shown while it is chosen
        find(By.id("audit-start")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        // the rows are rebuilt at every poll: read their text in the page, not through element handles
        waitUpTo(120).withMessage(() -> "permutation importance never ran; rows: " + rowsText())
                .until(d -> rowsText().matches("(?s).*Permutation importance[^\\n]*running.*"));
        find(By.cssSelector("button[data-cancel]")).click();
        waitUpTo(60).withMessage(() -> "status: " + find(By.cssSelector("[data-status]")).getText() + "; rows: " + rowsText())
                .until(d -> find(By.cssSelector("[data-status]")).getText().equals("cancelled"));
        browser.screenshot("21-audit-cancelled");
        assertTrue(browser.driver.findElements(By.cssSelector("a[data-next]:not([hidden])")).isEmpty(), "no report to open");
    }

    private String rowsText() {
        return String.valueOf(browser.driver.executeScript(
                "return Array.from(document.querySelectorAll('[data-rows] tr')).map(r => r.textContent).join('\\n');"));
    }

    @Test
    @Order(12)
    void signsAReportOffInTheJournalAndVerifiesIt() throws Exception {
        open("/journal");
        find(By.id("verify")).click();
        String before = find(By.cssSelector("#verification .msg")).getText();
        assertTrue(before.startsWith("journal valid: "), before);
        int entries = Integer.parseInt(before.replaceAll("journal valid: (\\d+) entries.*", "$1"));
        // a report recorded by another process on the same data folder (as the CLI would), then read by the console
        byte[] stored = "{\"schema\":\"test\",\"title\":\"<script>window.__lucentXss='report'</script>\"}".getBytes(StandardCharsets.UTF_8);
        dev.lucent.audit.journal.FileJournal.open(lucent.data, java.time.Clock.systemUTC()).appendReport("it-report-1", stored);

        open("/reports");
        find(By.linkText("it-report-1")).click();
        waitUpTo(10).until(ExpectedConditions.urlToBe(lucent.url("/reports/it-report-1")));
        find(By.id("decision-needs-changes")).click();
        find(By.id("sign-off")).click();
        assertTrue(find(By.cssSelector(".msg.fail")).getText().contains("say why"));
        find(By.id("decision-needs-changes")).click();
        find(By.id("comment")).sendKeys(PAYLOADS.get(1) + " calibration is off above 0.8");
        find(By.id("sign-off")).click();
        assertTrue(find(By.cssSelector(".msg.pass")).getText().contains("Signed off: needs-changes"));
        find(By.id("decision-approve")).click();
        find(By.id("sign-off")).click();
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#signoffs tbody tr")).size() == 2);
        List<String> rows = browser.driver.findElements(By.cssSelector("#signoffs tbody tr")).stream()
                .map(e -> ((String) browser.driver.executeScript("return Array.from(arguments[0].cells).map(c => c.textContent.trim()).join(' ');", e))).toList();
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(0).startsWith("needs-changes admin admin " + PAYLOADS.get(1)), rows.get(0));
        assertTrue(rows.get(1).startsWith("approve admin admin"), rows.get(1));
        assertEquals(null, browser.driver.executeScript("return window.__lucentXss === undefined ? null : String(window.__lucentXss);"));
        browser.screenshot("23-raw-report-signed-off");

        // the stored report downloads byte for byte, with the browser's session
        WebClient c = new WebClient(lucent);
        c.session = browser.driver.manage().getCookieNamed("lucent_session").getValue();
        java.net.http.HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(
                c.request("/reports/it-report-1/stored").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("content-disposition").orElse("").startsWith("attachment"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(stored, download.body());

        open("/journal");
        find(By.id("verify")).click();
        String verdict = find(By.cssSelector("#verification .msg")).getText();
        assertTrue(verdict.startsWith("journal valid: " + (entries + 3) + " entries"), verdict);
        assertTrue(verdict.contains(find(By.id("fingerprint")).getText()));
        browser.screenshot("24-journal-verified");

        // one flipped byte in the stored journal: verify names the entry
        Path file = lucent.data.resolve("journal").resolve(dev.lucent.audit.journal.FileJournal.JOURNAL_FILE);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("signoff-" + (entries + 2));
        assertTrue(at > 0, "the last sign-off's id is in the file");
        bytes[at + "signoff-".length()] = (byte) (bytes[at + "signoff-".length()] == '9' ? '8' : '9');
        Files.write(file, bytes);
        open("/journal");
        find(By.id("verify")).click();
        verdict = find(By.cssSelector("#verification .msg")).getText();
        assertTrue(verdict.startsWith("journal INVALID at entry " + (entries + 2)), verdict);
        browser.screenshot("25-journal-tampered");
    }

    static final List<String> PAYLOADS = List.of(
            "<script>window.__lucentXss='script'</script>",
            "<img src=x onerror=\"window.__lucentXss='img'\">",
            "javascript:window.__lucentXss='url'",
            "[[${T(java.lang.Runtime).getRuntime().exec('touch /tmp/lucent-pwned')}]]",
            "__${T(java.lang.Runtime).getRuntime().availableProcessors()}__::x",
            "\"><svg onload=\"window.__lucentXss='svg'\">",
            "' onmouseover='window.__lucentXss=1' x='");

    static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Test
    @Order(4)
    void hostileFeatureAndClassNamesRenderAsTextAndRunNoScript() throws Exception {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", PAYLOADS.stream().map(ConsoleBrowserIT::quote).toList())).append(",label\n");
        for (int r = 0; r < 14; r++) {
            for (int c = 0; c < PAYLOADS.size(); c++) b.append((r * 7 + c) % 5).append(',');
            b.append(quote(PAYLOADS.get(r % PAYLOADS.size()))).append('\n');
        }
        Path dir = Files.createTempDirectory("hostile");
        Path csv = dir.resolve("<img src=x onerror=alert(1)>.csv");
        Files.writeString(csv, b, StandardCharsets.UTF_8);
        open("/datasets");
        find(By.id("dataset-file")).sendKeys(csv.toString());
        find(By.id("dataset-upload")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/datasets/[0-9a-f-]{36}$"));
        String datasetPage = browser.driver.getCurrentUrl();
        browser.screenshot("08-hostile-names");

        for (String page : List.of(datasetPage, lucent.url("/datasets"))) {
            browser.driver.get(page);
            // hover everything once so event-handler payloads would get their chance
            for (WebElement e : browser.driver.findElements(By.cssSelector("main th, main td, main span, main h1")).stream().limit(60).toList())
                new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(e).perform();
            Object marker = browser.driver.executeScript("return window.__lucentXss === undefined ? null : String(window.__lucentXss);");
            assertEquals(null, marker, page + ": a payload ran");
            Long scripts = (Long) browser.driver.executeScript("return document.scripts.length;");
            assertEquals(1L, scripts, "only /static/lucent.js");
            assertEquals("/static/lucent.js", browser.driver.executeScript("return new URL(document.scripts[0].src).pathname;"));
            assertEquals(0L, browser.driver.executeScript("return document.querySelectorAll('main img, main svg, main [onerror], main [onload], main [onmouseover]').length;"));
        }
        browser.driver.get(datasetPage);
        List<String> headers = browser.driver.findElements(By.cssSelector("table.grid.small thead th")).stream()
                .map(e -> (String) browser.driver.executeScript("return arguments[0].textContent;", e)).toList();
        assertEquals(PAYLOADS, headers.subList(0, PAYLOADS.size()), "feature names are shown verbatim, as text");
        String text = find(By.tagName("main")).getText();
        assertTrue(text.contains("[[${T(java.lang.Runtime).getRuntime().exec('touch /tmp/lucent-pwned')}]]"), "expression shown, not evaluated");
        assertTrue(text.contains("<img src=x onerror=alert(1)>.csv"), "the file name is text");
        assertFalse(Files.exists(Path.of("/tmp/lucent-pwned")));
    }

    /** Polls a job's JSON until it has finished; returns its "next" path. */
    static String awaitJob(WebClient c, String jobPath) throws Exception {
        String id = jobPath.substring(jobPath.lastIndexOf('/') + 1);
        for (int i = 0; i < 600; i++) {
            String json = c.get("/api/jobs/" + id).body();
            if (json.contains("\"finished\":true")) {
                assertTrue(json.contains("\"state\":\"done\""), json);
                return json.replaceAll(".*\"next\":\"([^\"]+)\".*", "$1");
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    @Order(9)
    void hostileNamesInAnAuditedReportRunNoScript() throws Exception {
        WebClient c = new WebClient(lucent);
        c.session = browser.driver.manage().getCookieNamed("lucent_session").getValue();
        c.get("/datasets");
        List<String> features = PAYLOADS.subList(0, 4);
        String yes = PAYLOADS.get(0), no = PAYLOADS.get(1);
        StringBuilder b = new StringBuilder(String.join(",", features.stream().map(ConsoleBrowserIT::quote).toList()) + ",label\n");
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < 300; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            b.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%s%n", x[0], x[1], x[2], x[3], quote(x[0] - x[2] > 0 ? yes : no)));
        }
        java.net.http.HttpResponse<String> up = c.upload("/datasets/upload", "hostile.csv", b.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(303, up.statusCode(), up.body());
        String dataId = up.headers().firstValue("location").orElseThrow().replaceAll(".*/", "");
        java.net.http.HttpResponse<String> train = c.postFormWithToken("/models/train", Map.of("dataset", dataId, "label", "label",
                "hidden", "16", "l2", "0", "dropout", "0", "epochs", "15", "seed", "5"));
        assertEquals(303, train.statusCode(), train.body());
        String modelId = awaitJob(c, train.headers().firstValue("location").orElseThrow()).replaceAll(".*/", "");
        c.get("/audits/new");
        String form = WebClient.encode(Map.of("_csrf", c.csrf, "model", modelId, "data", dataId, "label", "label", "seed", "3",
                "timeLimit", "120", "memory", "512", "parameters", "")) + "&explainer=classification-metrics&explainer=permutation-importance"
                + "&explainer=integrated-gradients&explainer=class-balance";
        java.net.http.HttpResponse<String> audit = c.send(c.request("/audits").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(303, audit.statusCode(), audit.body());
        String report = awaitJob(c, audit.headers().firstValue("location").orElseThrow());

        open(report);
        // open every verdict and fire the events an injected handler would wait for, on every element
        browser.driver.executeScript("document.querySelectorAll('details').forEach(d => d.open = true);"
                + "document.querySelectorAll('main *').forEach(e => ['mouseover', 'mouseenter', 'focus'].forEach("
                + "t => e.dispatchEvent(new Event(t, {bubbles: false}))));");
        assertEquals(null, browser.driver.executeScript("return window.__lucentXss === undefined ? null : String(window.__lucentXss);"));
        assertEquals(1L, browser.driver.executeScript("return document.scripts.length;"));
        assertEquals(0L, browser.driver.executeScript("return document.querySelectorAll('main img, main [onerror], main [onload], main [onmouseover]').length;"));
        String text = String.valueOf(browser.driver.executeScript("return document.querySelector('.lucent-report').textContent;"));
        assertTrue(text.contains(PAYLOADS.get(3)) || text.contains(PAYLOADS.get(0)), "the names are shown as text");
        browser.screenshot("22-hostile-report");
        String export = c.get(java.net.URI.create(lucent.url(report)).getPath() + "/export.html").body();
        assertFalse(export.contains("<script>window.__lucentXss"), "the export escapes the names too");
    }

    @Test
    @Order(20)
    void signsOut() throws Exception {
        open("/");
        find(By.cssSelector(".who button")).click();
        waitUpTo(10).until(ExpectedConditions.urlToBe(lucent.url("/login")));
        open("/datasets");
        assertEquals("/login", currentPath());
    }
}
