package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's acceptance for counterfactuals, on the packaged jar: the shared breast cancer MLP trained with
 * {@code lucent train}, then audited with {@code counterfactuals} through the CLI (HTML, JSON, PDF) and through the
 * console (the new-audit form, the report page): the misclassified held-out rows get counterfactuals, shown as
 * before/after tables with the changed values set apart; an immutable feature is never among the changes; a misspelt
 * feature in a constraint is one line naming it (the explainer's error finding), and the host keeps serving.
 */
class CounterfactualsIT {

    @TempDir
    static Path dir;
    static Path csv, data, model;
    static final Duration LIMIT = Duration.ofMinutes(6);

    @BeforeAll
    static void train() throws Exception {
        BreastCancerMlp bc = BreastCancerMlp.trainIn(dir, LIMIT);
        csv = bc.csv();
        data = bc.data();
        model = bc.model();
    }

    static int misclassifiedRows(String json) {
        Matcher m = Pattern.compile("\\[\"\\d+\",\"misclassified\"").matcher(json);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void theCliExplainsTheMisclassifiedRowsInEveryExport() throws Exception {
        Path json = dir.resolve("cf.json"), html = dir.resolve("cf.html"), pdf = dir.resolve("cf.pdf");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", model.toString(), "--data", csv.toString(),
                "--label", "diagnosis", "--explainers", "counterfactuals", "--param", "counterfactuals.immutable=mean radius,worst radius",
                "--json", json.toString(), "--out", html.toString(), "--pdf", pdf.toString(), "--seed", "3");
        assertEquals(0, a.exitCode(), a.out() + a.err());
        String j = Files.readString(json);
        assertFalse(j.contains("\"status\":\"ERROR\""), j);
        assertTrue(misclassifiedRows(j) >= 1, "misclassified held-out rows explained: " + j);
        assertTrue(j.contains("\"title\":\"Rows with a valid counterfactual\""), "the share as a metric");
        assertTrue(j.contains("\"emphasized\":[["), "changed cells marked in the JSON");
        assertTrue(j.contains("gradient search (Wachter"), "the Lucent MLP gives gradients, so auto takes the gradient search");
        Matcher before = Pattern.compile("\"title\":\"Held-out row \\d+ [^\"]*\",\"stage\":\"[A-Z_]+\",\"columns\":\\[[^\\]]*\\],\"rows\":\\[(.*?)\\]\\],\"note\"")
                .matcher(j);
        int tables = 0;
        while (before.find()) {
            tables++;
            assertFalse(before.group(1).contains("[\"mean radius\"") || before.group(1).contains("[\"worst radius\""), "immutable changed: " + before.group(1));
        }
        assertTrue(tables >= 1, "before/after tables");
        String h = Files.readString(html);
        assertTrue(h.contains("<td class=\"emphasized\">"), "changed values set apart in the HTML");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertTrue(text.contains("Rowswithavalidcounterfactual") && text.contains("Counterfactualsperexplainedrow"), "PDF");
            assertTrue(text.contains("whatmakesthemodeldecide"), "before/after tables in the PDF");
        }

        System.out.printf("CounterfactualsIT: counterfactuals ran %s ms in the CLI audit%n", ConsoleAudit.runOf(j, "counterfactuals").group(2));
    }

    @Test
    void theConsoleShowsTheSameTablesWithTheChangesSetApart() throws Exception {
        try (LucentProcess host = LucentProcess.options().heap("512m").start()) {
            ConsoleAudit console = new ConsoleAudit(host.admin()).inputs("bc.lucent", Files.readAllBytes(model.resolve("model.lucent")), "bc.csv",
                    Files.readAllBytes(csv));
            HttpResponse<String> posted = console.post(List.of("counterfactuals"), 120, 512, "", Map.of("label", "diagnosis"));
            assertEquals(303, posted.statusCode(), posted.body());
            String location = posted.headers().firstValue("location").orElseThrow();
            String report = ConsoleAudit.reportPath(console.awaitJob(location.substring(location.lastIndexOf('/') + 1), Duration.ofMinutes(4)));
            HttpResponse<String> page = host.admin().get(report);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Counterfactuals per explained row"), "the summary table on the report page");
            assertTrue(page.body().contains("<td class=\"emphasized\">"), "changed values set apart on the console");
            String json = host.admin().get(report + "/export.json").body();
            assertEquals("OK", ConsoleAudit.runOf(json, "counterfactuals").group(1));
            assertTrue(misclassifiedRows(json) >= 1, json);
            // a misspelt feature in a constraint: the explainer's run is one error line naming it, and the host keeps serving
            HttpResponse<String> typo = console.post(List.of("counterfactuals"), 120, 512, "counterfactuals.immutable = mean radios",
                    Map.of("label", "diagnosis"));
            assertEquals(303, typo.statusCode(), typo.body());
            String typoAt = typo.headers().firstValue("location").orElseThrow();
            String typoReport = ConsoleAudit.reportPath(console.awaitJob(typoAt.substring(typoAt.lastIndexOf('/') + 1), Duration.ofMinutes(4)));
            String typoJson = host.admin().get(typoReport + "/export.json").body();
            assertEquals("ERROR", ConsoleAudit.runOf(typoJson, "counterfactuals").group(1));
            assertTrue(typoJson.contains("parameter immutable: no feature named \\u0027mean radios\\u0027 (features: mean radius, mean texture"), typoJson);
            assertTrue(host.health().contains("\"status\":\"UP\""));
        }
    }
}
