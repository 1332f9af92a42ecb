package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.cli.AuditCommand;
import dev.lucent.audit.cli.ExplainersCommand;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15.1 on the CLI's path, with the real runner and command: a misspelt or out-of-range parameter, or any parameter
 * for an explainer that declares none (an SPI 1.1 plugin), exits 2 before any worker starts, naming the explainer and the
 * parameters it has; a good one runs, and the report's provenance lists every parameter in effect, defaults marked.
 */
class DeclaredParametersTest {
    @TempDir
    Path dir;

    static final List<Parameter> RECALL = List.of(
            Parameter.number("required-recall", "0.95", 0, 1, "the recall of the positive class the threshold must reach"),
            Parameter.number("min-precision", "0.5", 0, 1, "the least precision acceptable at that threshold"));

    AuditInputsTest fixture;
    WorkerAuditRunner runner;
    final AtomicInteger workersStarted = new AtomicInteger();

    @BeforeEach
    void installed() throws Exception {
        fixture = new AuditInputsTest();
        fixture.dir = dir;
        fixture.trainLikeTheTrainCommand();
        InstalledExplainers installed = new InstalledExplainers();
        // "good-" ids: the fake worker answers them with one metric each
        installed.addExplainer(WorkerCommandTest.explainer("good-recall", Set.of(), RECALL, c -> List.of()), WorkerCommandTest.ref());
        installed.addExplainer(WorkerCommandTest.explainer("good-old-plugin", c -> List.of()), WorkerCommandTest.ref());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkerLauncher launcher = (job, mb) -> {
            workersStarted.incrementAndGet();
            return List.of(java, "-Xmx" + mb + "m", "-cp", System.getProperty("java.class.path"), FakeWorker.class.getName(), job.toString());
        };
        runner = new WorkerAuditRunner(installed, folder -> { }, launcher, dir.resolve("data"), "test");
    }

    record Run(int code, String out, String err) {
    }

    Run audit(String... extra) {
        List<String> args = new ArrayList<>(List.of("--model", fixture.modelDir.toString(), "--data", fixture.csv.toString(), "--label", "y",
                "--memory", "64"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new AuditCommand(runner, null, new dev.lucent.audit.report.ReportExports()).run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void aMisspeltNameIsRefusedBeforeTheAuditNamingTheExplainerAndItsParameters() {
        Run r = audit("--param", "good-recall.recall=0.99");
        assertEquals(2, r.code(), r.err());
        assertEquals("lucent audit: the explainer 'good-recall' has no parameter 'recall'; its parameters: required-recall (number 0 to 1,"
                + " default 0.95), min-precision (number 0 to 1, default 0.5)", r.err());
        assertEquals(0, workersStarted.get(), "nothing ran");
    }

    @Test
    void aValueOutOfRangeIsRefusedNamingTheRange() {
        Run r = audit("--param", "good-recall.required-recall=1.5");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("lucent audit: parameter good-recall.required-recall must be a number from 0 to 1, got '1.5'"), r.err());
        assertEquals(0, workersStarted.get(), "nothing ran");
    }

    @Test
    void anExplainerThatDeclaresNoneIsGivenNone() {
        Run r = audit("--param", "good-old-plugin.bogus=7");
        assertEquals(2, r.code(), r.err());
        assertEquals("lucent audit: the explainer 'good-old-plugin' has no parameter 'bogus'; it takes no parameters", r.err());
        assertEquals(0, workersStarted.get(), "nothing ran");
    }

    @Test
    void theProvenanceListsEveryParameterInEffectWithDefaultsMarked() throws Exception {
        AuditReport r = runner.run(AuditRequest.of(fixture.modelDir, fixture.csv, "y").withLimits(AuditRequest.DEFAULT_TIME_LIMIT, 64)
                .withParameters(Map.of("good-recall", Map.of("required-recall", "0.99"))), AuditProgress.NONE);
        assertEquals(1, workersStarted.get());
        assertEquals(Map.of("good-recall", Map.of("required-recall", "0.99")), r.provenance().parameters());
        assertEquals(Map.of("good-recall", Map.of("min-precision", "0.5")), r.provenance().defaults(),
                "the default left in effect; the old plugin declares none");
        assertEquals(Map.of("min-precision", "0.5 (default)", "required-recall", "0.99"), r.provenance().inEffect("good-recall"));
        String html = new String(new dev.lucent.audit.report.ReportExports().render(dev.lucent.audit.report.ReportExports.Format.HTML, r, null, null),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(html.contains("min-precision = 0.5 (default), required-recall = 0.99"), "the HTML provenance lists both");
        // the JSON carries them and reads back to the same sealed report
        AuditReport back = ReportJson.read(ReportJson.write(r));
        assertEquals(r.provenance().defaults(), back.provenance().defaults());
        assertEquals(r.reportHash(), back.reportHash());
    }

    @Test
    void explainersParamsListsWhatEachDeclares() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new ExplainersCommand(runner).run(new String[] {"--params"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("good-recall (Name of good-recall)\n  required-recall        number         0 to 1"
                + "                 default 0.95: the recall of the positive class the threshold must reach"), text);
        assertTrue(text.contains("good-old-plugin (Name of good-old-plugin)\n  no parameters: any parameter given to it is refused"), text);
        ByteArrayOutputStream md = new ByteArrayOutputStream();
        assertEquals(0, new ExplainersCommand(runner).run(new String[] {"--params", "--markdown"}, new PrintStream(md, true, StandardCharsets.UTF_8),
                System.err));
        assertTrue(md.toString(StandardCharsets.UTF_8).contains("| `min-precision` | number | 0.5 | 0 to 1 | the least precision acceptable"
                + " at that threshold |"), md.toString(StandardCharsets.UTF_8));
        assertEquals(2, new ExplainersCommand(runner).run(new String[] {"--params", "x"}, System.out, new PrintStream(new ByteArrayOutputStream())));
    }
}
