package dev.lucent.network.kernel;

/**
 * Per-thread scratch arrays for kernel temporaries (transposes, im2col gradients), grown on demand and
 * reused, so hot paths do not allocate per call. A slot's contents are valid only until the next
 * {@code get} of the same slot on the same thread; callers never keep them.
 */
public final class Scratch {
    // slots: 0 gemm transposed A, 4 gemm transposed B, 5 gemm's packed narrow tail of B, 1-3 convolution temporaries (1 and 2 also a pool's column phases and padded planes), 6 Winograd's rows of one plane
    private static final int SLOTS = 7;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {
    }

    /** A buffer of at least {@code size} floats (contents undefined). */
    public static float[] get(int slot, int size) {
        float[][] b = BUFFERS.get();
        if (b[slot].length < size) b[slot] = new float[size];
        return b[slot];
    }

    /** A zeroed buffer of at least {@code size} floats (the first {@code size} are zero). */
    public static float[] zeroed(int slot, int size) {
        float[] a = get(slot, size);
        java.util.Arrays.fill(a, 0, size, 0f);
        return a;
    }
}
