package dev.lucent.audit.web;

import dev.lucent.audit.report.JsonWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * Long work the console started (an audit or a training run), as its progress page and the JSON the page
 * polls show it: an overall state and fraction, named parts (one per explainer) and, for training, the
 * learning curve so far. Thread-safe: the worker updates it while requests read it.
 */
public final class Job {

    public enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED;
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED || this == INTERRUPTED;
        }
    }

    /** One part of the work, e.g. one explainer. */
    public record Part(String name, String state, double fraction, String message) {
    }

    /** One epoch of a learning curve. */
    public record Point(int epoch, double train, double validation) {
    }

    private final String id;
    private final String kind;
    private final String title;
    private final String owner;
    private final Instant created;
    private State state = State.QUEUED;
    private double fraction;
    private String message = "waiting to start";
    private final Map<String, Part> parts = new LinkedHashMap<>();
    private final List<Point> curve = new ArrayList<>();
    private String next;
    private volatile boolean cancelRequested;
    private Runnable onCancel = () -> { };

    Job(String id, String kind, String title, String owner) {
        this(id, kind, title, owner, Instant.now());
    }

    Job(String id, String kind, String title, String owner, Instant created) {
        this.id = id;
        this.kind = kind;
        this.title = title;
        this.owner = owner;
        this.created = created;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public String owner() {
        return owner;
    }

    public Instant created() {
        return created;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized void running(double fraction, String message) {
        if (state.finished()) return;
        state = State.RUNNING;
        this.fraction = clamp(fraction);
        this.message = message;
    }

    public synchronized void part(String name, String partState, double partFraction, String partMessage) {
        parts.put(name, new Part(name, partState, clamp(partFraction), partMessage == null ? "" : partMessage));
    }

    public synchronized void point(int epoch, double train, double validation) {
        curve.add(new Point(epoch, train, validation));
    }

    /** Ends the job; {@code next} is the console path to show afterwards (a report, a model), or null. */
    public synchronized void finish(State end, String finalMessage, String nextPath) {
        if (!end.finished()) throw new IllegalArgumentException("not an end state: " + end);
        if (state.finished()) return;
        state = cancelRequested && end == State.FAILED ? State.CANCELLED : end;
        if (end == State.DONE) fraction = 1;
        message = finalMessage;
        if (nextPath != null && nextPath.startsWith("/") && !nextPath.startsWith("//")) next = nextPath;
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    /** What to do when someone presses cancel (e.g. tell the runner). */
    public synchronized void onCancel(Runnable action) {
        this.onCancel = action;
    }

    public void cancel() {
        Runnable action;
        synchronized (this) {
            if (state.finished()) return;
            cancelRequested = true;
            message = "cancelling";
            action = onCancel;
        }
        action.run();
    }

    private static double clamp(double f) {
        return Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
    }

    /** The JSON the progress page polls: every string escaped by {@link Json#quote}. */
    public synchronized String json() {
        StringBuilder b = new StringBuilder("{\"id\":").append(JsonWriter.quoted(id))
                .append(",\"kind\":").append(JsonWriter.quoted(kind))
                .append(",\"title\":").append(JsonWriter.quoted(title))
                .append(",\"state\":").append(JsonWriter.quoted(state.label()))
                .append(",\"finished\":").append(state.finished())
                .append(",\"fraction\":").append(number(fraction))
                .append(",\"message\":").append(JsonWriter.quoted(message))
                .append(",\"next\":").append(JsonWriter.quoted(next))
                .append(",\"parts\":[");
        boolean first = true;
        for (Part p : parts.values()) {
            if (!first) b.append(',');
            first = false;
            b.append("{\"name\":").append(JsonWriter.quoted(p.name())).append(",\"state\":").append(JsonWriter.quoted(p.state()))
                    .append(",\"fraction\":").append(number(p.fraction())).append(",\"message\":").append(JsonWriter.quoted(p.message())).append('}');
        }
        b.append("],\"curve\":[");
        for (int i = 0; i < curve.size(); i++) {
            Point p = curve.get(i);
            if (i > 0) b.append(',');
            b.append("{\"epoch\":").append(p.epoch()).append(",\"train\":").append(number(p.train()))
                    .append(",\"validation\":").append(number(p.validation())).append('}');
        }
        return b.append("]}").toString();
    }

    static String number(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    public synchronized List<Part> parts() {
        return List.copyOf(parts.values());
    }

    public synchronized String message() {
        return message;
    }

    public synchronized double fraction() {
        return fraction;
    }

    public synchronized String next() {
        return next;
    }
}
