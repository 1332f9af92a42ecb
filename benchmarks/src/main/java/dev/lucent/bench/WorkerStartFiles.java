package dev.lucent.bench;

import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.audit.runner.InputsDump;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the job a worker starts from, for {@code scripts/bench-worker-start.sh}: {@code new} writes the host's
 * {@link InputsDump} and a job naming it with its SHA-256 (what the host does now); {@code old} writes the job of
 * commit 7fddb86, which named the model and data files for the worker to parse again. The job runs no explainer, so a
 * timed worker run is its start-up: the JVM, the framework, and loading the inputs.
 * <p>
 * Usage: {@code WorkerStartFiles new|old MODEL DATA LABEL OUT_DIR}
 */
public final class WorkerStartFiles {
    private WorkerStartFiles() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) throw new IllegalArgumentException("usage: WorkerStartFiles new|old MODEL DATA LABEL OUT_DIR");
        Path model = Path.of(args[1]).toAbsolutePath(), data = Path.of(args[2]).toAbsolutePath(), out = Path.of(args[4]).toAbsolutePath();
        String label = args[3];
        Files.createDirectories(out.resolve("plugins"));
        String tail = "\"seed\":42,\"explainers\":[],\"parameters\":{},\"timeLimitMillis\":180000,\"memoryBudgetBytes\":" + (600L << 20) + "}";
        String job;
        if (args[0].equals("new")) {
            InputsDump.Written w = InputsDump.write(AuditInputs.load(model, data, label, null, null, 42), out);
            job = "{\"inputs\":" + quoted(w.file()) + ",\"inputsSha256\":\"" + w.sha256() + "\"," + tail;
            System.out.println("dump: " + w.bytes() + " bytes");
        } else {
            job = "{\"model\":" + quoted(model) + ",\"data\":" + quoted(data) + ",\"label\":" + quoted(Path.of(label))
                    + ",\"test\":null,\"current\":null," + tail;
        }
        Files.writeString(out.resolve("job.json"), job);
    }

    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
