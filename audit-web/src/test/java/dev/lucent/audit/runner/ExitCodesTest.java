package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.cli.AuditCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's exit codes as a pipeline reads them, through the real command, runner and worker protocol: 0 when every
 * explainer finished and none failed, 3 when one errored or was skipped as quarantined (the audit is incomplete) and none
 * failed, 2 for bad input.
 * (A failed verdict exits 1 whatever else happened: CliAuditIT, on the packaged jar, with a tolerance no model meets.)
 */
class ExitCodesTest {
    @TempDir
    Path dir;

    @Test
    void anErroredExplainerGetsItsOwnCodeAndAWarningDoesNotStopAPipeline() throws Exception {
        AuditInputsTest fixture = new AuditInputsTest();
        fixture.dir = dir;
        fixture.trainLikeTheTrainCommand();
        InstalledExplainers installed = new InstalledExplainers();
        for (String id : List.of("good-a", "die")) installed.addExplainer(WorkerCommandTest.explainer(id, c -> List.of()), WorkerCommandTest.ref());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkerAuditRunner runner = new WorkerAuditRunner(installed, folder -> { }, (job, mb) -> List.of(java, "-Xmx" + mb + "m", "-cp",
                System.getProperty("java.class.path"), FakeWorker.class.getName(), job.toString()), dir.resolve("data"), "test");
        assertEquals(0, audit(runner, fixture, "good-a"));
        assertEquals(AuditCommand.EXIT_INCOMPLETE, audit(runner, fixture, "good-a,die"), "the worker died in 'die': incomplete, not failed");
        assertEquals(AuditCommand.EXIT_USAGE, audit(runner, fixture, "nope"));
        for (int i = 2; i <= AuditRunner.QUARANTINE_AFTER; i++) audit(runner, fixture, "good-a,die");
        assertTrue(runner.explainers().stream().anyMatch(s -> s.id().equals("die") && s.quarantined()));
        // issue 14: one quarantine rule; naming a quarantined explainer is refused before anything runs, as the console's form refuses it
        assertEquals(AuditCommand.EXIT_USAGE, audit(runner, fixture, "good-a,die"), "asked for by name while quarantined: refused");
    }

    static int audit(WorkerAuditRunner runner, AuditInputsTest fixture, String explainers) {
        return new AuditCommand(runner, null, new dev.lucent.audit.report.ReportExports()).run(new String[] {"--model", fixture.modelDir.toString(), "--data", fixture.csv.toString(),
                        "--label", "y", "--memory", "64", "--explainers", explainers}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
