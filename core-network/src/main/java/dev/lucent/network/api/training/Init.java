package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;

/** Weight initializers; the fan counts come from the layer. */
public enum Init {
    /** N(0, 2/fanIn): ReLU networks. */
    HE_NORMAL,
    /** U(-a, a), a = sqrt(6/(fanIn+fanOut)): tanh/sigmoid networks. */
    XAVIER_UNIFORM,
    /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)): PyTorch's default for Linear and Conv. */
    LECUN_UNIFORM;

    public Tensor draw(long seed, int fanIn, int fanOut, int... shape) {
        return switch (this) {
            case HE_NORMAL -> Tensor.heNormal(seed, fanIn, shape);
            case XAVIER_UNIFORM -> Tensor.xavierUniform(seed, fanIn, fanOut, shape);
            case LECUN_UNIFORM -> {
                float a = (float) (1 / Math.sqrt(fanIn));
                yield Tensor.uniform(seed, -a, a, shape);
            }
        };
    }
}
