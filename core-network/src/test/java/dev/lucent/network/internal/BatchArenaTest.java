package dev.lucent.network.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * A model's reusable arrays must die with the model. sanity-randomization makes a randomized copy of the model per layer
 * (MobileNet v2: 100 copies); each copy's arena held that step's activations, and while the arena hung off a per-model
 * ThreadLocal the thread kept every dead copy's arrays until it happened to expunge stale entries: out of memory at
 * 224 px.
 */
class BatchArenaTest {

    @Test
    void anArenaIsReusedOnItsThreadAndDiesWithItsOwner() throws Exception {
        BatchArena owner = new BatchArena();
        StepArena arena = owner.forBatch(1 << 20, false);
        assertNotNull(arena);
        assertSame(arena, owner.forBatch(1 << 20, false), "the same thread reuses its arena");
        assertNull(owner.forBatch(10, false), "small batches have nothing worth reusing");
        WeakReference<StepArena> ref = new WeakReference<>(arena);
        arena = null;
        owner = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "the arena outlived the model that owned it");
    }
}
