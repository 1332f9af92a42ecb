package dev.lucent.network.internal;

/** The backward seed explainers use, shared by {@code Model} and imported ONNX graphs: d sum_i out[i, targets[i]]. */
public final class TargetSeed {
    private TargetSeed() {
    }

    /**
     * A [rows, k] seed with 1 at (i, targets[from + i]) for the first {@code count} rows and zeros after them
     * (rows padded to fill a fixed batch get no seed).
     */
    public static float[] of(int[] targets, int from, int count, int rows, int k) {
        float[] seed = new float[rows * k];
        for (int i = 0; i < count; i++) {
            int t = targets[from + i];
            if (t < 0 || t >= k)
                throw new IllegalArgumentException("target " + t + " of row " + (from + i) + " is outside outputs 0.." + (k - 1));
            seed[i * k + t] = 1f;
        }
        return seed;
    }
}
