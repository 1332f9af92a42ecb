package dev.lucent.explain.testkit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a model, sleeps on every call and counts calls, so a test can cancel a run while it is busy and
 * check that the explainer stops instead of finishing its work.
 */
public class SlowModel implements AuditableModel {
    private final AuditableModel inner;
    private final long sleepMillis;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();
    private volatile int hookAtCall = -1;
    private volatile Runnable hook;

    public SlowModel(AuditableModel inner, long sleepMillis) {
        this.inner = inner;
        this.sleepMillis = sleepMillis;
    }

    /**
     * Runs {@code action} inside the model's {@code call}-th call, on the caller's thread: a test that cancels there
     * does not depend on a second thread being scheduled in time on a loaded machine.
     */
    public void atCall(int call, Runnable action) {
        this.hook = action;
        this.hookAtCall = call;
    }

    public int calls() {
        return calls.get();
    }

    /** Rows through the model so far, in forward-pass equivalents as the plans count them (a gradient is three). */
    public long passes() {
        return passes.get();
    }

    /** The most rows any single call was given. */
    public int largestBatch() {
        return largestBatch.get();
    }

    private void pause(Tensor batch) {
        pause(batch, 1);
    }

    private void pause(Tensor batch, int passesEach) {
        passes.addAndGet((long) passesEach * batch.shape()[0]);
        largestBatch.accumulateAndGet(batch.shape()[0], Math::max);
        if (calls.incrementAndGet() == hookAtCall) hook.run();
        try {
            Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return "slow " + inner.name();
    }

    @Override
    public int[] inputShape() {
        return inner.inputShape();
    }

    @Override
    public int outputCount() {
        return inner.outputCount();
    }

    @Override
    public OutputKind outputKind() {
        return inner.outputKind();
    }

    @Override
    public Tensor predict(Tensor batch) {
        pause(batch);
        return inner.predict(batch);
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        pause(batch, 3);
        return inner.inputGradient(batch, targets);
    }

    @Override
    public Tensor weightedInputGradient(Tensor batch, Tensor weights) {
        pause(batch, 3);
        return inner.weightedInputGradient(batch, weights);
    }

    @Override
    public List<String> layerNames() {
        return inner.layerNames();
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        pause(batch);
        return inner.traceLayer(layer, batch, targets);
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        return new SlowModel(inner.withRandomizedLayers(layers, seed), sleepMillis);
    }
}
