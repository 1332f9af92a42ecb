package dev.lucent.network.internal;

/**
 * Per thread, the arrays of a model's last predict or input-gradient call, reused by the next: explainers
 * call these many times with large batches of one size, so the activations' and intermediate gradients'
 * arrays stay in cache and no garbage is made. Used by {@code Model} and by imported ONNX graphs alike.
 */
public final class BatchArena {
    /** Input values from which a call reuses its arrays: small batches have little to reuse. */
    private static final int MIN_VALUES = 8192;
    /**
     * Per calling thread, owned by this object: dies with the model. A ThreadLocal here kept a dead model's arrays for as
     * long as its thread lived (a thread drops a stale ThreadLocal's value only when it happens to come across it), and
     * the randomization check's hundred re-drawn copies of MobileNet v2 ran out of memory at 224 px. Weak on threads, so a
     * finished pool thread takes its arena with it.
     */
    private final java.util.Map<Thread, StepArena> arenas = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The calling thread's arena when a batch of {@code values} is worth reusing and nothing else holds its
     * arrays, else null: a probe session keeps activations past the call, and a nested call must not
     * recycle the outer one's.
     */
    public StepArena forBatch(int values, boolean probing) {
        if (values < MIN_VALUES) return null;
        StepArena a = arenas.computeIfAbsent(Thread.currentThread(), t -> new StepArena());
        return probing || a.isEntered() ? null : a;
    }
}
