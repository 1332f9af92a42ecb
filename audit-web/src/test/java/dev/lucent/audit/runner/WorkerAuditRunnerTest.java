package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.ExplainerState;
import dev.lucent.audit.cli.AuditCommand;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.ExplainerInfo.Need;
import dev.lucent.explain.api.Verdict;
import dev.lucent.audit.api.Replay;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner end to end with worker JVMs that misbehave: error runs, a sealed report, quarantine and re-enabling. */
class WorkerAuditRunnerTest {
    @TempDir
    Path dir;

    @Test
    void twoLanesRunEveryExplainerOnceInTheOrderAskedWhateverDies() throws Exception {
        AuditInputsTest fixture = new AuditInputsTest();
        fixture.dir = dir;
        fixture.trainLikeTheTrainCommand();
        InstalledExplainers installed = new InstalledExplainers();
        List<String> ids = List.of("good-a", "die", "good-b", "good-c", "good-d");
        for (String id : ids) installed.addExplainer(WorkerCommandTest.explainer(id, c -> List.of()), WorkerCommandTest.ref());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Path> jobs = Collections.synchronizedList(new ArrayList<>());
        WorkerLauncher launcher = (job, mb) -> {
            jobs.add(job.getFileName());
            return List.of(java, "-Xmx" + mb + "m", "-cp", System.getProperty("java.class.path"), FakeWorker.class.getName(), job.toString());
        };
        WorkerAuditRunner runner = new WorkerAuditRunner(installed, folder -> { }, launcher, dir.resolve("data"), "test", 2);
        AuditRequest request = AuditRequest.of(fixture.modelDir, fixture.csv, "y").withExplainers(ids)
                .withLimits(AuditRequest.DEFAULT_TIME_LIMIT, 64);
        AuditReport r = runner.run(request, AuditProgress.NONE);
        assertEquals(ids, r.runs().stream().map(ExplainerRun::explainerId).toList());
        for (ExplainerRun run : r.runs())
            assertEquals(run.explainerId().equals("die") ? ExplainerRun.Status.ERROR : ExplainerRun.Status.OK, run.status(), run.explainerId());
        if (WorkerAuditRunner.lanes(ids.size(), 64, HotSpot.availablePhysicalBytes()) == 2) {
            assertTrue(jobs.stream().anyMatch(j -> j.toString().startsWith("job-lane1-")), "a second lane ran: " + jobs);
            assertEquals("2 worker JVMs at once, each running its share of the explainers one after another",
                    r.provenance().machine().get("workers"));
        }
    }

    @Test
    void aRepeatedOffenderIsQuarantinedUntilReenabled() throws Exception {
        AuditInputsTest fixture = new AuditInputsTest();
        fixture.dir = dir;
        fixture.trainLikeTheTrainCommand();
        InstalledExplainers installed = new InstalledExplainers();
        for (String id : List.of("good-a", "die", "good-b"))
            installed.addExplainer(WorkerCommandTest.explainer(id, c -> List.of()), WorkerCommandTest.ref());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkerLauncher launcher = (job, mb) -> List.of(java, "-Xmx" + mb + "m", "-cp", System.getProperty("java.class.path"),
                FakeWorker.class.getName(), job.toString());
        WorkerAuditRunner runner = new WorkerAuditRunner(installed, folder -> { }, launcher, dir.resolve("data"), "test");
        AuditRequest request = AuditRequest.of(fixture.modelDir, fixture.csv, "y").withLimits(AuditRequest.DEFAULT_TIME_LIMIT, 64);

        for (int i = 1; i <= AuditRunner.QUARANTINE_AFTER; i++) {
            AuditReport r = runner.run(request, AuditProgress.NONE);
            assertNull(ReportJson.checkHashes(r), "sealed");
            assertEquals(List.of("die", "good-a", "good-b"), r.runs().stream().map(ExplainerRun::explainerId).toList());
            assertEquals(ExplainerRun.Status.ERROR, r.runs().get(0).status());
            assertEquals(ExplainerRun.Status.OK, r.runs().get(2).status(), "the one after the dead worker still ran");
            assertFalse(r.passed());
            assertEquals("model/model.lucent", r.provenance().modelFile());
            assertEquals(i, state(runner, "die").failureStreak());
        }
        assertTrue(state(runner, "die").quarantined());
        assertFalse(state(runner, "good-a").quarantined());

        AuditReport byDefault = runner.run(request, AuditProgress.NONE);
        assertEquals(List.of("good-a", "good-b", "die"), byDefault.runs().stream().map(ExplainerRun::explainerId).toList(),
                "a quarantined explainer is not run, and the report lists it as not run");
        ExplainerRun left = byDefault.runs().get(2);
        assertEquals(ExplainerRun.Status.SKIPPED, left.status());
        Verdict leftOut = (Verdict) left.findings().get(0);
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, leftOut.outcome());
        assertTrue(leftOut.summary().contains("quarantined after 3 failed runs"), leftOut.summary());
        assertTrue(byDefault.passed());
        assertEquals("Audit of " + byDefault.modelName() + " on " + fixture.csv.getFileName(), byDefault.title(),
                "without display names: the model's own name and the data file's");

        // display names title the report; the provenance keeps the stored files and their hashes
        AuditReport named = runner.run(request.withDisplayNames("My model.lucent", "patients 2024.csv", null), AuditProgress.NONE);
        assertEquals("Audit of My model.lucent (" + byDefault.modelName() + ") on patients 2024.csv", named.title());
        assertEquals("Audit of " + byDefault.modelName() + ".lucent on x.csv", runner.run(request.withDisplayNames(
                byDefault.modelName() + ".lucent", "x.csv", null), AuditProgress.NONE).title(), "no name said twice");
        assertEquals("model/model.lucent", named.provenance().modelFile());
        assertEquals(fixture.csv.getFileName().toString(), named.provenance().dataFile());
        assertEquals(byDefault.provenance().modelSha256(), named.provenance().modelSha256());
        assertEquals(byDefault.provenance().dataSha256(), named.provenance().dataSha256());
        assertEquals("patients 2024.csv", named.provenance().dataDisplayName());
        assertEquals(byDefault.findingsHash(), named.findingsHash(), "names change no finding");
        assertEquals(named.provenance(), ReportJson.read(ReportJson.write(named)).provenance(), "the names survive the JSON");

        // asked for by name, it is refused: no report at all rather than one without the check asked for
        AuditException refused = assertThrows(AuditException.class,
                () -> runner.run(request.withExplainers(List.of("die", "good-a")), AuditProgress.NONE));
        assertEquals("the explainer 'die' is quarantined after 3 failed runs in a row; re-enable it (the console's Plugins page,"
                + " or lucent explainers --enable die) or leave it out of the audit", refused.getMessage());
        // the CLI by the same rule (the console's form too: BadPluginsIT): one line, exit 2, nothing stored
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new AuditCommand(runner, null, new dev.lucent.audit.report.ReportExports()).run(new String[] {"--model", fixture.modelDir.toString(), "--data",
                fixture.csv.toString(), "--label", "y", "--explainers", "good-a,die"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("lucent audit: " + refused.getMessage(), err.toString(StandardCharsets.UTF_8).strip());

        runner.reenable("die");
        assertFalse(state(runner, "die").quarantined());
        assertEquals(ExplainerRun.Status.ERROR, runner.run(request.withExplainers(List.of("die")), AuditProgress.NONE)
                .runs().get(0).status(), "runs again once re-enabled");

        // Replay: the fake worker's findings depend only on the ids, so the same inputs give the same findings hash.
        AuditReport original = runner.run(request.withExplainers(List.of("good-b", "good-a")).withSeed(5), AuditProgress.NONE);
        Replay replay = runner.replay(original, request, AuditProgress.NONE);
        assertTrue(replay.identical());
        assertEquals(5, replay.replayed().provenance().seed(), "the original's seed is used");
        assertEquals(List.of("good-b", "good-a"), replay.replayed().runs().stream().map(ExplainerRun::explainerId).toList());
        Path other = dir.resolve("other.csv");
        Files.writeString(other, Files.readString(fixture.csv) + "1,2,3,no\n");
        AuditException differs = assertThrows(AuditException.class,
                () -> runner.replay(original, AuditRequest.of(fixture.modelDir, other, "y"), AuditProgress.NONE));
        assertTrue(differs.getMessage().contains("not the data file audited"), differs.getMessage());

        AuditException e = assertThrows(AuditException.class,
                () -> runner.run(request.withExplainers(List.of("nope")), AuditProgress.NONE));
        assertTrue(e.getMessage().contains("unknown explainer 'nope'; installed: die, good-a, good-b"), e.getMessage());
        e = assertThrows(AuditException.class,
                () -> runner.run(request.withParameters(Map.of("nope", Map.of("k", "v"))), AuditProgress.NONE));
        assertTrue(e.getMessage().contains("unknown explainer 'nope'"));
    }

    @Test
    void theRunnerReportsAnUnmetNeedNotApplicableWithoutRunningTheExplainer() throws Exception {
        AuditInputsTest fixture = new AuditInputsTest();
        fixture.dir = dir;
        fixture.trainLikeTheTrainCommand(); // a tabular classifier saved without a training history
        InstalledExplainers installed = new InstalledExplainers();
        // "die" kills its worker when run: an OK run proves the runner never handed it over
        installed.addExplainer(WorkerCommandTest.explainer("die", Set.of(Need.GRADIENTS, Need.IMAGE_INPUT), c -> List.of()), WorkerCommandTest.ref());
        installed.addExplainer(WorkerCommandTest.explainer("history", Set.of(Need.TRAINING_HISTORY), c -> List.of()), WorkerCommandTest.ref());
        installed.addExplainer(WorkerCommandTest.explainer("met", Set.of(Need.LABELS, Need.HELD_OUT_SPLIT, Need.RETRAINING,
                Need.GRADIENTS), c -> List.of()), WorkerCommandTest.ref());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> asked = new ArrayList<>();
        WorkerLauncher launcher = (job, mb) -> {
            try {
                asked.addAll(WorkerJob.parse(Files.readString(job)).explainers());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of(java, "-Xmx" + mb + "m", "-cp", System.getProperty("java.class.path"), FakeWorker.class.getName(), job.toString());
        };
        WorkerAuditRunner runner = new WorkerAuditRunner(installed, folder -> { }, launcher, dir.resolve("data"), "test");
        AuditReport r = runner.run(AuditRequest.of(fixture.modelDir, fixture.csv, "y").withLimits(AuditRequest.DEFAULT_TIME_LIMIT, 64),
                AuditProgress.NONE);

        assertEquals(List.of("met"), asked, "only the explainer whose needs are met goes to a worker");
        assertEquals(List.of("die", "history", "met"), r.runs().stream().map(ExplainerRun::explainerId).toList());
        Verdict images = (Verdict) r.runs().get(0).findings().get(0);
        assertEquals(ExplainerRun.Status.OK, r.runs().get(0).status(), "an unmet need is no failure");
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, images.outcome());
        assertTrue(images.summary().contains("needs image input: m takes samples of shape [3]"), images.summary());
        Verdict history = (Verdict) r.runs().get(1).findings().get(0);
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, history.outcome());
        assertTrue(history.summary().contains("needs the training history"), history.summary());
        assertEquals(0, state(runner, "die").failureStreak());
        assertEquals(ExplainerRun.Status.OK, r.runs().get(2).status());
        assertFalse(r.runs().get(2).findings().get(0) instanceof Verdict, "the met one ran: the worker's metric");
        assertNull(ReportJson.checkHashes(r), "sealed");
    }

    static ExplainerState state(WorkerAuditRunner runner, String id) {
        return runner.explainers().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
