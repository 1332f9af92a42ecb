package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Table;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;

/**
 * A table's emphasized cells (a counterfactual's changed values) are set apart in the HTML and the PDF, kept by the JSON
 * round trip, and a table without any writes the JSON it always wrote (so earlier reports' seals still verify).
 */
class EmphasizedCellsTest {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    static final int HIGHLIGHT = 0xfff3bf;

    static Table beforeAfter() {
        return new Table("Held-out row 7: what makes the model decide benign", Stage.VALIDATION, List.of("feature", "this row", "counterfactual 1"),
                List.of(List.of("worst radius", "17.9", "15.25"), List.of("mean texture", "21.3", "21.3"), List.of("worst concavity", "0.41", "0.2989")),
                "changed values set apart", List.of(new Table.Cell(0, 2), new Table.Cell(2, 2)));
    }

    static AuditReport report(Table t) {
        AuditReport base = Reports.report(Reports.HOSTILE, 0, T0);
        List<ExplainerRun> runs = new ArrayList<>(base.runs());
        ExplainerRun first = runs.get(0);
        List<Finding> findings = new ArrayList<>(first.findings());
        findings.add(t);
        runs.set(0, new ExplainerRun(first.explainer(), first.status(), findings, first.millis()));
        return ReportJson.seal("emphasis", "Audit with a counterfactual", "m", base.provenance(), runs);
    }

    @Test
    void theJsonKeepsTheEmphasisAndWritesNothingNewForPlainTables() {
        AuditReport r = report(beforeAfter());
        String json = ReportJson.write(r);
        assertTrue(json.contains("\"emphasized\":[[0,2],[2,2]]"), json);
        AuditReport back = ReportJson.read(json);
        List<Finding> f = back.runs().get(0).findings();
        assertEquals(beforeAfter(), f.get(f.size() - 1));
        assertEquals(r.reportHash(), back.reportHash());
        assertFalse(ReportJson.write(Reports.report(Reports.HOSTILE, 0, T0)).contains("emphasized"), "plain tables write what they always wrote");
    }

    @Test
    void theHtmlAndThePdfSetTheChangedCellsApart() throws IOException {
        AuditReport r = report(beforeAfter());
        String body = Reports.body(r, null);
        assertTrue(body.contains("<td class=\"emphasized\">15.25</td>"), body);
        assertTrue(body.contains("<td class=\"emphasized\">0.2989</td>"), body);
        assertTrue(body.contains("<td>21.3</td>"), "an unchanged value is not set apart");
        assertTrue(Reports.html(r, null).contains("td.emphasized{background:#fff3bf"), "the standalone export carries the style");
        try (PDDocument doc = Loader.loadPDF(new ReportExports().render(ReportExports.Format.PDF, r, null, null))) {
            int highlighted = 0;
            for (PDPage page : doc.getPages()) highlighted += new ReportPdfTest.Fills(page).pageColours.getOrDefault(HIGHLIGHT, 0);
            assertEquals(2, highlighted, "two cells filled with the highlight colour");
        }
    }
}
