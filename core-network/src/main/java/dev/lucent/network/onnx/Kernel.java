package dev.lucent.network.onnx;

/**
 * One imported ONNX node mapped onto the engine: float values are {@link dev.lucent.network.api.Tensor}s
 * computed by native ops (so the tape records them and the engine's derivatives apply), int64 values
 * (shapes, indices, booleans) are {@link NdArray}s, which carry no gradient. Kernels are immutable
 * (attributes are read at import) and keep no per-call state.
 */
interface Kernel {

    /** Outputs for the given inputs ({@code null} where an optional input is absent); see {@link Values}. */
    Object[] run(Object[] in, Ctx ctx);
}
