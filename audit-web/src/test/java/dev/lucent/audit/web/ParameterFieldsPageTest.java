package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new-audit page shows each explainer's declared parameters as fields with their defaults, not a text box. */
class ParameterFieldsPageTest {

    final Pages pages = new Pages();
    final TemplatesTest templates = new TemplatesTest();

    @Test
    void eachDeclaredParameterIsAFieldShowingItsDefault() {
        Map<String, Object> m = templates.common();
        m.put("models", List.of(new UploadsServlet.UploadRow("m", "m.lucent", "lucent", "1 KiB", "ab".repeat(32), "eve", "now")));
        m.put("datasets", List.of(new UploadsServlet.UploadRow("d", "d.csv", "csv", "1 KiB", "ab".repeat(32), "eve", "now")));
        AuditsServlet.ParameterField recall = new AuditsServlet.ParameterField("recall-threshold.required-recall", "required-recall",
                "number", "0 to 1", "0.95", "the recall to reach", List.of(), "");
        AuditsServlet.ParameterField baseline = new AuditsServlet.ParameterField("integrated-gradients.baseline", "baseline", "one of",
                "zeros, mean", "zeros", "where the path starts", List.of("zeros", "mean"), "mean");
        AuditsServlet.ParameterField hostile = new AuditsServlet.ParameterField("x.y", "y", "text", "any text", TemplatesTest.PAYLOADS[0],
                TemplatesTest.PAYLOADS[1], List.of(), TemplatesTest.PAYLOADS[2]);
        m.put("explainers", List.of(
                new AuditsServlet.ExplainerChoice("recall-threshold", "Recall", "f", "1", "b 1", "", false, 0, null, List.of(recall)),
                new AuditsServlet.ExplainerChoice("integrated-gradients", "IG", "f", "1", "b 1", "", false, 0, null, List.of(baseline)),
                new AuditsServlet.ExplainerChoice("x", "X", "f", "1", "b 1", "", false, 0, null, List.of(hostile)),
                new AuditsServlet.ExplainerChoice("none", "None", "f", "1", "b 1", "", false, 0, null)));
        m.put("chosen", List.of("recall-threshold"));
        m.put("form", Map.of("model", "", "data", "", "label", "", "test", "", "seed", "1", "timeLimit", "1", "memory", "64", "parameters", ""));
        String html = pages.render("audit", m);
        TemplatesTest.assertSafe(html);
        assertTrue(html.contains("<input name=\"recall-threshold.required-recall\" id=\"param-recall-threshold.required-recall\""
                + " maxlength=\"1000\" value=\"\" placeholder=\"0.95\">"), html);
        assertTrue(html.contains("number, 0 to 1; default 0.95: the recall to reach"), "type, range, default and meaning beside the field");
        assertTrue(html.matches("(?s).*<select name=\"integrated-gradients.baseline\"[^>]*>\\s*<option value=\"\">default \\(zeros\\)</option>"
                + "\\s*<option value=\"zeros\">zeros</option>\\s*<option value=\"mean\" selected=\"selected\">mean</option>.*"),
                "a choice is a list with the default first and the value typed kept");
        assertTrue(html.contains("No parameters."), "an explainer that declares none says so");
        assertFalse(html.contains("<textarea"), "no free-text parameter box");
    }
}
