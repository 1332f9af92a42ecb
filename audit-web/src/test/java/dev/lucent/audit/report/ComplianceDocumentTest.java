package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Finding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The compliance view is a section of the exported document (HTML and PDF): every finding of a fairness audit is
 * listed under a regulation section, linked to its place in the report; the gaps are listed; the report's hashes
 * are those of the report without it. The HTML is read as XML (the document is well-formed for the PDF renderer).
 */
class ComplianceDocumentTest {

    static Document xml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static NodeList nodes(Document d, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET);
    }

    @Test
    void everyFindingOfAFairnessAuditIsUnderASectionOfTheExportLinkedToIt() throws Exception {
        AuditReport r = ModelCardFindingsTest.fairnessAudit();
        Document d = xml(Reports.html(r, null));
        Set<String> ids = new HashSet<>();
        NodeList all = nodes(d, "//*[@id]");
        for (int i = 0; i < all.getLength(); i++) assertTrue(ids.add(((Element) all.item(i)).getAttribute("id")), "ids are unique");
        Set<String> listed = new HashSet<>();
        NodeList evidence = nodes(d, "//section[@id='compliance']//tr[contains(@class,'section')]//li[contains(@class,'evidence')]");
        for (int i = 0; i < evidence.getLength(); i++) {
            Element li = (Element) evidence.item(i);
            listed.add(li.getAttribute("data-explainer") + "\n" + li.getAttribute("data-title"));
            NodeList a = li.getElementsByTagName("a");
            assertEquals(1, a.getLength(), "a link to the finding: " + li.getTextContent());
            String href = ((Element) a.item(0)).getAttribute("href");
            assertTrue(href.startsWith("#") && ids.contains(href.substring(1)), href + " is a place in the document");
            Element target = (Element) nodes(d, "//*[@id='" + href.substring(1) + "']").item(0);
            assertTrue(target.getTextContent().contains(li.getAttribute("data-title")), "the link leads to the finding " + li.getAttribute("data-title"));
        }
        int findings = 0;
        for (ExplainerRun run : r.runs())
            for (Finding f : run.findings()) {
                findings++;
                assertTrue(listed.contains(run.explainerId() + "\n" + f.title()), f.title() + " of " + run.explainerId() + " under a section");
            }
        assertEquals(6, findings);
        assertNotNull(nodes(d, "//section[@id='gaps']//li[@data-section='fda-gmlp/1']").item(0), "gaps are listed, not hidden");
        assertEquals(0, nodes(d, "//section[@id='unmapped']").getLength(), "every explainer is in the map");
        Element fairness = (Element) nodes(d, "//tr[@data-section='model-card/factors']").item(0);
        assertTrue(fairness.getTextContent().contains("FAIL"), "the section's verdict is the worst of its evidence");

        // outside the hashes, as in the JSON: the sealed report is the same whether or not a view is derived from it
        assertEquals(ReportJson.seal(r.id(), r.title(), r.modelName(), r.provenance(), r.runs()).reportHash(), r.reportHash());
        assertFalse(ReportJson.write(r).contains("Compliance view"));
    }

    @Test
    void thePdfHoldsTheComplianceView() throws Exception {
        AuditReport r = ModelCardFindingsTest.fairnessAudit();
        try (PDDocument doc = Loader.loadPDF(new ReportExports().render(ReportExports.Format.PDF, r, null, null))) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            int at = text.indexOf("Complianceview");
            assertTrue(at > 0, text);
            String view = text.substring(at);
            assertTrue(view.contains("Gaps:sectionswithnoevidenceinthisreport"), view);
            assertTrue(view.contains("Art.10Dataanddatagovernance") && view.contains("Equalopportunity(recall)acrosssex"), view);
            assertTrue(view.contains("FDAGoodMachineLearningPractice") && view.contains("Modelcard"), view);
        }
    }
}
