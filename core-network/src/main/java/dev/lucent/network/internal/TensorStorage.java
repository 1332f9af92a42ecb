package dev.lucent.network.internal;

import dev.lucent.network.api.Tensor;

/**
 * The training side's door to a tensor's storage. Parameters, optimizers and the trainer update weights and
 * gradients in place, but that storage is no part of the stable face ({@code dev.lucent.network.api}, 1.0):
 * {@link Tensor} hands its accessor to this bridge when it loads, and this package is not exported, so only
 * code inside the engine bundle reaches it.
 */
public final class TensorStorage {

    /** What Tensor lets the training side do. */
    public interface Access {
        /** The live values of a leaf (offset 0, contiguous), written in place by optimizers. */
        float[] values(Tensor leaf);

        /** The accumulated gradient's live array, or null before the first backward pass. */
        float[] gradient(Tensor t);

        /** Whether backward passes compute this leaf's gradient (switched off for input-only gradients). */
        void recordGradient(Tensor leaf, boolean on);
    }

    private static volatile Access access;

    private TensorStorage() {
    }

    /** Called once, by Tensor's class initializer. */
    public static void install(Access tensorAccess) {
        if (access != null) throw new IllegalStateException("the tensor storage accessor is installed once, by Tensor");
        access = tensorAccess;
    }

    public static float[] values(Tensor leaf) {
        return access.values(leaf);
    }

    public static float[] gradient(Tensor t) {
        return access.gradient(t);
    }

    public static void recordGradient(Tensor leaf, boolean on) {
        access.recordGradient(leaf, on);
    }

    /**
     * A new leaf over a batch's values for an input gradient: the batch's own array when it holds exactly those values
     * (ops never write their inputs), else a copy. A copy of a 256-row batch of 784 features cost about 0.1 ms.
     */
    public static Tensor leafOver(Tensor batch) {
        float[] values = access.values(batch);
        boolean dense = batch.isContiguous() && values.length == batch.size();
        return Tensor.of(dense ? values : batch.toArray(), batch.shape());
    }

    /**
     * A leaf's gradient as a tensor of its shape over the gradient's own array, without {@code grad()}'s copy, or null
     * before any backward pass: only for a leaf the caller made for this call and drops (its gradient array is never
     * an arena's).
     */
    public static Tensor gradientOf(Tensor leaf) {
        float[] g = access.gradient(leaf);
        return g == null ? null : Tensor.of(g, leaf.shape());
    }
}
