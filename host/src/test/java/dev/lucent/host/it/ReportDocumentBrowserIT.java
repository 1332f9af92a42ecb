package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Issue 15.5 in real headless Chromium against the packaged host: a report's table of contents leads to its sections,
 * every heatmap carries its colour scale, and the sign-off form shows its error where the form is. The report is
 * written into the journal beside the host (as the CLI would), so no audit has to run; screenshots under
 * host/target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportDocumentBrowserIT {
    static LucentProcess lucent;
    static Browser browser;
    static final String ID = "it-document-1";

    @BeforeAll
    static void start() throws Exception {
        lucent = LucentProcess.start();
        browser = new Browser();
        dev.lucent.audit.journal.FileJournal.open(lucent.data, java.time.Clock.systemUTC())
                .appendReport(ID, ReportJson.write(report()).getBytes(StandardCharsets.UTF_8));
        browser.driver.get(lucent.url("/login"));
        find(By.id("username")).sendKeys("admin");
        find(By.id("password")).sendKeys(lucent.adminPassword());
        find(By.id("sign-in")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(lucent.url("/")));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) browser.close();
        } finally {
            if (lucent != null) lucent.close();
        }
    }

    /** A report with every section the contents list: verdicts, two stages with findings, a 28x28 heatmap, the appendix. */
    static AuditReport report() {
        Instant t0 = Instant.parse("2026-12-07T09:00:00Z");
        double[] map = new double[28 * 28], image = new double[28 * 28];
        for (int i = 0; i < map.length; i++) {
            int r = i / 28, c = i % 28;
            map[i] = Math.sin(r / 4.0) * Math.cos(c / 5.0) * 0.02;
            image[i] = (r - 14) * (r - 14) + (c - 14) * (c - 14) < 80 ? 1 : 0;
        }
        map[0] = 0.02; // the scale's ends
        map[1] = -0.02;
        List<ExplainerRun> runs = List.of(
                new ExplainerRun(new ExplainerRef("classification-metrics", "Classification metrics", "1.0.0", "performance", "b", "1.0.0"),
                        ExplainerRun.Status.OK, List.of(
                        new Verdict("Is the accuracy good enough?", Stage.VALIDATION, Verdict.Outcome.PASS, "accuracy 0.95 (0.92 to 0.97)",
                                List.of("accuracy 0.95"), ""),
                        new Metric("Accuracy", Stage.VALIDATION, "accuracy", 0.95, 0.92, 0.97, 0.95, null),
                        new Curve("Reliability diagram", Stage.VALIDATION, "mean predicted probability", "observed frequency",
                                List.of(new Curve.Series("model", new double[]{0.1, Double.NaN, 0.7, 0.9}, new double[]{0.12, Double.NaN, 0.6, 0.93})),
                                null)), 40),
                new ExplainerRun(new ExplainerRef("integrated-gradients", "Integrated gradients", "1.0.0", "attribution", "b", "1.0.0"),
                        ExplainerRun.Status.OK, List.of(new ImageHeatmap("Integrated gradients, row 0", Stage.EXPLANATIONS,
                        "row 0 (true label: 3, predicted: 3), explaining the logit of 3", 28, 28, map, image, "completeness within 1%")), 900),
                new ExplainerRun(new ExplainerRef("grad-cam", "Grad-CAM", "1.0.0", "saliency", "b", "1.0.0"), ExplainerRun.Status.OK,
                        List.of(Verdict.notApplicable("Grad-CAM", Stage.DEPLOYMENT_READINESS, "explainer grad-cam was not run: it needs a named layer.")), 0));
        Provenance p = new Provenance("digits-cnn.lucent", "ab".repeat(32), "digits.csv", "cd".repeat(32), null, null, "digit", "70/15/15", 11,
                Map.of(), Map.of(), "it", t0, t0.plusSeconds(60), Map.of("java", "17"));
        return ReportJson.seal(ID, "Audit of digits-cnn.lucent on digits.csv", "digits-cnn", p, runs);
    }

    static WebElement find(By by) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** Whether the element's top edge is within the window (it was scrolled to). */
    static boolean inView(WebElement e) {
        return (Boolean) browser.driver.executeScript(
                "var r = arguments[0].getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight;", e);
    }

    @Test
    @Order(1)
    void theContentsLeadToEverySection() throws Exception {
        browser.driver.get(lucent.url("/reports/" + ID));
        List<WebElement> links = browser.driver.findElements(By.cssSelector("#toc a"));
        assertEquals(List.of("Verdicts", "Validation", "Explanations", "Appendix: provenance"),
                links.stream().map(WebElement::getText).toList());
        assertTrue(find(By.id("report-subtitle")).getText().startsWith("Seed 11 · 3 explainers · 2026-12-07 09:00:00 UTC"));
        assertTrue(find(By.id("header-counts")).getText().toLowerCase(java.util.Locale.ROOT).contains("1 not applicable"),
                find(By.id("header-counts")).getText());
        browser.screenshot("30-report-contents");
        for (String section : List.of("Explanations", "Appendix: provenance", "Validation")) {
            WebElement link = browser.driver.findElement(By.linkText(section));
            String target = link.getAttribute("href").replaceAll(".*#", "");
            link.click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().endsWith("#" + target));
            assertTrue(inView(browser.driver.findElement(By.id(target))), section + " is scrolled into view");
        }
        browser.screenshot("31-report-contents-followed");
        // a verdict's evidence link lands on its explainer's findings
        browser.driver.executeScript("document.querySelectorAll('details.verdict').forEach(d => d.open = true);");
        WebElement evidence = browser.driver.findElement(By.cssSelector("#verdicts .evidence-link a"));
        assertEquals("Evidence: 2 findings of Classification metrics", evidence.getText());
        evidence.click();
        assertTrue(inView(browser.driver.findElement(By.id(evidence.getAttribute("href").replaceAll(".*#", "")))));
    }

    @Test
    @Order(2)
    void everyHeatmapShowsItsColourScaleWithMeaningAndRange() throws Exception {
        browser.driver.get(lucent.url("/reports/" + ID));
        WebElement heatmap = find(By.cssSelector("svg.heatmap"));
        browser.driver.executeScript("arguments[0].scrollIntoView();", heatmap);
        List<WebElement> swatches = heatmap.findElements(By.cssSelector("rect.scale"));
        assertTrue(swatches.size() >= 17, swatches.size() + " swatches");
        List<String> ticks = heatmap.findElements(By.cssSelector("text.scale")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("-0.02", "0", "0.02"), ticks);
        // the scale is drawn below the map and is as wide as a reader needs: not clipped, not zero-sized
        Long width = (Long) browser.driver.executeScript("return Math.round(arguments[0].getBoundingClientRect().width);", swatches.get(0));
        assertTrue(width > 5, "swatch width " + width);
        String legend = heatmap.findElement(By.xpath("following-sibling::p[@class='legend']")).getText();
        assertTrue(legend.startsWith("Colour scale: red raises the class score, blue lowers it"), legend);
        assertTrue(legend.contains("Values from -0.02 to 0.02"), legend);
        // drawn at its own size (the console's .chart rule for its learning curve does not stretch it)
        Long shown = (Long) browser.driver.executeScript("return Math.round(arguments[0].getBoundingClientRect().width);", heatmap);
        assertEquals(280L, shown, "the heatmap's width");
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", heatmap);
        browser.screenshot("32-heatmap-legend");
    }

    @Test
    @Order(3)
    void theSignOffErrorIsShownWhereTheFormIs() throws Exception {
        browser.driver.get(lucent.url("/reports/" + ID));
        find(By.id("decision-reject")).click();
        find(By.id("intended-use")).sendKeys("Reading hand-written digits on bank forms");
        find(By.id("sign-off")).click();
        WebElement error = find(By.id("signoff-error"));
        assertTrue(error.getText().contains("say why in the comment"), error.getText());
        WebElement form = browser.driver.findElement(By.id("signoff-form"));
        assertTrue((Boolean) browser.driver.executeScript("return arguments[0].contains(arguments[1]);", form, error), "inside the form");
        assertTrue(inView(error), "in view after the page comes back");
        assertEquals("Reading hand-written digits on bank forms", find(By.id("intended-use")).getAttribute("value"), "what was typed is kept");
        assertTrue(find(By.id("decision-reject")).isSelected());
        browser.screenshot("33-signoff-error-in-form");
        find(By.id("comment")).sendKeys("Needs a held-out set from another branch.");
        find(By.id("limitations")).sendKeys("Digits from one scanner only");
        find(By.id("sign-off")).click();
        assertTrue(find(By.cssSelector(".msg.pass")).getText().contains("Signed off: reject"));
        String row = find(By.cssSelector("#signoffs tbody tr")).getText();
        assertTrue(row.contains("Intended use: Reading hand-written digits on bank forms") && row.contains("Limitations: Digits from one scanner only"), row);
        browser.screenshot("34-signoff-with-model-card-fields");
        WebClient c = new WebClient(lucent);
        c.session = browser.driver.manage().getCookieNamed("lucent_session").getValue();
        String card = c.get("/reports/" + ID + "/model-card.md").body();
        assertTrue(card.contains("## Intended use\n\nReading hand\\-written digits on bank forms"), card);
        assertTrue(card.contains("- **reject** by admin (admin)"), card);
    }
}
