package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.plugins.PluginsServlet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A quarantined explainer: listed on the plugins page with a re-enable form, and not offered on the new-audit page. */
class QuarantinePagesTest {

    final Pages pages = new Pages();
    final TemplatesTest templates = new TemplatesTest();

    @Test
    void thePluginsPageListsQuarantinedExplainersWithAReenableFormCarryingTheToken() {
        Map<String, Object> m = templates.common();
        m.put("plugins", List.of());
        m.put("folder", "/p");
        m.put("trustedKeys", null);
        m.put("warning", null);
        m.put("quarantined", List.of(new PluginsServlet.Quarantined("bad-one", TemplatesTest.PAYLOADS[0], "b 1.0.0", 3,
                TemplatesTest.PAYLOADS[1])));
        String html = pages.render("plugins", m);
        TemplatesTest.assertSafe(html);
        Matcher row = Pattern.compile("(?s)<tr data-explainer=\"bad-one\">(.*?)</tr>").matcher(html);
        assertTrue(row.find(), html);
        assertTrue(row.group(1).contains("quarantined") && row.group(1).contains(">3<"), row.group(1));
        assertTrue(row.group(1).contains("action=\"/plugins/reenable\"") && row.group(1).contains("name=\"_csrf\" value=\"tok\"")
                && row.group(1).contains("name=\"explainer\" value=\"bad-one\""), row.group(1));

        m.put("quarantined", List.of());
        String none = pages.render("plugins", m);
        assertTrue(none.contains("No explainer is quarantined."));
        assertFalse(none.contains("/plugins/reenable"));
    }

    @Test
    void theNewAuditPageDoesNotOfferAQuarantinedExplainer() {
        Map<String, Object> m = templates.common();
        m.put("models", List.of(new UploadsServlet.UploadRow("m", "m.lucent", "lucent", "1 KiB", "ab".repeat(32), "eve", "now")));
        m.put("datasets", List.of(new UploadsServlet.UploadRow("d", "d.csv", "csv", "1 KiB", "ab".repeat(32), "eve", "now")));
        m.put("explainers", List.of(new AuditsServlet.ExplainerChoice("good", "Good", "f", "1", "b 1", "class labels", false, 0, null),
                new AuditsServlet.ExplainerChoice("bad-one", "Bad", "f", "1", "b 1", "", true, 3, "threw")));
        m.put("chosen", List.of("good"));
        m.put("form", Map.of("model", "", "data", "", "label", "", "test", "", "seed", "1", "timeLimit", "1", "memory", "64", "parameters", ""));
        String html = pages.render("audit", m);
        assertEquals(List.of(), inputs(html, "good", "disabled"), "the ready one is offered");
        assertEquals(List.of("disabled"), inputs(html, "bad-one", "disabled"), "the quarantined one cannot be chosen");
        assertEquals(List.of(), inputs(html, "bad-one", "checked"));
        assertTrue(html.contains("<td class=\"needs\">class labels</td>"), "each explainer's declared needs are shown");
        assertTrue(html.contains("<td class=\"needs\">nothing more</td>"), html);
    }

    /** Which of the given attribute appears on the explainer's checkbox. */
    static List<String> inputs(String html, String id, String attribute) {
        Matcher input = Pattern.compile("<input[^>]*id=\"explainer-" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
        assertTrue(input.find(), "a checkbox for " + id);
        return Pattern.compile("\\b" + attribute + "\\b").matcher(input.group()).find() ? List.of(attribute) : List.of();
    }
}
