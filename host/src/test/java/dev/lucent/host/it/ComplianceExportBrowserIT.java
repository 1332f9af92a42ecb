package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.report.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 16: the compliance view in the exported documents of a planted-bias audit (scripts/planted-bias.py, the model
 * trained on the biased copy, audited by the CLI on the clean test rows). The HTML export, opened in headless Chromium
 * from the file, lists every finding of the JSON export under at least one regulation section, each a link that leads
 * to that finding in the same document, and lists the gaps; the PDF export holds the section. CI time: about two minutes (training, one audit, HTML and PDF).
 */
class ComplianceExportBrowserIT {
    static final Duration LIMIT = Duration.ofMinutes(8);

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void everyFindingOfAPlantedBiasAuditIsUnderASectionOfTheExportedHtmlAndThePdfHoldsTheView() throws Exception {
        Path shared = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));
        Path gen = dir.resolve("planted"), data = dir.resolve("data"), model = dir.resolve("biased");
        Path script = Path.of(System.getProperty("lucent.scripts", "../scripts")).resolve("planted-bias.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), shared.resolve("breast_cancer.csv").toString(), gen.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        LucentProcess.Result t = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data",
                gen.resolve("bc-biased-train.csv").toString(), "--label", "diagnosis", "--out", model.toString(), "--epochs", "30", "--seed", "7");
        assertEquals(0, t.exitCode(), t.err());
        Path json = dir.resolve("biased.json"), html = dir.resolve("biased.html"), pdf = dir.resolve("biased.pdf");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", model.toString(), "--data",
                gen.resolve("bc-biased-train.csv").toString(), "--test", gen.resolve("bc-test.csv").toString(), "--label", "diagnosis",
                "--sensitive", "sex", "--explainers", "group-fairness,group-recall-thresholds,classification-metrics,class-balance",
                "--json", json.toString(), "--out", html.toString(), "--pdf", pdf.toString(), "--seed", "3");
        assertEquals(1, a.exitCode(), "the planted bias fails: " + a.out() + a.err());

        // the findings, from the JSON export read by the JSON parser
        List<String[]> findings = new ArrayList<>();
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(json));
        for (Object run : (List<Object>) report.get("runs"))
            for (Object f : (List<Object>) ((Map<String, Object>) run).get("findings"))
                findings.add(new String[]{(String) ((Map<String, Object>) run).get("explainer"), (String) ((Map<String, Object>) f).get("title")});
        assertTrue(findings.size() >= 10, findings.size() + " findings");

        try (Browser browser = new Browser()) {
            browser.driver.get(html.toUri().toString());
            assertFalse(browser.driver.findElements(By.id("map-version")).isEmpty(), "the compliance view in the export");
            browser.driver.get(html.toUri() + "#compliance");
            browser.screenshot("export-compliance-view");
            Set<String> shown = new HashSet<>();
            List<String[]> links = new ArrayList<>();
            for (WebElement li : browser.driver.findElements(By.cssSelector("#compliance tr.section li.evidence"))) {
                shown.add(li.getAttribute("data-explainer") + "\n" + li.getAttribute("data-title"));
                for (WebElement link : li.findElements(By.tagName("a")))
                    links.add(new String[]{link.getAttribute("href"), li.getAttribute("data-title")});
            }
            for (String[] f : findings)
                assertTrue(shown.contains(f[0] + "\n" + f[1]), "finding '" + f[1] + "' of " + f[0] + " under a section; shown: " + shown);
            assertTrue(browser.driver.findElements(By.id("unmapped")).isEmpty(), "no finding outside every section");
            assertFalse(browser.driver.findElements(By.cssSelector("#gaps li.gap[data-section='fda-gmlp/1']")).isEmpty(), "gaps listed");
            WebElement fairness = browser.driver.findElement(By.cssSelector("#compliance tr.section[data-section='eu-ai-act/art-10']"));
            assertTrue(fairness.getText().contains("FAIL"), "Art. 10 (bias) carries the failed equal opportunity verdict: " + fairness.getText());
            // every link leads to its finding in this document
            assertTrue(links.size() >= findings.size(), links.size() + " links");
            for (String[] l : links) {
                String anchor = l[0].substring(l[0].indexOf('#') + 1);
                List<WebElement> target = browser.driver.findElements(By.id(anchor));
                assertEquals(1, target.size(), l[0]);
                assertTrue(target.get(0).getAttribute("textContent").contains(l[1]), "#" + anchor + " is the finding " + l[1]);
            }
        }
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            int at = text.indexOf("Complianceview");
            assertTrue(at > 0, "the PDF's compliance section");
            String view = text.substring(at);
            assertTrue(view.contains("Gaps:sectionswithnoevidenceinthisreport") && view.contains("Art.10Dataanddatagovernance")
                    && view.contains("Equalopportunity(recall)acrosssex"), view);
        }
    }
}
