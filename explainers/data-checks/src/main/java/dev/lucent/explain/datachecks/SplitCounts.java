package dev.lucent.explain.datachecks;

import java.io.Serializable;

/**
 * A data check's summary of one split's rows: the split's name (every block of a split has it; the summary of no rows
 * has none) and what the check counts, merged by long sums so that any split of the rows gives the same counts.
 */
abstract class SplitCounts<T extends SplitCounts<T>> implements Serializable {
    private static final long serialVersionUID = 1L;

    String split;
    long rows;

    SplitCounts(String split, long rows) {
        this.split = split;
        this.rows = rows;
    }

    /** {@code other} added into this one, which is returned. */
    @SuppressWarnings("unchecked")
    final T merge(T other) {
        if (split == null) split = other.split;
        rows += other.rows;
        add(other);
        return (T) this;
    }

    abstract void add(T other);
}
