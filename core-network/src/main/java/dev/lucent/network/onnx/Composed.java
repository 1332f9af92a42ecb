package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

/**
 * ONNX operators the native op set lacks, composed exactly from native ops (so their derivatives are the
 * engine's own). Each has a test that it equals its definition ({@code ComposedOpsTest}).
 */
final class Composed {
    private Composed() {
    }

    /** 1 / x. */
    static Tensor reciprocal(Tensor x) {
        return Tensor.scalar(1f).div(x);
    }

    /** x / (1 + |x|). */
    static Tensor softsign(Tensor x) {
        return x.div(x.abs().add(1f));
    }

    /** gamma * (x > 0 ? x : alpha (e^x - 1)): gamma times ELU. */
    static Tensor selu(Tensor x, float alpha, float gamma) {
        return x.elu(alpha).mul(gamma);
    }

    /** max(0, min(1, alpha x + beta)). */
    static Tensor hardSigmoid(Tensor x, float alpha, float beta) {
        return x.mul(alpha).add(beta).clamp(0f, 1f);
    }

    /** x < 0 ? slope x : x, the slope broadcast. */
    static Tensor prelu(Tensor x, Tensor slope) {
        return Tensor.where(x.lt(Tensor.scalar(0f)), x.mul(slope), x);
    }
}
