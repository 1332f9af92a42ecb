package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

/** The worker's own handling of one explainer: a throw and a cooperative stop at the deadline become ERROR runs. */
class WorkerCommandTest {

    static long nextId = 1;


    interface Body {
        List<Finding> run(AuditContext c) throws AuditCancelledException;
    }

    static Explainer explainer(String id, Body body) {
        return explainer(id, Set.of(), body);
    }

    static Explainer explainer(String id, Set<ExplainerInfo.Need> needs, Body body) {
        return explainer(id, needs, java.util.List.of(), body);
    }

    static Explainer explainer(String id, Set<ExplainerInfo.Need> needs, java.util.List<dev.lucent.explain.api.Parameter> parameters, Body body) {
        ExplainerInfo info = new ExplainerInfo(id, "Name of " + id, "1.2.3", "test", "d", needs, parameters);
        return new Explainer() {
            @Override
            public ExplainerInfo info() {
                return info;
            }

            @Override
            public List<Finding> explain(AuditContext context) throws AuditCancelledException {
                return body.run(context);
            }
        };
    }

    @SuppressWarnings("unchecked")
    static ServiceReference<Explainer> ref() {
        long id = nextId++;
        return (ServiceReference<Explainer>) Proxy.newProxyInstance(WorkerCommandTest.class.getClassLoader(),
                new Class<?>[]{ServiceReference.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> "service.id".equals(a[0]) ? (Object) id : null;
                    case "getBundle" -> null;
                    case "hashCode" -> (int) id;
                    case "equals" -> p == a[0];
                    default -> null;
                });
    }

    @Test
    void throwsAndOverrunsBecomeErrorRunsTheOthersKeepTheirFindings() {
        InstalledExplainers installed = new InstalledExplainers();
        installed.addExplainer(explainer("throws", c -> {
            throw new IllegalStateException("boom");
        }), ref());
        installed.addExplainer(explainer("good", c -> {
            c.progress(0.5, "half");
            return List.of(new Metric("rows", Stage.DATA, "rows", c.train().rows(), Double.NaN, Double.NaN, Double.NaN, null));
        }), ref());
        installed.addExplainer(explainer("slow", c -> {
            while (true) c.checkCancelled(); // stops only when the deadline passes
        }), ref());
        WorkerCommand command = new WorkerCommand(installed);

        AuditInputs.Prepared inputs = threeRows();
        WorkerJob job = new WorkerJob(Path.of("inputs"), "sha", 5, List.of(), Map.of(), 300, 1 << 20);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WorkerProtocol wire = new WorkerProtocol(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        ExplainerRun thrown = command.runOne("throws", job, inputs, wire);
        assertEquals(ExplainerRun.Status.ERROR, thrown.status());
        Verdict v = (Verdict) thrown.findings().get(0);
        assertEquals(Verdict.Outcome.ERROR, v.outcome());
        assertTrue(v.summary().contains("explainer throws") && v.summary().contains("IllegalStateException: boom"), v.summary());
        assertTrue(v.evidence().get(0).contains("boom"));

        ExplainerRun good = command.runOne("good", job, inputs, wire);
        assertEquals(ExplainerRun.Status.OK, good.status());
        assertEquals(3.0, ((Metric) good.findings().get(0)).value(), 0.0);
        assertEquals("1.2.3", good.version());

        ExplainerRun slow = command.runOne("slow", job, inputs, wire);
        assertEquals(ExplainerRun.Status.ERROR, slow.status());
        assertTrue(((Verdict) slow.findings().get(0)).summary().contains("stopped at its time limit of 0.3 s"));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains(WorkerProtocol.MARK + "{\"event\":\"progress\",\"explainer\":\"good\",\"fraction\":0.5,\"message\":\"half\"}"), out);
        assertEquals(3, out.lines().filter(l -> l.contains("\"event\":\"start\"")).count());
    }

    /**
     * The worker's CPU time per explainer: a busy one used CPU, no more than the wall time on every core (plus the clock's
     * granularity), and both reach the report's JSON and come back from it.
     */
    @Test
    void eachRunRecordsItsWorkersCpuTimeBesideItsWallTime() {
        InstalledExplainers installed = new InstalledExplainers();
        installed.addExplainer(explainer("busy", c -> {
            double acc = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 300_000_000L) for (int i = 1; i < 100_000; i++) acc += Math.sqrt(i * acc + i);
            return List.of(new Metric("acc", Stage.DATA, "acc", acc, Double.NaN, Double.NaN, Double.NaN, null));
        }), ref());
        WorkerCommand command = new WorkerCommand(installed);
        AuditInputs.Prepared inputs = threeRows();
        WorkerJob job = new WorkerJob(Path.of("inputs"), "sha", 5, List.of(), Map.of(), 60_000, 1 << 20);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WorkerProtocol wire = new WorkerProtocol(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        ExplainerRun busy = command.runOne("busy", job, inputs, wire);
        assertEquals(ExplainerRun.Status.OK, busy.status());
        assertTrue(busy.millis() >= 300, "wall " + busy.millis());
        assertTrue(busy.cpuMillis() > 0, "a working explainer used CPU: " + busy.cpuMillis());
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(busy.cpuMillis() <= busy.millis() * cores + 50, "CPU " + busy.cpuMillis() + " ms over wall " + busy.millis()
                + " ms on " + cores + " cores");

        wire.result(busy);
        String line = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"event\":\"result\"")).findFirst().orElseThrow();
        assertTrue(line.contains("\"cpuMillis\":" + busy.cpuMillis()), line);
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) dev.lucent.audit.report.JsonReader.parse(line.substring(WorkerProtocol.MARK.length()));
        @SuppressWarnings("unchecked")
        ExplainerRun back = dev.lucent.audit.report.ReportJson.readRun((Map<String, Object>) event.get("run"));
        assertEquals(busy.cpuMillis(), back.cpuMillis(), "the host reads what the worker measured");
        assertTrue(Supervisor.times(back).endsWith(" s of CPU"), Supervisor.times(back));
    }

    /**
     * What a plan counts of one forward pass in a worker is the model's forward pass: the chunked model's first call
     * (which measures a gradient pass on one row and on two) is not counted into it.
     */
    @Test
    void aPlansCountOfTheForwardPassInAWorkerIsTheModelsOwn() {
        AuditInputs.Prepared bare = threeRows();
        float[] row = java.util.Arrays.copyOf(bare.test().features().toArray(), 2);
        long[] counted = new long[2];
        InstalledExplainers installed = new InstalledExplainers();
        installed.addExplainer(explainer("plans", c -> {
            try (dev.lucent.network.api.OpCounters oc = dev.lucent.network.api.OpCounters.start()) {
                c.model().predict(Tensor.of(row, 1, 2));
                for (dev.lucent.network.api.OpCounters.OpStat s : oc.snapshot()) counted[0] += s.flops();
            }
            return List.of();
        }), ref());
        try (dev.lucent.network.api.OpCounters oc = dev.lucent.network.api.OpCounters.start()) {
            bare.model().predict(Tensor.of(row, 1, 2));
            for (dev.lucent.network.api.OpCounters.OpStat s : oc.snapshot()) counted[1] += s.flops();
        }
        WorkerCommand command = new WorkerCommand(installed);
        AuditInputs.Prepared inputs = WorkerCommand.chunked(bare, 64L << 20);
        WorkerJob job = new WorkerJob(Path.of("inputs"), "sha", 5, List.of(), Map.of(), 60_000, 64L << 20);
        WorkerProtocol wire = new WorkerProtocol(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertEquals(ExplainerRun.Status.OK, command.runOne("plans", job, inputs, wire).status());
        assertTrue(counted[1] > 0, "the bare model's forward pass counts its multiply-adds");
        assertEquals(counted[1], counted[0], "one row's forward pass, counted in the worker's first explainer");
    }

    /** Three rows of two features and a linear model, as the host would hand them over. */
    static AuditInputs.Prepared threeRows() {
        DatasetSchema schema = new DatasetSchema(List.of("a", "b"), "y", List.of("n", "p"), new int[]{2});
        DataSplit split = new DataSplit("train", Tensor.of(new float[]{0, 1, 1, 0, 2, 2}, 3, 2), new int[]{0, 1, 1}, null);
        ModelFile.Saved saved = new ModelFile.Saved(Sequential.of("m", OutputKind.CLASS_LOGITS, 1, new int[]{2}, new Linear(2, 2)),
                null, null, Map.of());
        return new AuditInputs.Prepared(Path.of("m"), saved, schema, split, split, "all", "x", "y", null);
    }
}
