package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lucent.audit.api.AuditRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sensitive attributes as the new-audit page and the CLI take them: the same request, the same one-line refusal. */
class SensitiveFieldTest {

    static AuditRequest form(String sensitive) {
        Map<String, String> form = new HashMap<>(AuditsServlet.DEFAULTS);
        form.put("label", "y");
        form.put("sensitive", sensitive);
        return AuditsServlet.formRequest(form, new java.util.LinkedHashSet<>(List.of("ig", "kernel-shap")), Path.of("m.lucent"),
                Path.of("d.csv"), null);
    }

    @Test
    void theFormAndTheCliGiveTheSameAttributes() {
        assertEquals("sex;age:<40,40-65,>65", form("sex, age:<40,40-65,>65").sensitive());
        assertNull(form("  ").sensitive(), "blank is none");
        AuditRequestRulesTest.Cli cli = AuditRequestRulesTest.cli(List.of("--sensitive", "sex, age:<40,40-65,>65"));
        assertEquals(form("sex, age:<40,40-65,>65").sensitive(), cli.request().sensitive());
    }

    @Test
    void aMalformedListIsRefusedInOneLineOnBothPaths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> form("age:old"));
        assertEquals("sensitive attribute age: 'old' is neither bins (<40, 40-65, >65, or one value) nor quantiles (q4)", e.getMessage());
        String line = AuditRequestRulesTest.cli(List.of("--sensitive", "age:old")).error();
        assertEquals("lucent audit: " + e.getMessage() + " (usage: audit", line.substring(0, line.indexOf(" (usage: audit") + 14));
        assertEquals(1, line.lines().count());
    }
}
