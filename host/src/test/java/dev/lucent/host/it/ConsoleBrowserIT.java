package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    static String currentPath() {
        return java.net.URI.create(browser.driver.getCurrentUrl()).getPath();
    }

    @Test
    @Order(1)
    void signsInWithThePrintedPassword() throws Exception {
        open("/reports");
        assertEquals("/login", currentPath(), "a page without a session leads to the login page");
        browser.screenshot("01-login");
        browser.driver.findElement(By.id("username")).sendKeys("admin");
        browser.driver.findElement(By.id("password")).sendKeys("not-the-password");
        browser.driver.findElement(By.id("sign-in")).click();
        browser.screenshot("01-login-refused");
        assertTrue(browser.driver.findElement(By.cssSelector(".msg.fail")).getText().contains("Wrong user name or password"));
        browser.driver.findElement(By.id("password")).sendKeys(lucent.adminPassword());
        browser.driver.findElement(By.id("sign-in")).click();
        waitUpTo(10).until(ExpectedConditions.urlToBe(lucent.url("/")));
        assertEquals("admin", browser.driver.findElement(By.cssSelector(".who .user")).getText());
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
        browser.driver.findElement(By.id("dataset-file")).sendKeys(csv.toString());
        browser.driver.findElement(By.id("dataset-upload")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/datasets/[0-9a-f-]{36}$"));
        String page = browser.driver.findElement(By.tagName("main")).getText();
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
        browser.driver.findElement(By.id("dataset-file")).sendKeys(csv.toString());
        browser.driver.findElement(By.id("dataset-upload")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/datasets/[0-9a-f-]{36}$"));

        open("/models");
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("train-dataset"))).selectByVisibleText(
                browser.driver.findElements(By.cssSelector("#train-dataset option")).stream().map(WebElement::getText)
                        .filter(t -> t.startsWith("separable.csv")).findFirst().orElseThrow());
        browser.driver.findElement(By.id("train-label")).sendKeys("outcome");
        WebElement epochs = browser.driver.findElement(By.id("train-epochs"));
        epochs.clear();
        epochs.sendKeys("150");
        browser.screenshot("09-train-form");
        browser.driver.findElement(By.id("train-start")).click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/jobs/[0-9a-f-]{36}$"));
        // the curve fills in while it trains: some points drawn before the end
        waitUpTo(60).until(d -> browser.driver.findElements(By.cssSelector("svg[data-curve] path.train")).size() == 1);
        browser.screenshot("10-training-progress");
        WebElement next = waitUpTo(120).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("a[data-next]")));
        String status = browser.driver.findElement(By.cssSelector("[data-status]")).getText();
        assertTrue(status.startsWith("trained: test accuracy"), status);
        double accuracy = Double.parseDouble(status.replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
        assertTrue(accuracy > 0.9, status);
        Long points = (Long) browser.driver.executeScript(
                "return document.querySelector('svg[data-curve] path.train').getAttribute('d').split(/[ML]/).length - 1;");
        assertEquals(150L, points, "one point per epoch");
        browser.screenshot("11-training-done");
        next.click();
        waitUpTo(10).until(ExpectedConditions.urlMatches("/models/[0-9a-f-]{36}$"));
        String page = browser.driver.findElement(By.tagName("main")).getText();
        assertTrue(page.contains("separable-mlp.lucent") && page.contains("linear1") && page.contains("no, yes"), page);
        browser.screenshot("12-trained-model");
    }

    @Test
    @Order(6)
    void signsAReportOffInTheJournalAndVerifiesIt() throws Exception {
        open("/journal");
        assertTrue(browser.driver.findElement(By.tagName("main")).getText().contains("The journal is empty"));
        // a report recorded by another process on the same data folder (as the CLI would), then read by the console
        byte[] stored = "{\"schema\":\"test\",\"title\":\"<script>window.__lucentXss='report'</script>\"}".getBytes(StandardCharsets.UTF_8);
        dev.lucent.audit.journal.FileJournal.open(lucent.data, java.time.Clock.systemUTC()).appendReport("it-report-1", stored);

        open("/reports");
        browser.driver.findElement(By.linkText("it-report-1")).click();
        waitUpTo(10).until(ExpectedConditions.urlToBe(lucent.url("/reports/it-report-1")));
        browser.driver.findElement(By.id("decision-needs-changes")).click();
        browser.driver.findElement(By.id("sign-off")).click();
        browser.screenshot("13-signoff-refused");
        assertTrue(browser.driver.findElement(By.cssSelector(".msg.fail")).getText().contains("say why"));
        browser.driver.findElement(By.id("decision-needs-changes")).click();
        browser.driver.findElement(By.id("comment")).sendKeys(PAYLOADS.get(1) + " calibration is off above 0.8");
        browser.driver.findElement(By.id("sign-off")).click();
        assertTrue(browser.driver.findElement(By.cssSelector(".msg.pass")).getText().contains("Signed off: needs-changes"));
        browser.driver.findElement(By.id("decision-approve")).click();
        browser.driver.findElement(By.id("sign-off")).click();
        List<String> rows = browser.driver.findElements(By.cssSelector("#signoffs tbody tr")).stream()
                .map(e -> ((String) browser.driver.executeScript("return Array.from(arguments[0].cells).map(c => c.textContent.trim()).join(' ');", e))).toList();
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(0).startsWith("needs-changes admin admin " + PAYLOADS.get(1)), rows.get(0));
        assertTrue(rows.get(1).startsWith("approve admin admin"), rows.get(1));
        assertEquals(null, browser.driver.executeScript("return window.__lucentXss === undefined ? null : String(window.__lucentXss);"));
        browser.screenshot("13-report-signed-off");

        // the stored report downloads byte for byte, with the browser's session
        WebClient c = new WebClient(lucent);
        c.session = browser.driver.manage().getCookieNamed("lucent_session").getValue();
        java.net.http.HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(
                c.request("/reports/it-report-1/stored").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertTrue(download.headers().firstValue("content-disposition").orElse("").startsWith("attachment"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(stored, download.body());

        open("/journal");
        browser.driver.findElement(By.id("verify")).click();
        String verdict = browser.driver.findElement(By.cssSelector("#verification .msg")).getText();
        assertTrue(verdict.startsWith("journal valid: 3 entries"), verdict);
        assertTrue(verdict.contains(browser.driver.findElement(By.id("fingerprint")).getText()));
        browser.screenshot("14-journal-verified");

        // one flipped byte in the stored journal: verify names the entry
        Path file = lucent.data.resolve("journal").resolve(dev.lucent.audit.journal.FileJournal.JOURNAL_FILE);
        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("signoff-2");
        assertTrue(at > 0);
        bytes[at + "signoff-".length()] = (byte) '9';
        Files.write(file, bytes);
        open("/journal");
        browser.driver.findElement(By.id("verify")).click();
        verdict = browser.driver.findElement(By.cssSelector("#verification .msg")).getText();
        assertTrue(verdict.startsWith("journal INVALID at entry 2"), verdict);
        browser.screenshot("15-journal-tampered");
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
        browser.driver.findElement(By.id("dataset-file")).sendKeys(csv.toString());
        browser.driver.findElement(By.id("dataset-upload")).click();
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
        String text = browser.driver.findElement(By.tagName("main")).getText();
        assertTrue(text.contains("[[${T(java.lang.Runtime).getRuntime().exec('touch /tmp/lucent-pwned')}]]"), "expression shown, not evaluated");
        assertTrue(text.contains("<img src=x onerror=alert(1)>.csv"), "the file name is text");
        assertFalse(Files.exists(Path.of("/tmp/lucent-pwned")));
    }

    @Test
    @Order(20)
    void signsOut() throws Exception {
        open("/");
        browser.driver.findElement(By.cssSelector(".who button")).click();
        waitUpTo(10).until(ExpectedConditions.urlToBe(lucent.url("/login")));
        open("/datasets");
        assertEquals("/login", currentPath());
    }
}
