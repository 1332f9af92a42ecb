package dev.lucent.audit.runner;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.Finding;
import dev.lucent.network.api.DataSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lucent worker --job FILE}: the worker JVM's side of an audit. Reads the inputs the host parsed (checked by
 * their SHA-256), runs the job's
 * explainers one after another on this thread and reports each on stdout ({@link WorkerProtocol}). An
 * explainer that throws becomes an ERROR run here; one that hangs or exhausts the heap is the host's to
 * handle (it kills this JVM, which exits by itself on OutOfMemoryError).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=worker")
public final class WorkerCommand implements HeadlessCommand {

    private final InstalledExplainers explainers;

    @Activate
    public WorkerCommand(@Reference InstalledExplainers explainers) {
        this.explainers = explainers;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !args[0].equals("--job")) {
            err.println("lucent worker: usage: worker --job FILE (started by the host, not by hand)");
            return 2;
        }
        // A worker never outlives its host: if the host dies (killed, Ctrl-C), nobody reads the findings.
        ProcessHandle.current().parent().ifPresent(host -> host.onExit().thenRun(() -> Runtime.getRuntime().halt(4)));
        WorkerProtocol wire = new WorkerProtocol(out);
        WorkerJob job;
        AuditInputs.Prepared inputs;
        try {
            job = WorkerJob.parse(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
            inputs = InputsDump.read(job.inputs(), job.inputsSha256()); // the host's parse, not a second one
            inputs = chunked(inputs, job.memoryBudgetBytes());
        } catch (IOException | RuntimeException | AuditException e) {
            wire.fatal(AuditInputs.oneLine(String.valueOf(e.getMessage())));
            return 2;
        }
        wire.ready();
        for (String id : job.explainers()) wire.result(runOne(id, job, inputs, wire));
        return 0;
    }

    /**
     * The inputs with their model's calls chunked to what this worker can hold ({@link ChunkedModel}, measured at the first
     * call): a pass may take
     * half the explainers' memory budget, and no more than the ONNX importer allows one pass.
     */
    static AuditInputs.Prepared chunked(AuditInputs.Prepared in, long memoryBudgetBytes) {
        DataSplit rows = in.test().rows() > 0 ? in.test() : in.train();
        if (rows.rows() == 0) return in;
        float[] all = rows.features().toArray();
        float[] first = java.util.Arrays.copyOf(all, all.length / rows.rows());
        long pass = memoryBudgetBytes / 2;
        if (in.saved() == null) pass = Math.min(pass, OnnxInputs.LIMITS.valuesBytes());
        ChunkedModel model = ChunkedModel.measuring(in.model(), first, pass);
        return in.withModel(model);
    }

    ExplainerRun runOne(String id, WorkerJob job, AuditInputs.Prepared inputs, WorkerProtocol wire) {
        wire.start(id);
        Optional<InstalledExplainers.Installed> found = awaitExplainer(id);
        if (found.isEmpty())
            return Failures.run(ExplainerRef.unknown(id), "is not installed in the worker", List.of(), 0);
        InstalledExplainers.Installed x = found.get();
        ExplainerRef ref = x.ref();
        long t0 = System.nanoTime();
        long cpu0 = HotSpot.processCpuNanos();
        WorkerContext context = new WorkerContext(inputs, job.seed(), job.parameters().getOrDefault(id, Map.of()),
                Duration.ofMillis(job.shareMillis()), Duration.ofMillis(job.timeLimitMillis()), job.memoryBudgetBytes(),
                (f, m) -> wire.progress(id, f, m));
        try {
            // the chunk measurement (three gradient passes) runs here, in the first explainer's time but before its own
            // work: inside, it landed in the first operation count a plan made (TimeShare.forwardFlopsPerRow) and
            // made a 224 px ResNet-18's forward pass look five times its cost
            if (inputs.model() instanceof ChunkedModel chunked) chunked.chunkRows();
            List<Finding> findings = x.explainer().explain(context);
            if (findings == null) throw new IllegalStateException("returned null instead of findings");
            return new ExplainerRun(ref, ExplainerRun.Status.OK, findings, millisSince(t0), cpuMillisSince(cpu0));
        } catch (AuditCancelledException e) {
            return Failures.run(ref, "stopped at its time limit of " + job.timeLimitMillis() / 1000.0 + " s", List.of(),
                    millisSince(t0), cpuMillisSince(cpu0));
        } catch (Throwable e) {
            if (context.cancelled()) // e.g. training stopped by the deadline throws CancellationException
                return Failures.run(ref,
                        "stopped at its time limit of " + job.timeLimitMillis() / 1000.0 + " s (" + AuditInputs.oneLine(String.valueOf(e)) + ")",
                        List.of(), millisSince(t0), cpuMillisSince(cpu0));
            // StackOverflowError and friends land here too; OutOfMemoryError ends the JVM first (ExitOnOutOfMemoryError).
            return Failures.run(ref,
                    "threw " + e.getClass().getName() + ": " + AuditInputs.oneLine(String.valueOf(e.getMessage())),
                    Failures.trace(e), millisSince(t0), cpuMillisSince(cpu0));
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * The whole JVM's CPU time since {@code cpu0}, not this thread's: the engine runs an explainer's passes on its own
     * threads, and the JIT and collector work for it too; one explainer runs at a time, so the JVM's time is its time.
     */
    private static long cpuMillisSince(long cpu0) {
        long now = HotSpot.processCpuNanos();
        return cpu0 < 0 || now < 0 ? -1 : (now - cpu0) / 1_000_000;
    }

    /** Explainer services register as their bundles start: wait a little for one the host saw. */
    private Optional<InstalledExplainers.Installed> awaitExplainer(String id) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            Optional<InstalledExplainers.Installed> x = explainers.byId(id);
            if (x.isPresent() || System.currentTimeMillis() > deadline) return x;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return x;
            }
        }
    }
}
