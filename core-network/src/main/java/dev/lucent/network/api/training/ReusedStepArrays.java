package dev.lucent.network.api.training;

import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.internal.StepArena;

/**
 * A hand-written training loop's step with the arrays of the previous step reused, as {@link Trainer#fit} runs every
 * step: op outputs and intermediate gradients made inside {@link #step()} go back to this object when the step
 * closes, and the next step with the same shapes takes them again instead of allocating and zeroing new ones (on the
 * MLP train step at batch 64 and 256 about a sixth of the step's time). A loop may use it only if it keeps no tensor
 * of a step after closing it (keep {@code loss.item()}, not the loss tensor); parameters and their gradients are
 * never recycled. While a {@link ProbeSession} is open anywhere nothing is recycled (probes keep tensors past the
 * step). One per thread; not thread-safe.
 * <pre>
 * ReusedStepArrays arrays = new ReusedStepArrays();
 * for (...) try (ReusedStepArrays.Step s = arrays.step()) { forward, loss, zeroGrad, backward, optimizer step }
 * </pre>
 */
public final class ReusedStepArrays {
    private final StepArena arena = new StepArena();

    /** A step's scope; closing it returns the step's arrays. */
    public interface Step extends AutoCloseable {
        @Override
        void close();
    }

    /** Opens a step on the calling thread; close it (try-with-resources) before the next. */
    public Step step() {
        if (ProbeSession.anyOpen()) return () -> { };
        StepArena.Step s = arena.enter();
        return s::close;
    }
}
