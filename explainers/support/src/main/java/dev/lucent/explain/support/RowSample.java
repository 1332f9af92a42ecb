package dev.lucent.explain.support;

import java.io.Serializable;
import java.util.Arrays;

/**
 * At most {@code capacity} rows kept for a picture (a scatter plot), chosen by a hash of the audit's seed and the row's
 * id: the rows with the smallest hashes. Which rows are kept depends only on their ids, never on how the rows were
 * split or in which order summaries merged; the kept rows are read back in row-id order. All rows when there are no
 * more than the capacity.
 */
public final class RowSample implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final int width;
    private final long seed;
    private int size;
    private long seen;
    private long[] hashes = new long[0];
    private long[] ids = new long[0];
    private double[] values = new double[0];

    /** Rows of {@code width} values each. */
    public RowSample(int capacity, int width, long seed) {
        this.capacity = capacity;
        this.width = width;
        this.seed = Seeds.derive(seed, "row sample");
    }

    /** The sample of one block: {@code columns[c][i]} is value c of the row with id {@code rowIds[i]}. */
    public static RowSample of(int capacity, long seed, long[] rowIds, double[]... columns) {
        RowSample s = new RowSample(capacity, columns.length, seed);
        int n = rowIds.length;
        long[] hash = new long[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            hash[i] = Seeds.mix(s.seed ^ Seeds.mix(rowIds[i]));
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compareUnsigned(hash[a], hash[b]);
            return c != 0 ? c : Long.compare(rowIds[a], rowIds[b]);
        });
        s.size = Math.min(capacity, n);
        s.seen = n;
        s.hashes = new long[s.size];
        s.ids = new long[s.size];
        s.values = new double[s.size * s.width];
        for (int k = 0; k < s.size; k++) {
            int i = order[k];
            s.hashes[k] = hash[i];
            s.ids[k] = rowIds[i];
            for (int c = 0; c < s.width; c++) s.values[k * s.width + c] = columns[c][i];
        }
        return s;
    }

    /** The kept rows of both, the smallest hashes first (ties, which need equal hashes, by row id). */
    public RowSample merge(RowSample other) {
        if (other.width != width || other.capacity != capacity || other.seed != seed)
            throw new IllegalArgumentException("cannot merge row samples of different shapes or seeds");
        int n = Math.min(capacity, size + other.size);
        long[] h = new long[n], id = new long[n];
        double[] v = new double[n * width];
        int i = 0, j = 0;
        for (int k = 0; k < n; k++) {
            boolean mine = j >= other.size || (i < size && (Long.compareUnsigned(hashes[i], other.hashes[j]) < 0
                    || (hashes[i] == other.hashes[j] && ids[i] <= other.ids[j])));
            RowSample from = mine ? this : other;
            int at = mine ? i++ : j++;
            h[k] = from.hashes[at];
            id[k] = from.ids[at];
            System.arraycopy(from.values, at * width, v, k * width, width);
        }
        hashes = h;
        ids = id;
        values = v;
        size = n;
        seen += other.seen;
        return this;
    }

    /** Rows added in all (kept or not). */
    public long seen() {
        return seen;
    }

    public int size() {
        return size;
    }

    /** Value {@code column} of the kept rows, in row-id order. */
    public double[] column(int column) {
        Integer[] order = new Integer[size];
        for (int k = 0; k < size; k++) order[k] = k;
        Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
        double[] c = new double[size];
        for (int k = 0; k < size; k++) c[k] = values[order[k] * width + column];
        return c;
    }
}
