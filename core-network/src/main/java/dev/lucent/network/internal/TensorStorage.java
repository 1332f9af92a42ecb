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
}
