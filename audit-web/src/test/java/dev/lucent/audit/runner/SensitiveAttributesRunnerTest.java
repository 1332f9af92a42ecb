package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.explain.api.ExplainerInfo.Need;
import dev.lucent.explain.api.Parameter;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.data.Standardizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's sensitive attributes: handed as the parameter {@code sensitive} to the explainers that need them (and
 * recorded with the report's parameters), an unknown column refused in one line before any worker starts, no
 * attributes an unmet need; and the rows in the CSV's units kept beside a Lucent model's standardized ones.
 */
class SensitiveAttributesRunnerTest {
    @TempDir
    Path dir;

    AuditInputsTest fixture() throws Exception {
        AuditInputsTest f = new AuditInputsTest();
        f.dir = dir;
        f.trainLikeTheTrainCommand(); // features a, b (whole numbers 0..99), c; a standardizing Lucent model
        return f;
    }

    /** A runner whose fake workers run nothing; each job's parameters, as the worker receives them, go to {@code sent}. */
    WorkerAuditRunner runner(InstalledExplainers installed, java.util.function.Consumer<Map<String, Map<String, String>>> sent) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WorkerLauncher launcher = (job, mb) -> {
            try {
                sent.accept(WorkerJob.parse(Files.readString(job)).parameters());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of(java, "-Xmx" + mb + "m", "-cp", System.getProperty("java.class.path"), FakeWorker.class.getName(), job.toString());
        };
        return new WorkerAuditRunner(installed, folder -> { }, launcher, dir.resolve("data"), "test");
    }

    @Test
    void theAttributesGoToTheExplainersThatNeedThemAndUnknownColumnsAreRefused() throws Exception {
        AuditInputsTest fixture = fixture();
        InstalledExplainers installed = new InstalledExplainers();
        installed.addExplainer(WorkerCommandTest.explainer("fair", Set.of(Need.SENSITIVE_ATTRIBUTES), c -> List.of()), WorkerCommandTest.ref());
        installed.addExplainer(WorkerCommandTest.explainer("plain", Set.of(), c -> List.of()), WorkerCommandTest.ref());
        Map<String, Map<String, String>> sent = new LinkedHashMap<>();
        WorkerAuditRunner runner = runner(installed, sent::putAll);
        AuditRequest request = AuditRequest.of(fixture.modelDir, fixture.csv, "y").withLimits(AuditRequest.DEFAULT_TIME_LIMIT, 64);

        AuditReport r = runner.run(request.withSensitive("b:<50,>=50, a:q4"), AuditProgress.NONE);
        assertEquals(Map.of("fair", Map.of("sensitive", "b:<50,>=50;a:q4")), sent);
        assertEquals(Map.of("sensitive", "b:<50,>=50;a:q4"), r.provenance().parameters().get("fair"), "recorded, so a replay repeats it");

        sent.clear();
        AuditReport none = runner.run(request, AuditProgress.NONE);
        Verdict v = (Verdict) none.runs().get(0).findings().get(0);
        assertEquals(Verdict.Outcome.NOT_APPLICABLE, v.outcome());
        assertTrue(v.summary().contains("needs sensitive attributes: none were named"), v.summary());

        AuditException e = assertThrows(AuditException.class, () -> runner.run(request.withSensitive("sex"), AuditProgress.NONE));
        assertEquals("sensitive attributes: d.csv has no feature column 'sex' (columns: a, b, c)", e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> request.withSensitive("b:old"));
        assertTrue(bad.getMessage().startsWith("sensitive attribute b: 'old' is neither bins"), bad.getMessage());
    }

    /**
     * The fairness explainers declare {@code sensitive} (the runner hands the audit's attributes over as it): the report
     * then records it once, as given, not also as a default in effect, and a replay, whose request carries the recorded
     * parameters, is not refused for it. Before it was declared, the replay was refused ("has no parameter 'sensitive'").
     */
    @Test
    void aDeclaredSensitiveParameterIsRecordedAsGivenAndReplayed() throws Exception {
        AuditInputsTest fixture = fixture();
        InstalledExplainers installed = new InstalledExplainers();
        installed.addExplainer(WorkerCommandTest.explainer("fair", Set.of(Need.SENSITIVE_ATTRIBUTES),
                List.of(Parameter.text("sensitive", "the audit's sensitive attributes", "groups"), Parameter.whole("min-group-rows", "30", 1, "m")),
                c -> List.of()), WorkerCommandTest.ref());
        List<Map<String, Map<String, String>>> sent = new ArrayList<>();
        WorkerAuditRunner runner = runner(installed, sent::add);
        AuditRequest request = AuditRequest.of(fixture.modelDir, fixture.csv, "y").withLimits(AuditRequest.DEFAULT_TIME_LIMIT, 64);

        AuditReport r = runner.run(request.withSensitive("b:<50,>=50"), AuditProgress.NONE);
        assertEquals(Map.of("sensitive", "b:<50,>=50"), r.provenance().parameters().get("fair"));
        assertEquals(Map.of("fair", Map.of("min-group-rows", "30")), r.provenance().defaults(), "sensitive is in effect as given, not as its default");

        runner.replayOf(r, request, AuditProgress.NONE);
        assertEquals(Map.of("fair", Map.of("sensitive", "b:<50,>=50")), sent.get(1), "the replay hands over the attributes recorded");
    }

    @Test
    void aLucentModelsRowsAreKeptInTheCsvUnitsBesideTheStandardizedOnes() throws Exception {
        AuditInputsTest fixture = fixture();
        AuditInputs.Prepared p = AuditInputs.load(fixture.modelDir, fixture.csv, "y", null, 1);
        float[] csvUnits = p.testInCsvUnits().features().toArray();
        List<Float> b = new ArrayList<>();
        for (int i = 0; i < p.test().rows(); i++) b.add(csvUnits[i * 3 + 1]);
        assertTrue(b.stream().allMatch(v -> v == Math.rint(v) && v >= 0 && v < 100), "column b as the CSV writes it: " + b);
        Standardizer model = new Standardizer(p.saved().preprocessing().mean(), p.saved().preprocessing().std());
        assertArrayEquals(model.apply(p.testInCsvUnits()).features().toArray(), p.test().features().toArray());
        WorkerContext c = new WorkerContext(p, 1, Map.of(), AuditRequest.DEFAULT_TIME_LIMIT, 0, (f, m) -> { });
        assertSame(p.testInCsvUnits(), c.inCsvUnits(c.test().orElseThrow()));
        assertSame(p.trainInCsvUnits(), c.inCsvUnits(c.train()));
    }
}
