package dev.lucent.explain.support;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The mergeable first pass behind automatic subgroups: one column's distinct values, ascending, each with how many rows
 * hold it, and the count of missing (NaN) values. Merging is a merge of sorted lists, so any split of the rows gives the
 * same lists, and the categories and quantiles read from them ({@link #distinct}, {@link #quantile}) are the ones the
 * whole column gives, exactly. Past {@value #MAX_DISTINCT} distinct values the list is dropped and only the fact is
 * kept ({@link #overflowed}): a caller then asks for bins or a threshold rather than guess a quantile.
 */
public final class ColumnValues implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Distinct values kept, some 2 MiB of summary: the duplicate-rows check keeps as many hashes. */
    public static final int MAX_DISTINCT = 1 << 17;

    private double[] values;
    private long[] counts;
    private long rows;
    private long missing;
    private boolean overflowed;

    private ColumnValues(double[] values, long[] counts, long rows, long missing, boolean overflowed) {
        this.values = values;
        this.counts = counts;
        this.rows = rows;
        this.missing = missing;
        this.overflowed = overflowed;
    }

    /** No rows: the identity of {@link #merge}. */
    public static ColumnValues empty() {
        return new ColumnValues(new double[0], new long[0], 0, 0, false);
    }

    public static ColumnValues of(double[] column) {
        double[] sorted = column.clone();
        Arrays.sort(sorted); // NaN last, -0.0 before 0.0: as the distinct values of a sorted stream
        int n = sorted.length;
        while (n > 0 && Double.isNaN(sorted[n - 1])) n--;
        double[] v = new double[n];
        long[] c = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k > 0 && Double.compare(v[k - 1], sorted[i]) == 0) c[k - 1]++;
            else {
                v[k] = sorted[i];
                c[k++] = 1;
            }
        }
        ColumnValues s = new ColumnValues(Arrays.copyOf(v, k), Arrays.copyOf(c, k), n, sorted.length - n, false);
        return s.capped();
    }

    public ColumnValues merge(ColumnValues other) {
        rows += other.rows;
        missing += other.missing;
        if (overflowed || other.overflowed) return overflow();
        double[] v = new double[values.length + other.values.length];
        long[] c = new long[v.length];
        int i = 0, j = 0, k = 0;
        while (i < values.length || j < other.values.length) {
            int cmp = i == values.length ? 1 : j == other.values.length ? -1 : Double.compare(values[i], other.values[j]);
            if (cmp <= 0) {
                v[k] = values[i];
                c[k] = counts[i++];
                if (cmp == 0) c[k] += other.counts[j++];
            } else {
                v[k] = other.values[j];
                c[k] = other.counts[j++];
            }
            k++;
        }
        values = Arrays.copyOf(v, k);
        counts = Arrays.copyOf(c, k);
        return capped();
    }

    private ColumnValues capped() {
        return values.length > MAX_DISTINCT ? overflow() : this;
    }

    private ColumnValues overflow() {
        overflowed = true;
        values = new double[0];
        counts = new long[0];
        return this;
    }

    /** Rows with a value (not NaN). */
    public long rows() {
        return rows;
    }

    public long missing() {
        return missing;
    }

    /** Whether the column had more than {@value #MAX_DISTINCT} distinct values, so that none are kept. */
    public boolean overflowed() {
        return overflowed;
    }

    /** The distinct values, ascending; only when not {@link #overflowed}. */
    public double[] distinct() {
        if (overflowed) throw new IllegalStateException("more than " + MAX_DISTINCT + " distinct values were not kept");
        return values.clone();
    }

    /** numpy's linear quantile of the values ({@link Bootstrap#quantile} over them sorted), read from the counts. */
    public double quantile(double q) {
        if (overflowed || rows == 0) throw new IllegalStateException("no values kept to take a quantile of");
        double pos = q * (rows - 1);
        long lo = (long) Math.floor(pos);
        long hi = Math.min(lo + 1, rows - 1);
        double a = at(lo), b = at(hi);
        return a + (b - a) * (pos - lo);
    }

    /** The value at 0-based position {@code index} of the sorted column. */
    private double at(long index) {
        long seen = 0;
        for (int k = 0; k < values.length; k++) {
            seen += counts[k];
            if (index < seen) return values[k];
        }
        throw new IndexOutOfBoundsException(index);
    }
}
