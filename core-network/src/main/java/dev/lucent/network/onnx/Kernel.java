package dev.lucent.network.onnx;

/**
 * One imported ONNX node's computation: its forward kernel and its local derivative in one place.
 * Kernels are immutable (attributes are read at import) and keep no per-call state; the backward
 * pass recomputes what it needs from the inputs and outputs.
 */
interface Kernel {

    /** Outputs for the given inputs ({@code null} where an optional input is absent). */
    NdArray[] forward(NdArray[] in, Ctx ctx);

    /**
     * Gradients with respect to the inputs given gradients of the outputs ({@code null} entries
     * of {@code gOut} are zero). Only inputs with {@code need[i]} must be filled; others may be null.
     */
    NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx);
}
