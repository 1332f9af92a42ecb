package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.ReportStore;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import java.awt.geom.Point2D;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class ReportPdfTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    static final ReportStore.StoredReport SIGNED = new ReportStore.StoredReport("id", "t", T0, "rh", "fh", 1, 0, 0, 1, 0, "Seed 1", 7,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "c2lnbmF0dXJlLW9mLXRoZS1lbnRyeS1ieS10aGUtaW5zdGFuY2Uta2V5LW9uZS1saW5lLW9ubHk=",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n", null);

    @Test
    void hostileReportIsPlainTextWithSignatureAndKey() throws IOException {
        AuditReport r = Reports.report(Reports.HOSTILE, 0, T0);
        byte[] pdf = new ReportExports().render(ReportExports.Format.PDF, r, SIGNED, null);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/hostile-report.pdf"), pdf); // kept to look at
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertTrue(doc.getNumberOfPages() > 0, "pages");
            String text = squeeze(new PDFTextStripper().getText(doc));
            assertTrue(text.contains(squeeze(r.title())), "title: " + text);
            for (String name : Reports.HOSTILE) assertTrue(text.contains(squeeze(name)), "payload as literal text: " + name);
            for (AuditReport.Entry e : r.verdicts()) {
                Verdict v = (Verdict) e.finding();
                assertTrue(text.contains(squeeze(ReportView.label(v.outcome()) + " " + v.title())), "verdict " + v.title());
            }
            assertTrue(text.contains("Ed25519signature" + SIGNED.signature()), "signature line");
            assertTrue(text.contains(squeeze("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=")), "public key");
            assertTrue(text.contains("-----BEGINPUBLICKEY-----"), "PEM armour");
            assertTrue(text.contains(squeeze(r.reportHash())), "report hash");
            // the chart's axis label exists only inside the SVG: drawn as text, not as outlines
            assertTrue(text.contains("falsepositiverate"), "SVG text is real text");
        }
    }

    @Test
    void chartsAreVectorDrawings() throws IOException {
        AuditReport r = Reports.report(Reports.HOSTILE, 0, T0);
        FeatureAttribution a = (FeatureAttribution) r.runs().get(0).findings().get(1);
        int positive = 0, negative = 0;
        for (double v : a.values()) if (v > 0) positive++; else if (v < 0) negative++;
        try (PDDocument doc = Loader.loadPDF(new ReportExports().render(ReportExports.Format.PDF, r, null, null))) {
            Fills fills = new Fills(doc.getPage(0));
            for (int i = 1; i < doc.getNumberOfPages(); i++) new Fills(doc.getPage(i)).addTo(fills);
            // blue bars for positive attributions and red for negative, plus the ROC chart's two legend swatches
            // (its first two series colours are the same blue and red) and its points, dotted since there are few:
            // three on the first series, two on the second
            assertEquals(positive + 1 + 3, fills.count(0x1f5fa8), "blue shapes " + fills.colours);
            assertEquals(negative + 1 + 2, fills.count(0xc2452d), "red shapes " + fills.colours);
            // the 2x3 heatmap: six grey image cells, black to white
            assertTrue(fills.count(0x000000) >= 1, "the darkest image cell " + fills.colours);
            assertTrue(fills.count(0xffffff) >= 1, "the brightest image cell " + fills.colours);
            assertTrue(fills.strokes > 10, "axes, ticks and curves are stroked paths: " + fills.strokes);
        }
    }

    @Test
    void hundredsOfFindingsBreakAcrossPages() throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 400; i++)
            findings.add(new Verdict("check number " + i, Stage.values()[i % Stage.values().length],
                    Verdict.Outcome.values()[i % Verdict.Outcome.values().length], "summary of check " + i,
                    List.of("evidence line one for " + i, "evidence line two for " + i), "remedy " + i));
        AuditReport base = Reports.report(Reports.HOSTILE, 0, T0);
        AuditReport big = ReportJson.seal("big", "Audit with many findings", "m", base.provenance(),
                List.of(new ExplainerRun(new ExplainerRef("many", "Many", "1.0.0", "test", "b", "1.0.0"), ExplainerRun.Status.OK, findings, 5)));
        try (PDDocument doc = Loader.loadPDF(new ReportExports().render(ReportExports.Format.PDF, big, SIGNED, null))) {
            assertTrue(doc.getNumberOfPages() >= 20, "400 verdicts with evidence need many pages, got " + doc.getNumberOfPages());
            String text = squeeze(new PDFTextStripper().getText(doc));
            for (int i = 0; i < 400; i++) assertTrue(text.contains("checknumber" + i + "Many"), "verdict " + i + " is on a page");
            PDFTextStripper last = new PDFTextStripper();
            last.setStartPage(doc.getNumberOfPages());
            last.setEndPage(doc.getNumberOfPages());
            assertTrue(squeeze(last.getText(doc)).contains("Page" + doc.getNumberOfPages() + "of" + doc.getNumberOfPages()),
                    "numbered pages");
        }
    }

    static String squeeze(String s) {
        return s.replaceAll("\\s+", "");
    }

    /**
     * Counts filled paths by fill colour, and stroked paths, inside the form XObjects a page draws: the charts
     * (the page's own backgrounds and borders, outside any form, are not counted).
     */
    static final class Fills extends PDFGraphicsStreamEngine {
        final java.util.Map<Integer, Integer> colours = new java.util.TreeMap<>();
        /** Fills outside the charts' forms (the page's boxes), by colour. */
        final java.util.Map<Integer, Integer> pageColours = new java.util.TreeMap<>();
        int strokes, depth;

        Fills(PDPage page) throws IOException {
            super(page);
            processPage(page);
        }

        int count(int rgb) {
            return colours.getOrDefault(rgb, 0);
        }

        void addTo(Fills total) {
            colours.forEach((k, v) -> total.colours.merge(k, v, Integer::sum));
            total.strokes += strokes;
        }

        @Override
        public void showForm(org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject form) throws IOException {
            depth++;
            super.showForm(form);
            depth--;
        }

        @Override
        public void fillPath(int windingRule) throws IOException {
            int rgb = getGraphicsState().getNonStrokingColor().toRGB() & 0xffffff;
            if (depth == 0) { // the page's own boxes (table cell backgrounds), not a chart's drawing
                pageColours.merge(rgb, 1, Integer::sum);
                return;
            }
            colours.merge(rgb, 1, Integer::sum);
        }

        @Override
        public void strokePath() {
            if (depth > 0) strokes++;
        }

        @Override
        public void fillAndStrokePath(int windingRule) throws IOException {
            fillPath(windingRule);
            strokePath();
        }

        @Override public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) { }
        @Override public void drawImage(PDImage pdImage) { }
        @Override public void clip(int windingRule) { }
        @Override public void moveTo(float x, float y) { }
        @Override public void lineTo(float x, float y) { }
        @Override public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) { }
        @Override public Point2D getCurrentPoint() { return new Point2D.Float(); }
        @Override public void closePath() { }
        @Override public void endPath() { }
        @Override public void shadingFill(COSName shadingName) { }
    }
}
