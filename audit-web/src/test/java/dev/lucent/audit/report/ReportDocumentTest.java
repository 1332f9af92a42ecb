package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.explain.api.Curve;
import dev.lucent.explain.api.ImageHeatmap;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 15.5: the report reads like a document (contents, links, counts, legends, reports told apart). */
class ReportDocumentTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    static AuditReport withNotApplicable() {
        AuditReport base = Reports.report(Reports.HOSTILE, 0, T0);
        List<ExplainerRun> runs = new ArrayList<>(base.runs());
        runs.add(new ExplainerRun(new ExplainerRef("gradcam", "Grad-CAM", "1.0.0", "saliency", "b", "1.0.0"), ExplainerRun.Status.OK,
                List.of(Verdict.notApplicable("Grad-CAM", Stage.EXPLANATIONS, "needs image input")), 1));
        return ReportJson.seal("na", base.title(), base.modelName(), base.provenance(), runs);
    }

    @Test
    void everyContentsLinkAndEvidenceLinkLandsOnAnElementOfThePage() {
        String html = Reports.html(withNotApplicable(), null);
        Set<String> ids = new HashSet<>();
        Matcher id = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
        while (id.find()) assertTrue(ids.add(id.group(1)), "ids are unique: " + id.group(1));
        Matcher href = Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
        int links = 0;
        while (href.find()) {
            assertTrue(ids.contains(href.group(1)), "#" + href.group(1) + " has a target");
            links++;
        }
        // contents: verdicts, Validation, Explanations, appendix; evidence: the hostile explainer's verdict
        assertTrue(links >= 5, links + " links");
        String toc = html.substring(html.indexOf("<nav class=\"toc\""), html.indexOf("</nav>"));
        for (String s : List.of("#verdicts", "#stage-validation", "#stage-explanations", "#provenance")) assertTrue(toc.contains(s), s);
        assertTrue(toc.indexOf("#verdicts") < toc.indexOf("#stage-validation") && toc.indexOf("#stage-validation") < toc.indexOf("#provenance"));
    }

    @Test
    void aVerdictLinksToTheFindingsOfTheExplainerThatGaveIt() {
        ReportView v = ReportView.of(Reports.report(Reports.HOSTILE, 0, T0), null);
        ReportView.VerdictView pass = v.verdicts().stream().filter(x -> x.css().equals("pass")).findFirst().orElseThrow();
        ReportView.FindingView first = v.stages().stream().flatMap(s -> s.findings().stream())
                .filter(f -> f.who().equals(Reports.HOSTILE.get(0))).findFirst().orElseThrow();
        assertEquals(first.anchor(), pass.evidenceAnchor());
        assertEquals("Evidence: 5 findings of " + Reports.HOSTILE.get(0), pass.evidenceLink());
        ReportView.VerdictView error = v.verdicts().stream().filter(x -> x.css().equals("error")).findFirst().orElseThrow();
        assertEquals(null, error.evidenceAnchor(), "the broken explainer made no findings: no link");
    }

    @Test
    void theCountsIncludeNotApplicable() {
        String body = Reports.body(withNotApplicable(), null);
        String counts = body.substring(body.indexOf("id=\"verdict-counts\""), body.indexOf("</p>", body.indexOf("id=\"verdict-counts\"")));
        assertTrue(counts.contains("Not applicable: 1"), counts);
        assertTrue(counts.contains("Pass: 1") && counts.contains("Error: 1"), counts);
    }

    @Test
    void reportsOfTheSameModelAndDataAreToldApartBySeedExplainersAndTime() {
        AuditReport a = Reports.report(Reports.HOSTILE, 0, T0);
        Provenance p = a.provenance();
        AuditReport b = ReportJson.seal("b", a.title(), a.modelName(), new Provenance(p.modelFile(), p.modelSha256(), p.dataFile(),
                p.dataSha256(), p.testFile(), p.testSha256(), p.labelColumn(), p.split(), 7, p.explainerVersions(), p.parameters(),
                p.lucentVersion(), T0.plusSeconds(3600), T0.plusSeconds(3700), p.machine()), a.runs().subList(0, 1));
        assertEquals(a.title(), b.title());
        assertEquals("Seed 42 · 2 explainers · 2026-01-02 03:04:05 UTC", ReportView.subtitle(a));
        assertEquals("Seed 7 · 1 explainer · 2026-01-02 04:04:05 UTC", ReportView.subtitle(b));
        assertTrue(Reports.html(b, null).contains("Seed 7 · 1 explainer · 2026-01-02 04:04:05 UTC"));
    }

    @Test
    void everyHeatmapHasAColourScaleSayingWhatRedAndBlueMeanAndTheRange() {
        ImageHeatmap h = new ImageHeatmap("IG, row 0", Stage.EXPLANATIONS, "row 0", 2, 3, new double[]{1, -2, 3, 0, 0.5, -0.25}, null, null);
        Charts.Heatmap c = Charts.heatmap(h);
        assertTrue(c.legend().meaning().contains("red raises the class score, blue lowers it"), c.legend().meaning());
        assertTrue(c.legend().range().startsWith("Values from -2 to 3; the scale runs from -3 to 3"), c.legend().range());
        assertEquals(List.of("-3", "0", "3"), c.legend().ticks().stream().map(Charts.Label::text).toList());
        // the scale's ends are drawn as the cells of the largest |value| are: full blue on the left, full red on the right
        List<Charts.Box> coloured = c.legend().swatches().stream().filter(b -> !b.fill().equals("#ffffff")).toList();
        assertEquals(Charts.LOWERS, coloured.get(0).fill());
        assertEquals(Charts.RAISES, coloured.get(coloured.size() - 1).fill());
        Charts.Box strongest = c.cells().stream().filter(b -> b.fill().equals(Charts.RAISES))
                .max(java.util.Comparator.comparingDouble(b -> Double.parseDouble(b.opacity()))).orElseThrow();
        assertEquals(strongest.opacity(), coloured.get(coloured.size() - 1).opacity(), "the value 3 has the scale's end colour");
        String html = Reports.html(Reports.report(Reports.HOSTILE, 0, T0), null);
        assertTrue(html.contains("<p class=\"legend\">Colour scale: red raises the class score, blue lowers it"), "shown under the heatmap");
        java.util.regex.Matcher svg = Pattern.compile("<svg [^>]*class=\"chart heatmap\"[^>]*>").matcher(html);
        assertTrue(svg.find());
        System.out.println("heatmap svg: " + svg.group());
        assertTrue(svg.group().contains("width=\"240\"") && svg.group().contains("viewBox=\"0 0 240 "), svg.group());
        // a map of magnitudes only (no negative value) says so instead of promising blue
        Charts.Heatmap unsigned = Charts.heatmap(new ImageHeatmap("mean |attribution|", Stage.EXPLANATIONS, "mean", 1, 2,
                new double[]{0.5, 2}, null, null));
        assertTrue(unsigned.legend().meaning().contains("no value here lowers it"), unsigned.legend().meaning());
        assertEquals(List.of("0", "2"), unsigned.legend().ticks().stream().map(Charts.Label::text).toList());
    }

    @Test
    void aLineBreaksWhereASeriesHasNoValueAndShortSeriesShowTheirPoints() {
        Curve c = new Curve("Reliability diagram", Stage.VALIDATION, "p", "observed", List.of(
                new Curve.Series("model", new double[]{0.1, Double.NaN, 0.7, 0.9}, new double[]{0.2, Double.NaN, 0.6, 0.95})), null);
        Charts.Lines l = Charts.lines(c);
        assertEquals(1, l.series().get(0).runs().size(), "the lone first point is not joined across the gap");
        assertEquals(2, l.series().get(0).runs().get(0).split(" ").length);
        assertEquals(3, l.series().get(0).dots().size(), "every point is dotted");
        assertNotEquals(null, l.series().get(0).dots().get(0).tip());
        assertFalse(l.series().get(0).runs().get(0).contains("NaN"));
    }

    /** Issue 17: an image, its perturbation and the perturbed image of one row are drawn side by side, each scale saying what it means. */
    @Test
    void imagesOfOneRowStandSideBySideAndEachScaleSaysWhatItsColoursMean() {
        double[] img = {0, 0.5, 1, 0.25, 0.75, 1}, zeros = new double[6], delta = {0.1, -0.1, 0, 0, 0.05, 0};
        List<dev.lucent.explain.api.Finding> row = List.of(
                new ImageHeatmap("Row 3: the image", Stage.VALIDATION, "held-out row 3", 2, 3, zeros, img, "clean"),
                new ImageHeatmap("Row 3: the perturbation", Stage.VALIDATION, "held-out row 3", 2, 3, delta, null, "delta",
                        "red: the attack made the pixel brighter, blue: darker"),
                new ImageHeatmap("Row 3: the perturbed image", Stage.VALIDATION, "held-out row 3", 2, 3, zeros, img, "moved"),
                new ImageHeatmap("Row 4: the image", Stage.VALIDATION, "held-out row 4", 2, 3, zeros, img, "alone"));
        AuditReport base = Reports.report(Reports.HOSTILE, 0, T0);
        List<ExplainerRun> runs = new ArrayList<>(base.runs());
        runs.add(new ExplainerRun(new ExplainerRef("adversarial-attacks", "Adversarial attacks", "1.0.0", "robustness", "b", "1.0.0"),
                ExplainerRun.Status.OK, row, 1));
        AuditReport r = ReportJson.seal("side", base.title(), base.modelName(), base.provenance(), runs);

        List<ReportView.FindingView> shown = ReportView.of(r, null).stages().stream().flatMap(s -> s.findings().stream())
                .filter(f -> f.who().equals("Adversarial attacks")).toList();
        assertEquals(List.of(true, true, true, false), shown.stream().map(ReportView.FindingView::beside).toList(),
                "the three images of row 3 together; row 4's image alone");
        String html = Reports.html(r, null);
        Matcher beside = Pattern.compile("<figure class=\"finding beside\"").matcher(html);
        int n = 0;
        while (beside.find()) n++;
        assertEquals(3, n, "three figures drawn side by side");
        assertTrue(html.contains("Colour scale: red: the attack made the pixel brighter, blue: darker; the stronger the colour"), "the perturbation's own scale");
        assertTrue(html.contains("The image alone: no values are drawn over it."), "an image with no values over it says so");

        // the scale's meaning survives the JSON export and the seal, and other heatmaps' JSON does not gain the member
        AuditReport back = ReportJson.read(ReportJson.write(r));
        ImageHeatmap perturbation = (ImageHeatmap) back.runs().get(back.runs().size() - 1).findings().get(1);
        assertEquals("red: the attack made the pixel brighter, blue: darker", perturbation.colourScale());
        assertEquals(null, ((ImageHeatmap) back.runs().get(back.runs().size() - 1).findings().get(0)).colourScale());
        assertEquals(null, ReportJson.checkHashes(back), "the seal holds after the round trip");
        assertFalse(ReportJson.write(Reports.report(Reports.HOSTILE, 0, T0)).contains("colourScale"), "no member where no scale was set");
    }
}
