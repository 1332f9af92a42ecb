package dev.lucent.network.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-op counters (calls, FLOPs, wall time), process-wide while started. When stopped, each op pays one
 * null check of a static field and allocates nothing. Backward passes count as {@code <op>.backward}.
 *
 * <pre>{@code
 * try (OpCounters c = OpCounters.start()) { model.predict(x); stats = c.snapshot(); }
 * }</pre>
 */
public final class OpCounters implements AutoCloseable {
    static volatile OpCounters active;

    private final Map<String, long[]> counts = new LinkedHashMap<>();

    private OpCounters() {
    }

    /** Starts counting (replacing counters already running). */
    public static OpCounters start() {
        OpCounters c = new OpCounters();
        active = c;
        return c;
    }

    /** One op's totals. */
    public record OpStat(String op, long calls, long flops, long nanos) {
    }

    synchronized void record(String op, long flops, long nanos) {
        long[] c = counts.computeIfAbsent(op, k -> new long[3]);
        c[0]++;
        c[1] += flops;
        c[2] += nanos;
    }

    public synchronized List<OpStat> snapshot() {
        List<OpStat> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new OpStat(k, v[0], v[1], v[2])));
        return out;
    }

    /** Stops counting; the counts stay readable. */
    @Override
    public void close() {
        if (active == this) active = null;
    }
}
