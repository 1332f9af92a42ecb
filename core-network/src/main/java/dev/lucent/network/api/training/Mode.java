package dev.lucent.network.api.training;

/**
 * How a forward pass runs: training (dropout active, batch statistics) or evaluation, and the seed that
 * makes stochastic layers reproducible (each layer mixes in its own position).
 */
public record Mode(boolean training, long seed) {
    public static final Mode EVAL = new Mode(false, 0L);

    public static Mode train(long seed) {
        return new Mode(true, seed);
    }
}
