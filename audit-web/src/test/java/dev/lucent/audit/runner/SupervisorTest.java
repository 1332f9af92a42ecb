package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor against real worker JVMs that hang, die, run out of memory or print junk. */
class SupervisorTest {

    @TempDir
    Path dir;

    final AtomicInteger starts = new AtomicInteger();

    WorkerLauncher fake() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return (job, mb) -> {
            starts.incrementAndGet();
            return List.of(java, "-Xmx" + mb + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                    FakeWorker.class.getName(), job.toString());
        };
    }

    WorkerJob job(List<String> ids, long limitMillis) {
        return new WorkerJob(dir.resolve("inputs"), "sha", 1, ids, Map.of(), limitMillis, 1 << 20);
    }

    @Test
    void eachBadExplainerFailsAloneAndTheOthersFinish() throws Exception {
        List<String> ids = List.of("good-a", "hang", "good-b", "die", "noise", "oom", "good-c");
        List<AuditProgress.Event> events = Collections.synchronizedList(new ArrayList<>());
        Supervisor s = new Supervisor(fake(), dir, Duration.ofMillis(300), Duration.ofSeconds(60));
        List<ExplainerRun> runs = s.run(job(ids, 1500), 48, id -> new ExplainerRef(id, "Known " + id, "9.9", "f", "plugin-" + id, "1.2.3"),
                events::add, ids.size(), 0);

        assertEquals(ids, runs.stream().map(ExplainerRun::explainerId).toList(), "every explainer once, in order");
        for (ExplainerRun r : runs) {
            boolean bad = List.of("hang", "die", "oom").contains(r.explainerId());
            assertEquals(bad ? ExplainerRun.Status.ERROR : ExplainerRun.Status.OK, r.status(), r.explainerId());
            if (!bad) {
                Metric m = (Metric) r.findings().get(0);
                assertEquals(r.explainerId().hashCode(), m.value(), 0.0, "the good explainer's own finding");
                continue;
            }
            assertEquals(1, r.findings().size());
            Verdict v = (Verdict) r.findings().get(0);
            assertEquals(Verdict.Outcome.ERROR, v.outcome());
            assertTrue(v.summary().contains("explainer " + r.explainerId()), v.summary());
            assertTrue(v.summary().contains("plugin-" + r.explainerId() + " 1.2.3"), "names the plugin: " + v.summary());
            switch (r.explainerId()) {
                case "hang" -> {
                    assertTrue(v.summary().contains("did not finish within its time limit of 1.5 s"), v.summary());
                    // the run records the time it really held the audit: killed only once past limit plus grace
                    assertTrue(r.millis() >= 1500 + 300, "recorded " + r.millis() + " ms");
                }
                case "die" -> assertTrue(v.summary().contains("exit code 7"), v.summary());
                default -> assertTrue(v.summary().contains("exit code 3: out of memory"), v.summary());
            }
        }
        assertEquals(4, starts.get(), "a fresh worker after each of the three that were lost");
        assertTrue(events.stream().anyMatch(e -> "good-b".equals(e.explainerId()) && "half way".equals(e.message())));
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "no worker left running");
    }

    /** An explainer stopped at its limit keeps the worker's CPU time up to the kill: busy, it is most of the limit. */
    @Test
    void anExplainerStoppedAtItsLimitRecordsTheCpuItUsed() throws Exception {
        Supervisor s = new Supervisor(fake(), dir, Duration.ofMillis(200), Duration.ofSeconds(60));
        List<ExplainerRun> runs = s.run(job(List.of("spin", "hang"), 1000), 48, id -> null, AuditProgress.NONE, 2, 0);
        ExplainerRun spin = runs.get(0), hang = runs.get(1);
        assertEquals(ExplainerRun.Status.ERROR, spin.status());
        assertTrue(spin.cpuMillis() > 0, "it computed: " + spin.cpuMillis() + " ms of CPU");
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(spin.cpuMillis() <= spin.millis() * cores + 100, spin.cpuMillis() + " ms of CPU in " + spin.millis() + " ms");
        assertTrue(hang.cpuMillis() >= 0 && hang.cpuMillis() < spin.cpuMillis(),
                "a sleeping explainer uses less than a busy one: " + hang.cpuMillis() + " vs " + spin.cpuMillis());
    }

    @Test
    void cancellingKillsTheWorker() {
        Supervisor s = new Supervisor(fake(), dir, Duration.ofMillis(300), Duration.ofSeconds(60));
        AuditProgress cancelOnHang = new AuditProgress() {
            volatile boolean hanging;

            @Override
            public void update(Event e) {
                if ("hang".equals(e.explainerId())) hanging = true;
            }

            @Override
            public boolean cancelled() {
                return hanging;
            }
        };
        assertThrows(CancellationException.class,
                () -> s.run(job(List.of("good-a", "hang", "good-b"), 600_000), 48, id -> null, cancelOnHang, 3, 0));
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "the hanging worker is gone");
    }
}
