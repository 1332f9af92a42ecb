package dev.lucent.explain.support;

/** Batch sizes bounded by a memory budget: the most reported IG complaint is running out of memory on many steps. */
public final class Batching {

    /** Used when a context gives no budget. */
    public static final long DEFAULT_BUDGET_BYTES = 256L << 20;

    /**
     * A model holds several copies of a batch at once (input, activations, gradients); this factor is a
     * conservative guess of how many floats per input float a forward and backward pass keeps alive.
     */
    static final int WORKING_COPIES = 32;

    static final int MAX_ROWS = 4096;

    private Batching() {
    }

    /** Rows of {@code floatsPerRow} floats that fit in {@code budgetBytes}, at least 1. */
    public static int rowsPerBatch(long budgetBytes, int floatsPerRow) {
        long budget = budgetBytes > 0 ? budgetBytes : DEFAULT_BUDGET_BYTES;
        long perRow = Math.max(1L, (long) floatsPerRow) * 4L * WORKING_COPIES;
        return (int) Math.max(1, Math.min(MAX_ROWS, budget / perRow));
    }
}
