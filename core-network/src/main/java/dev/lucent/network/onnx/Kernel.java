package dev.lucent.network.onnx;

/**
 * One imported ONNX node mapped onto the engine: float values are {@link dev.lucent.network.api.Tensor}s
 * computed by native ops (so the tape records them and the engine's derivatives apply); int64 values
 * (shapes, indices, booleans) are {@link NdArray}s where folded and {@link Values.Ints} (native tensors)
 * where computed from float data at run time; neither carries a gradient. Kernels are immutable
 * (attributes are read at import) and keep no per-call state.
 */
interface Kernel {

    /** Outputs for the given inputs ({@code null} where an optional input is absent); see {@link Values}. */
    Object[] run(Object[] in, Ctx ctx);

    /**
     * A kernel that takes run-time integers ({@link Values.Ints}) as native tensors. Any other kernel reading
     * one (a data-dependent shape or index) gets it as an int64 array.
     */
    interface TakesInts extends Kernel {
    }
}
