package dev.lucent.network.internal;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.kernel.ConvEpilogue;

/**
 * The importer's door to fused ops that are no part of the stable face: a convolution with its epilogue (a batch norm
 * in evaluation, a residual add, ReLU or Clip) as one op, and a batch norm then ReLU or Clip as one pass. {@link Tensor} installs the implementation when it loads,
 * as for {@link TensorStorage}; this package is not exported.
 */
public final class FusedOps {

    /** What Tensor's package implements. */
    public interface Access {
        /** {@code clamp(conv(x, w, bias) * scale + shift + residual)}, each part optional (scaleShift, residual may be null). */
        Tensor convEpilogue(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups,
                            float[][] scaleShift, Tensor residual, ConvEpilogue.Clamp clamp, float lo, float hi);

        /** A batch norm in evaluation (its folded scale and shift) then ReLU or Clip, in one pass. */
        Tensor affineClamp(Tensor x, float[][] scaleShift, ConvEpilogue.Clamp clamp, float lo, float hi);

        /** A batch norm's statistics in evaluation folded into a per-channel scale and shift, as {@code Tensor.batchNorm} folds them. */
        float[][] batchNormScaleShift(Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps);
    }

    private static volatile Access access;

    private FusedOps() {
    }

    /** Called once, by Tensor's class initializer. */
    public static void install(Access ops) {
        if (access != null) throw new IllegalStateException("the fused ops are installed once, by Tensor");
        access = ops;
    }

    public static Tensor convEpilogue(Tensor x, Tensor w, Tensor bias, int[] stride, int[] padBegin, int[] padEnd, int[] dilation, int groups,
                                     float[][] scaleShift, Tensor residual, ConvEpilogue.Clamp clamp, float lo, float hi) {
        return access.convEpilogue(x, w, bias, stride, padBegin, padEnd, dilation, groups, scaleShift, residual, clamp, lo, hi);
    }

    public static Tensor affineClamp(Tensor x, float[][] scaleShift, ConvEpilogue.Clamp clamp, float lo, float hi) {
        return access.affineClamp(x, scaleShift, clamp, lo, hi);
    }

    public static float[][] batchNormScaleShift(Tensor gamma, Tensor beta, Tensor mean, Tensor var, float eps) {
        return access.batchNormScaleShift(gamma, beta, mean, var, eps);
    }
}
