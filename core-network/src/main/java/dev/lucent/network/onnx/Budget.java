package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;

/** Counts bytes reserved while decoding, so nothing is allocated past the configured budget. */
final class Budget {
    private final long max;
    private long used;

    Budget(long max) {
        this.max = max;
    }

    long max() {
        return max;
    }

    /** Reserves {@code bytes} before an allocation; refuses once the running total would pass the budget. */
    void reserve(long bytes, String what) {
        if (bytes < 0 || used + bytes > max || used + bytes < 0)
            throw new OnnxException(what + " needs " + bytes + " bytes, over the memory budget of " + max + " bytes");
        used += bytes;
    }
}
