package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.ExplainerState;
import dev.lucent.audit.cli.AuditCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The console's form and the CLI's options are read by the same rules: the same parameter line gives the same
 * parameter or the same error, and the same time and memory limits are accepted or refused alike.
 */
class AuditRequestRulesTest {

    /** What the CLI made of its options, or the one line it printed instead. */
    record Cli(AuditRequest request, String error) {
    }

    static Cli cli(List<String> extra) {
        AuditRequest[] seen = new AuditRequest[1];
        AuditRunner runner = new AuditRunner() {
            @Override
            public AuditReport run(AuditRequest request, AuditProgress progress) throws AuditException {
                seen[0] = request;
                throw new AuditException("stop here");
            }

            @Override
            public AuditReport replayOf(AuditReport original, AuditRequest request, AuditProgress progress) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ExplainerState> explainers() {
                return List.of();
            }

            @Override
            public void reenable(String explainerId) {
            }
        };
        List<String> args = new ArrayList<>(List.of("--model", "m.lucent", "--data", "d.csv", "--label", "y", "--explainers", "ig,kernel-shap"));
        args.addAll(extra);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new AuditCommand(runner, null, new dev.lucent.audit.report.ReportExports()).run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(2, code, line);
        return seen[0] != null ? new Cli(seen[0], null) : new Cli(null, line);
    }

    static AuditRequest console(String parameters, String seconds, String memory) {
        Map<String, String> form = new HashMap<>(AuditsServlet.DEFAULTS);
        form.put("label", "y");
        form.put("parameters", parameters);
        form.put("timeLimit", seconds);
        form.put("memory", memory);
        return AuditsServlet.formRequest(form, new java.util.LinkedHashSet<>(List.of("ig", "kernel-shap")), Path.of("m.lucent"),
                Path.of("d.csv"), null);
    }

    /** Both paths on one parameter line: equal parameters, or the console's message inside the CLI's one line. */
    static void same(String line) {
        Cli c = cli(List.of("--param", line));
        AuditRequest web;
        try {
            web = console(line, "180", "1024");
        } catch (IllegalArgumentException e) {
            assertTrue(c.error() != null && c.error().startsWith("lucent audit: " + e.getMessage() + " ("),
                    "the console said '" + e.getMessage() + "', the CLI '" + c.error() + "'");
            return;
        }
        assertEquals(null, c.error(), "the console accepted " + line);
        assertEquals(web.parameters(), c.request().parameters(), line);
    }

    @Test
    void aParameterLineMeansTheSameOnTheConsoleAndTheCli() {
        same("ig.steps=64");
        same("  ig.steps  =  64 ");
        same("ig.baseline.kind = zeros"); // the id ends at the first dot: ids have none, names may
        same("kernel-shap.samples=500");
        same("ig.steps"); // no '='
        same("steps=64"); // no explainer
        same(".steps=64");
        same("ig.=64");
        same("other.steps=64"); // not among the explainers to run
        assertEquals(Map.of("ig", Map.of("baseline.kind", "zeros")), console("ig.baseline.kind = zeros", "180", "1024").parameters());
        assertEquals(Map.of("ig", Map.of("steps", "64")), cli(List.of("--param", "  ig.steps  =  64 ")).request().parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> console("# steps\n\nig.steps", "180", "1024"));
        assertEquals("parameter line 3 is not 'explainer-id.name = value': ig.steps", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> console("ig.steps=1\nig.steps=2", "180", "1024"));
        assertEquals("parameter line 2 sets ig.steps a second time", e.getMessage(), "a value is never silently replaced");
    }

    @Test
    void theLimitsAreTheSameOnTheConsoleAndTheCli() {
        for (String[] limits : new String[][]{{"1", "64"}, {"86400", "65536"}, {"2.5", "512"}, {"0.5", "512"}, {"86401", "512"},
                {"180", "63"}, {"180", "65537"}, {"180", "1.5"}, {"soon", "512"}, {"NaN", "512"}}) {
            Cli c = cli(List.of("--time-limit", limits[0], "--memory", limits[1]));
            try {
                AuditRequest web = console("", limits[0], limits[1]);
                assertEquals(null, c.error(), String.join(" ", limits));
                assertEquals(web.timeLimit(), c.request().timeLimit());
                assertEquals(web.memoryLimitMb(), c.request().memoryLimitMb());
            } catch (IllegalArgumentException e) {
                assertTrue(c.error() != null && c.error().startsWith("lucent audit: " + e.getMessage() + " ("), c.error());
            }
        }
        assertEquals(Duration.ofMillis(2500), console("", "2.5", "64").timeLimit());
        assertEquals("the time limit is 1 to 86400 seconds per explainer, got '0.5'",
                assertThrows(IllegalArgumentException.class, () -> console("", "0.5", "512")).getMessage());
        assertEquals("the memory limit is 64 to 65536 MiB, got '65537'",
                assertThrows(IllegalArgumentException.class, () -> console("", "180", "65537")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuditRequest.of(Path.of("m"), Path.of("d"), "y")
                .withLimits(Duration.ofMillis(100), 64), "the record itself holds the bound, whoever builds it");
        assertEquals(Set.of(), Set.copyOf(console("", "180", "64").parameters().keySet()));
    }

    /** No heap asked: the CLI (no --memory) and the console (its blank default field) both leave it to the runner's sizing. */
    @Test
    void withoutAMemoryLimitTheConsoleSizesTheHeapAsTheCliDoes() {
        assertEquals(AuditRequest.SIZED_MEMORY, cli(List.of()).request().memoryLimitMb());
        assertEquals(AuditRequest.SIZED_MEMORY, AuditsServlet.formRequest(new HashMap<>(java.util.Map.of("label", "y", "parameters", "",
                "timeLimit", AuditsServlet.DEFAULTS.get("timeLimit"), "memory", AuditsServlet.DEFAULTS.get("memory"), "seed", "1",
                "sensitive", "", "pixels", "", "budget", "100")), java.util.Set.of("ig"), Path.of("m.lucent"), Path.of("d.csv"), null).memoryLimitMb(),
                "the form's default");
        assertEquals(AuditRequest.SIZED_MEMORY, console("", "180", " ").memoryLimitMb(), "a blank field");
        assertEquals(512, console("", "180", "512").memoryLimitMb(), "a heap asked is kept");
    }
}
