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

    /**
     * Refuses a parameter whose working memory ({@code bytes}) would exceed the budget, naming it, rather
     * than running out of memory halfway.
     */
    public static void requireWithinBudget(long budgetBytes, long bytes, String what) {
        long budget = budgetBytes > 0 ? budgetBytes : DEFAULT_BUDGET_BYTES;
        if (bytes < 0 || bytes > budget)
            throw new IllegalArgumentException(what + " needs about " + Math.max(1, bytes >> 20) + " MB, more than this run's memory budget of "
                    + (budget >> 20) + " MB; lower it");
    }

    /**
     * Rows per model call for an audit: what the memory budget allows, lowered by the parameter
     * {@code batch-size} if given (like Captum's internal_batch_size).
     */
    public static int rows(dev.lucent.explain.api.AuditContext context, int floatsPerRow) {
        int budgetRows = rowsPerBatch(context.memoryBudgetBytes(), floatsPerRow);
        int asked = context.intParameter("batch-size", budgetRows);
        if (asked < 1) throw new IllegalArgumentException("parameter batch-size must be at least 1, got " + asked);
        return Math.min(asked, budgetRows);
    }

    /** Rows of {@code floatsPerRow} floats that fit in {@code budgetBytes}, at least 1. */
    public static int rowsPerBatch(long budgetBytes, int floatsPerRow) {
        long budget = budgetBytes > 0 ? budgetBytes : DEFAULT_BUDGET_BYTES;
        long perRow = Math.max(1L, (long) floatsPerRow) * 4L * WORKING_COPIES;
        return (int) Math.max(1, Math.min(MAX_ROWS, budget / perRow));
    }
}
