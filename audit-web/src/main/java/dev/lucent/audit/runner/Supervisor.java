package dev.lucent.audit.runner;

import dev.lucent.audit.api.AuditProgress;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.JsonReader;
import dev.lucent.audit.report.ReportJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a job's explainers in worker JVMs and watches them: one explainer at a time in flight, killed when it
 * overruns its time limit (plus a short grace for a cooperative stop) and recorded as an ERROR run, as is an
 * explainer whose worker died (OutOfMemoryError exits it; a crash or kill ends it); a fresh worker then takes
 * the explainers still to run. Every pass either finishes or removes at least one explainer, so it ends.
 */
final class Supervisor {

    private static final Object EOF = new Object();

    private final WorkerLauncher launcher;
    private final Path workDir;
    private final Duration grace;
    private final Duration startupLimit;

    private final String lane;

    Supervisor(WorkerLauncher launcher, Path workDir, Duration grace, Duration startupLimit) {
        this(launcher, workDir, grace, startupLimit, "");
    }

    /** {@code lane} names this supervisor's job files, so two supervisors can share the audit's folder. */
    Supervisor(WorkerLauncher launcher, Path workDir, Duration grace, Duration startupLimit, String lane) {
        this.launcher = launcher;
        this.workDir = workDir;
        this.grace = grace;
        this.startupLimit = startupLimit;
        this.lane = lane;
    }

    List<ExplainerRun> run(WorkerJob job, int memoryMb, Function<String, ExplainerRef> known, AuditProgress progress, int total,
                           int offset) throws IOException {
        List<String> remaining = new ArrayList<>(job.explainers());
        List<ExplainerRun> done = new ArrayList<>();
        int pass = 0;
        while (!remaining.isEmpty()) {
            Path jobFile = workDir.toAbsolutePath().resolve("job-" + lane + (pass++) + ".json");
            Files.writeString(jobFile, job.remaining(remaining).toJson(), StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(launcher.command(jobFile, memoryMb));
            pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
            pb.directory(workDir.toFile()); // whatever a plugin writes to a relative path lands in the audit's folder
            Process p = pb.start();
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            Deque<String> errTail = new ArrayDeque<>();
            Thread outReader = daemon(() -> readEvents(p.getInputStream(), events), "lucent-worker-out");
            Thread errReader = daemon(() -> tail(p.getErrorStream(), errTail), "lucent-worker-err");
            String inFlight = null;
            long inFlightStart = 0;
            long inFlightCpu = -1;
            boolean ready = false;
            String fatal = null;
            long startDeadline = System.nanoTime() + startupLimit.toNanos();
            long limitNanos = Duration.ofMillis(job.timeLimitMillis()).plus(grace).toNanos();
            try {
                while (true) {
                    if (progress.cancelled()) {
                        kill(p);
                        throw new CancellationException("audit cancelled");
                    }
                    Object e;
                    try {
                        e = events.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        kill(p);
                        throw new CancellationException("interrupted");
                    }
                    long now = System.nanoTime();
                    if (e == null) {
                        if (inFlight != null && now - inFlightStart > limitNanos) {
                            // the CPU it had before the kill says whether the limit met its plan or a loaded machine
                            long cpu = cpuMillisSince(p, inFlightCpu);
                            kill(p);
                            // the time it really held the audit: the limit, the grace, and the kill
                            long held = (System.nanoTime() - inFlightStart) / 1_000_000;
                            done.add(error(inFlight, known, "did not finish within its time limit of "
                                    + seconds(job.timeLimitMillis()) + " s; its worker JVM was stopped", List.of(), held, cpu));
                            progress.update(new AuditProgress.Event(inFlight, offset + done.size() - 1, total, 1,
                                    "stopped: over its time limit" + times(done.get(done.size() - 1))));
                            remaining.remove(inFlight);
                            break;
                        }
                        if (!ready && now - startDeadline > 0) {
                            kill(p);
                            for (String id : remaining)
                                done.add(error(id, known, "was not run: the worker JVM did not start within "
                                        + startupLimit.toSeconds() + " s", snapshot(errTail), 0));
                            remaining.clear();
                            break;
                        }
                        continue;
                    }
                    if (e == EOF) {
                        int code = exitCode(p);
                        if (inFlight != null) {
                            done.add(error(inFlight, known, "ended its worker JVM (exit code " + code
                                    + (code == 3 ? ": out of memory" : "") + ")", snapshot(errTail), (now - inFlightStart) / 1_000_000, -1));
                            progress.update(new AuditProgress.Event(inFlight, offset + done.size() - 1, total, 1, "failed: worker died"));
                            remaining.remove(inFlight);
                        } else if (!remaining.isEmpty()) {
                            String why = fatal != null ? "was not run: the worker could not load the inputs: " + fatal
                                    : "was not run: the worker JVM ended before starting it (exit code " + code + ")";
                            for (String id : remaining) done.add(error(id, known, why, snapshot(errTail), 0));
                            remaining.clear();
                        }
                        break;
                    }
                    Map<String, Object> m = cast(e);
                    String id = (String) m.get("explainer");
                    switch (String.valueOf(m.get("event"))) {
                        case "ready" -> ready = true;
                        case "fatal" -> fatal = (String) m.get("message");
                        case "start" -> {
                            inFlight = id;
                            inFlightStart = now;
                            inFlightCpu = cpuMillis(p);
                            progress.update(new AuditProgress.Event(id, offset + done.size(), total, 0, "started"));
                        }
                        case "progress" -> progress.update(new AuditProgress.Event(id, offset + done.size(), total,
                                clamp(((JsonReader.Num) m.get("fraction")).asDouble()), String.valueOf(m.get("message"))));
                        case "result" -> {
                            ExplainerRun run = ReportJson.readRun(cast(m.get("run")));
                            done.add(run);
                            remaining.remove(id);
                            inFlight = null;
                            progress.update(new AuditProgress.Event(id, offset + done.size() - 1, total, 1,
                                    (run.status() == ExplainerRun.Status.OK ? "done" : "failed") + times(run)));
                        }
                        default -> {
                            // unknown events from a newer worker are ignored
                        }
                    }
                }
            } finally {
                kill(p);
                outReader.interrupt();
                errReader.interrupt();
                Files.deleteIfExists(jobFile);
            }
        }
        return done;
    }

    private static ExplainerRun error(String id, Function<String, ExplainerRef> known, String how, List<String> evidence, long ms) {
        return error(id, known, how, evidence, ms, -1);
    }

    private static ExplainerRun error(String id, Function<String, ExplainerRef> known, String how, List<String> evidence, long ms,
                                      long cpuMs) {
        ExplainerRef k = known.apply(id);
        return Failures.run(k == null ? ExplainerRef.unknown(id) : k, how, evidence, ms, cpuMs);
    }

    /** The worker's CPU time so far (all its threads, as the operating system counts them), in ms; -1 when it does not say. */
    private static long cpuMillis(Process p) {
        return p.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    private static long cpuMillisSince(Process p, long cpu0) {
        long now = cpuMillis(p);
        return cpu0 < 0 || now < 0 ? -1 : now - cpu0;
    }

    /** The progress line's "in 12.3 s, 10.1 s of CPU": beside the wall time, whether the machine gave the run its CPU. */
    static String times(ExplainerRun run) {
        String wall = String.format(java.util.Locale.ROOT, " in %.1f s", run.millis() / 1000.0);
        return run.cpuMillis() < 0 ? wall : wall + String.format(java.util.Locale.ROOT, ", %.1f s of CPU", run.cpuMillis() / 1000.0);
    }

    private static void readEvents(InputStream in, BlockingQueue<Object> events) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith(WorkerProtocol.MARK)) continue; // whatever else an explainer printed
                try {
                    events.add(JsonReader.parse(line.substring(WorkerProtocol.MARK.length())));
                } catch (IllegalArgumentException malformed) {
                    // a garbled line is dropped; the explainer then ends by time limit or death
                }
            }
        } catch (IOException e) {
            // the pipe closed: the worker is gone
        } finally {
            events.add(EOF);
        }
    }

    private static void tail(InputStream in, Deque<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line.length() > 300 ? line.substring(0, 300) : line);
                    while (tail.size() > 8) tail.removeFirst();
                }
            }
        } catch (IOException e) {
            // the worker is gone
        }
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            List<String> out = new ArrayList<>();
            for (String s : tail) if (!s.isBlank() && !s.contains("incubator")) out.add("worker: " + s);
            return out;
        }
    }

    private static int exitCode(Process p) {
        try {
            if (p.waitFor(5, TimeUnit.SECONDS)) return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static double clamp(double f) {
        return Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
