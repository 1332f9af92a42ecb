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

    /** x hardSigmoid(x) with alpha 1/6 and beta 1/2: x max(0, min(1, x/6 + 1/2)) (MobileNet v3, opset 14 on). */
    static Tensor hardSwish(Tensor x) {
        return x.mul(hardSigmoid(x, 1f / 6, 0.5f));
    }

    /** x < 0 ? slope x : x, the slope broadcast. */
    static Tensor prelu(Tensor x, Tensor slope) {
        return Tensor.where(x.lt(Tensor.scalar(0f)), x.mul(slope), x);
    }

    /**
     * Local response normalization across channels (ONNX LRN): x / (bias + alpha / size * sum of x^2 over the
     * channel window [c - floor((size-1)/2), c + ceil((size-1)/2)])^beta. The window sum is an average pool over the
     * channel axis with the padding counted (zeros), times size: the input seen as [N, 1, C, spatial], so the
     * derivative is the pool's, the power's and the division's.
     */
    static Tensor lrn(Tensor x, int size, float alpha, float beta, float bias) {
        int[] s = x.shape();
        int spatial = 1;
        for (int i = 2; i < s.length; i++) spatial *= s[i];
        Tensor mean = x.square().reshape(s[0], 1, s[1], spatial)
                .avgPool(new int[]{size, 1}, new int[]{1, 1}, new int[]{(size - 1) / 2, 0}, new int[]{size / 2, 0}, false, true);
        return x.div(mean.reshape(s).mul(alpha).add(bias).pow(beta));
    }
}
