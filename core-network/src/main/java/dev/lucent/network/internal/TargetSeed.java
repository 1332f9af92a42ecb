package dev.lucent.network.internal;

/**
 * The backward seed explainers use, shared by {@code Model} and imported ONNX graphs: d sum_i out[i, targets[i]], or
 * d sum_i sum_k w[i, k] out[i, k] for a weighted-output gradient. Either way one backward pass for the whole batch.
 */
@FunctionalInterface
public interface TargetSeed {

    /**
     * A [rows, k] seed for rows {@code from .. from + count} of the caller's batch, zeros after them (rows padded to
     * fill a fixed batch get no seed).
     */
    float[] seed(int from, int count, int rows, int k);

    /** 1 at (i, targets[i]): the gradient of one chosen output per row. */
    static TargetSeed targets(int[] targets) {
        return (from, count, rows, k) -> of(targets, from, count, rows, k);
    }

    /**
     * {@code weights} as they are: the gradient of each row's weighted sum of outputs.
     *
     * @throws IllegalArgumentException naming the mismatch when the weights are not [n, k] for the batch's n rows and
     *                                  the model's k outputs, or not finite
     */
    static TargetSeed weights(dev.lucent.network.api.Tensor weights, int n, int k) {
        float[] w = checkedWeights(weights.shape(), weights.toArray(), n, k);
        return (from, count, rows, kk) -> {
            float[] seed = new float[rows * kk];
            System.arraycopy(w, from * kk, seed, 0, count * kk);
            return seed;
        };
    }

    /**
     * A [rows, k] seed with 1 at (i, targets[from + i]) for the first {@code count} rows and zeros after them
     * (rows padded to fill a fixed batch get no seed).
     */
    static float[] of(int[] targets, int from, int count, int rows, int k) {
        float[] seed = new float[rows * k];
        for (int i = 0; i < count; i++) {
            int t = targets[from + i];
            if (t < 0 || t >= k)
                throw new IllegalArgumentException("target " + t + " of row " + (from + i) + " is outside outputs 0.." + (k - 1));
            seed[i * k + t] = 1f;
        }
        return seed;
    }

    /** Weights of shape [n, k] for a batch of {@code n} rows and {@code k} outputs, as a flat array; else one line naming the mismatch. */
    private static float[] checkedWeights(int[] weightShape, float[] weights, int n, int k) {
        if (weightShape.length != 2 || weightShape[0] != n || weightShape[1] != k)
            throw new IllegalArgumentException("output weights of shape " + java.util.Arrays.toString(weightShape) + " for " + n
                    + " rows of " + k + " outputs: need [" + n + ", " + k + "]");
        for (float w : weights)
            if (!Float.isFinite(w)) throw new IllegalArgumentException("output weights must be finite numbers, got " + w);
        return weights;
    }
}
