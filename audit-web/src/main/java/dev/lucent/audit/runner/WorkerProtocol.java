package dev.lucent.audit.runner;

import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.JsonWriter;
import dev.lucent.audit.report.ReportJson;
import java.io.PrintStream;

/**
 * The worker's side of the wire: one JSON object per line on stdout, each behind a marker so that anything
 * else an explainer prints there is ignored. Events: {@code ready}, {@code start}, {@code progress},
 * {@code result} (a whole {@link ExplainerRun}), {@code fatal} (the inputs could not be loaded).
 */
final class WorkerProtocol {
    static final String MARK = "@lucent-worker ";

    private final PrintStream out;

    WorkerProtocol(PrintStream out) {
        this.out = out;
    }

    void ready() {
        emit(new JsonWriter().beginObject().field("event", "ready").endObject());
    }

    void start(String id) {
        emit(new JsonWriter().beginObject().field("event", "start").field("explainer", id).endObject());
    }

    void progress(String id, double fraction, String message) {
        emit(new JsonWriter().beginObject().field("event", "progress").field("explainer", id)
                .field("fraction", fraction).field("message", message).endObject());
    }

    void result(ExplainerRun run) {
        JsonWriter w = new JsonWriter().beginObject().field("event", "result").field("explainer", run.explainerId()).name("run");
        writeRun(w, run);
        emit(w.endObject());
    }

    void fatal(String message) {
        emit(new JsonWriter().beginObject().field("event", "fatal").field("message", message).endObject());
    }

    private synchronized void emit(JsonWriter w) {
        out.println(MARK + w);
        out.flush();
        if (out.checkError()) Runtime.getRuntime().halt(4); // the host closed the pipe: it is gone or gave up on us
    }

    static void writeRun(JsonWriter w, ExplainerRun run) {
        w.beginObject().field("explainer", run.explainerId()).field("name", run.name()).field("version", run.version())
                .field("family", run.family()).field("bundle", run.bundle()).field("bundleVersion", run.bundleVersion())
                .field("status", run.status().name()).field("millis", run.millis());
        if (run.cpuMillis() >= 0) w.field("cpuMillis", run.cpuMillis());
        w.name("findings").beginArray();
        run.findings().forEach(f -> ReportJson.finding(w, f));
        w.endArray().endObject();
    }
}
