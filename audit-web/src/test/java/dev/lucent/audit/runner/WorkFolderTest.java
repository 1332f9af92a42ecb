package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.ExplainerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An audit's working files live under the data folder, in a folder of their own that is gone after the audit. */
class WorkFolderTest {
    @TempDir
    Path dir;

    @Test
    void theWorkerWritesIntoTheAuditsFolderUnderTheDataFolderWhichIsDeletedAfterwards() throws Exception {
        AuditInputsTest fixture = new AuditInputsTest();
        fixture.dir = dir;
        fixture.trainLikeTheTrainCommand();
        InstalledExplainers installed = new InstalledExplainers();
        for (String id : List.of("scribble", "hang", "later"))
            installed.addExplainer(WorkerCommandTest.explainer(id, c -> List.of()), WorkerCommandTest.ref());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path data = dir.resolve("data");
        Path fakeJar = dir.resolve("lucent.jar");
        AtomicReference<List<String>> real = new AtomicReference<>();
        List<Path> seen = new ArrayList<>();
        // the host's running plugin: version 1 when the audit begins, replaced by version 2 once the first worker started
        AtomicReference<String> running = new AtomicReference<>("plugin version 1");
        List<String> pinned = new ArrayList<>();
        PluginJars jars = folder -> {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("plugin.jar"), running.get());
        };
        // The real launcher's command is recorded; the fake worker runs with the same temp folder and in the
        // working folder the supervisor gives it.
        WorkerLauncher launcher = (job, mb) -> {
            List<String> cmd = WorkerLauncher.jar(java, fakeJar, data, null).command(job, mb);
            real.set(cmd);
            seen.add(job.getParent());
            try {
                pinned.add(Files.readString(Path.of(cmd.get(cmd.indexOf("--plugins") + 1)).resolve("plugin.jar")));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            running.set("plugin version 2");
            String tmp = cmd.stream().filter(a -> a.startsWith("-Djava.io.tmpdir=")).findFirst().orElseThrow();
            return List.of(java, "-Xmx" + mb + "m", tmp, "-cp", System.getProperty("java.class.path"), FakeWorker.class.getName(),
                    job.toString());
        };
        WorkerAuditRunner runner = new WorkerAuditRunner(installed, jars, launcher, data, "test");
        AuditRequest request = AuditRequest.of(fixture.modelDir, fixture.csv, "y").withLimits(Duration.ofSeconds(2), 64);
        AuditReport r = runner.run(request, AuditProgress.NONE);
        assertEquals(List.of(ExplainerRun.Status.ERROR, ExplainerRun.Status.OK, ExplainerRun.Status.OK),
                r.runs().stream().sorted(Comparator.comparing(ExplainerRun::explainerId)).map(ExplainerRun::status).toList(),
                "the hanging one was killed, the scribbler and the one after it finished");

        assertEquals(List.of("plugin version 1", "plugin version 1"), pinned,
                "both workers of the audit (the second after the first was killed) load the plugin as it was when the audit began");
        Path audit = seen.get(0);
        assertEquals(data.resolve("work"), audit.getParent(), "the audit's folder is under <data>/work");
        assertTrue(audit.getFileName().toString().startsWith("audit-" + ProcessHandle.current().pid() + "-"), audit.toString());
        List<String> cmd = real.get();
        assertTrue(cmd.contains("-Djava.io.tmpdir=" + audit), cmd.toString());
        assertTrue(cmd.contains("-Dlucent.work=" + audit), "the worker's framework cache goes there too: " + cmd);
        assertTrue(cmd.contains("-XX:-UsePerfData"), "no perf-data file in /tmp: " + cmd);
        assertEquals(audit.resolve("plugins").toString(), cmd.get(cmd.indexOf("--plugins") + 1), "plugins from the audit's folder");
        assertTrue(cmd.indexOf("-Djava.io.tmpdir=" + audit) < cmd.indexOf("-jar"), "JVM options come before -jar: " + cmd);

        assertFalse(Files.exists(audit), "the audit's folder, with what the worker left in it, is deleted");
        try (Stream<Path> s = Files.list(data.resolve("work"))) {
            assertEquals(List.of(), s.toList(), "nothing is left in the working folder");
        }
        assertFalse(Files.exists(Path.of("scribble.txt")), "the worker did not write into the host's working directory");
    }
}
