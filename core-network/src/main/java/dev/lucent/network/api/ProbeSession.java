package dev.lucent.network.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Records named probe points ({@link Tensor#probe(String)}, and every layer output of a {@link Model})
 * on the current thread while open: the forward activation, and after a backward pass its gradient.
 * With no session open anywhere, a probe point costs one read of a static counter.
 *
 * <pre>{@code
 * try (ProbeSession s = ProbeSession.open("conv2")) { loss = ...; loss.backward(); s.activation("conv2"); s.gradient("conv2"); }
 * }</pre>
 */
public final class ProbeSession implements AutoCloseable {
    static volatile int open;
    private static final ThreadLocal<ProbeSession> CURRENT = new ThreadLocal<>();

    private final Set<String> names;
    private final Map<String, Tensor> seen = new LinkedHashMap<>();
    private final ProbeSession previous;
    private boolean closed;

    private ProbeSession(Set<String> names) {
        this.names = names;
        this.previous = CURRENT.get();
    }

    /** True while a session is open on any thread (recorded tensors must then outlive the call that made them). */
    public static boolean anyOpen() {
        return open != 0;
    }

    /** Opens a session recording the given probe names, or every probe when none are given. */
    public static ProbeSession open(String... names) {
        ProbeSession s = new ProbeSession(names.length == 0 ? null : Set.of(names));
        CURRENT.set(s);
        synchronized (ProbeSession.class) {
            open++;
        }
        return s;
    }

    static void offer(String name, Tensor t) {
        ProbeSession s = CURRENT.get();
        if (s != null && (s.names == null || s.names.contains(name))) s.seen.put(name, t);
    }

    /** Names recorded so far, in forward order. */
    public Set<String> recorded() {
        return Set.copyOf(seen.keySet());
    }

    /** The last activation recorded under this name (a copy). */
    public Tensor activation(String name) {
        Tensor t = seen.get(name);
        if (t == null) throw new IllegalArgumentException("probe '" + name + "' recorded nothing; recorded: " + seen.keySet());
        return Tensor.of(t.toArray(), t.shape());
    }

    /** The gradient that reached the probe in the last backward pass, or null when none did. */
    public Tensor gradient(String name) {
        Tensor t = seen.get(name);
        if (t == null) throw new IllegalArgumentException("probe '" + name + "' recorded nothing; recorded: " + seen.keySet());
        return t.grad();
    }

    /** The recorded tensor itself, graph attached (for engine-internal use such as telemetry). */
    Tensor node(String name) {
        return seen.get(name);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
        synchronized (ProbeSession.class) {
            open--;
        }
    }
}
