package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An ONNX model's pixel scaling as the new-audit page and the CLI's --pixels take it: the same request, the same one-line refusal. */
class PixelsFieldTest {

    static AuditRequest form(String pixels) {
        Map<String, String> form = new HashMap<>(AuditsServlet.DEFAULTS);
        form.put("label", "label");
        form.put("pixels", pixels);
        return AuditsServlet.formRequest(form, new java.util.LinkedHashSet<>(List.of("ig")), Path.of("m.onnx"),
                Path.of("images.zip"), null);
    }

    @Test
    void theFormAndTheCliGiveTheSameScaling() {
        for (String typed : List.of("0-255", "imagenet", "0-1, mean=0.5, std=0.5", "0-255,mean=124/116/104,std=58/57/57")) {
            AuditRequest fromForm = form(typed);
            assertTrue(fromForm.imageInput().pixelsGiven(), typed);
            assertEquals(AuditRequestRulesTest.cli(List.of("--pixels", typed)).request().imageInput().pixels(),
                    fromForm.imageInput().pixels(), typed);
        }
        assertEquals("0-1,mean=0.5,std=0.5", form("0-1, mean=0.5, std=0.5").imageInput().pixels());
        assertEquals(255.0, form("0-1").imageInput().scaling().divisor());
        assertEquals(1.0, form("0-255").imageInput().scaling().divisor(), "0-255 feeds the bytes as they are");
    }

    @Test
    void aBlankFieldKeepsTheDefault() {
        assertFalse(form("").imageInput().pixelsGiven());
        assertFalse(form("  ").imageInput().pixelsGiven());
        assertEquals(255.0, form("").imageInput().scaling().divisor(), "the default is 0-1: bytes / 255");
    }

    @Test
    void aBadScalingIsRefusedInOneLineOnBothPaths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> form("0-2"));
        assertEquals("pixel scaling '0-2': the range 0-2 is neither 0-1 nor 0-255; give 0-1, 0-255, imagenet, or RANGE,mean=M[/M/M],std=S[/S/S]",
                e.getMessage());
        String line = AuditRequestRulesTest.cli(List.of("--pixels", "0-2")).error();
        assertEquals("lucent audit: " + e.getMessage(), line.substring(0, ("lucent audit: " + e.getMessage()).length()));
        assertEquals(1, line.lines().count());
        IllegalArgumentException std = assertThrows(IllegalArgumentException.class, () -> form("0-1,mean=0.5,std=0"));
        assertTrue(std.getMessage().contains("a std must be above 0"), std.getMessage());
    }

    @Test
    void thePageOffersTheFieldAndKeepsWhatWasTypedBesideItsError() {
        Map<String, Object> m = new TemplatesTest().common();
        m.put("models", List.of(new UploadsServlet.UploadRow("m", "m.onnx", "onnx", "1 KiB", "ab".repeat(32), "eve", "now")));
        m.put("datasets", List.of(new UploadsServlet.UploadRow("d", "images.zip", "zip", "1 KiB", "ab".repeat(32), "eve", "now")));
        m.put("explainers", List.of());
        m.put("chosen", List.of());
        Map<String, String> form = new HashMap<>(AuditsServlet.DEFAULTS);
        form.put("pixels", "0-2");
        m.put("form", form);
        String message = assertThrows(IllegalArgumentException.class, () -> form("0-2")).getMessage();
        m.put("error", message);
        String html = new Pages().render("audit", m);
        TemplatesTest.assertSafe(html);
        assertTrue(html.contains("<input name=\"pixels\" id=\"audit-pixels\" list=\"pixel-scalings\" maxlength=\"200\" placeholder=\"0-1 (the default)\" value=\"0-2\">"), html);
        for (String offered : List.of("0-1", "0-255", "imagenet"))
            assertTrue(html.contains("<option value=\"" + offered + "\">"), offered);
        assertTrue(html.contains("the range 0-2 is neither 0-1 nor 0-255"), "the form's error names the problem");
    }
}
