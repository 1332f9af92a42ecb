package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts bytes reserved while decoding, so nothing is allocated past the configured budget. A refusal says what
 * was counted (the file, what was decoded before, the largest tensors), the limit and where the limit came from.
 */
final class Budget {
    static final String RAW = " raw_data";
    private static final int LARGEST = 3;
    private final long max;
    private final String origin;
    private long used, file = -1;
    private final List<Held> largest = new ArrayList<>(); // the largest decoded tensors, biggest first

    private record Held(String what, long bytes) {
    }

    Budget(long max, String origin) {
        this.max = max;
        this.origin = origin;
    }

    long max() {
        return max;
    }

    /** Reserves {@code bytes} before an allocation; refuses once the running total would pass the budget. */
    void reserve(long bytes, String what) {
        if (bytes < 0 || used + bytes > max || used + bytes < 0)
            throw new OnnxException(what + " needs " + bytes + " bytes" + counted(bytes) + ", over the memory budget of " + max
                    + " bytes (" + origin + ")");
        used += bytes;
        if (file < 0) file = bytes;
    }

    /** Reserves a decoded tensor's values, and remembers the largest ones for refusals. */
    void reserveTensor(long bytes, String what) {
        reserve(bytes, what);
        largest.add(new Held(what, bytes));
        largest.sort(Comparator.comparingLong(Held::bytes).reversed());
        if (largest.size() > LARGEST) largest.remove(LARGEST);
    }

    /** Gives back the bytes of a tensor's raw copy, garbage once decoded. */
    void release(long bytes) {
        used -= bytes;
    }

    private String counted(long bytes) {
        if (file < 0 || bytes < 0 || used + bytes < 0) return "";
        StringBuilder b = new StringBuilder("; with the ").append(file).append("-byte file and ").append(used - file)
                .append(" bytes held besides");
        if (!largest.isEmpty()) {
            b.append(" (largest decoded: ");
            for (int i = 0; i < largest.size(); i++)
                b.append(i == 0 ? "" : ", ").append(largest.get(i).what).append(" ").append(largest.get(i).bytes).append(" bytes");
            b.append(")");
        }
        return b.append(", the import would hold ").append(used + bytes).append(" bytes").toString();
    }
}
