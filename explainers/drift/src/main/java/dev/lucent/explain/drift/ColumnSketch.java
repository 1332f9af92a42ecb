package dev.lucent.explain.drift;

import dev.lucent.explain.api.partition.ExactSum;
import dev.lucent.explain.support.Seeds;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The first pass of a drift comparison over the columns of two data sets (reference and current), a summary that
 * merges exactly: per column its distinct values over both sides while there are at most {@link #cap} of them (then
 * none: too many to keep), whether every value is whole, its smallest and largest value, the reference's exact sum;
 * and the reference rows with the smallest seeded hashes of their ids, whose values place the bins of a column with
 * too many distinct values. Everything here is a set, a count, an extreme or an exact sum, so any split of the rows and
 * any order of merging give the same sketch.
 */
final class ColumnSketch implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Reference rows kept to place the bins of a column whose distinct values do not fit. */
    static final int SAMPLE_ROWS = 2048;

    final int cap;
    final double[][] distinct;
    final boolean[] whole;
    final double[] min, max;
    final ExactSum[] referenceSum;
    long referenceRows, currentRows;
    private long[] sampleKeys = new long[0], sampleIds = new long[0];
    private double[][] sampleRows = new double[0][];

    /** Distinct values kept per column: at least {@code atLeast}, else as many as 2^21 values over all columns allow. */
    ColumnSketch(int columns, int atLeast) {
        this.cap = Math.max(atLeast, Math.max(64, Math.min(4096, (1 << 21) / Math.max(1, columns))));
        distinct = new double[columns][0];
        whole = new boolean[columns];
        Arrays.fill(whole, true);
        min = new double[columns];
        max = new double[columns];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        referenceSum = new ExactSum[columns];
        for (int j = 0; j < columns; j++) referenceSum[j] = new ExactSum();
    }

    int columns() {
        return distinct.length;
    }

    /** Adds rows given by column ({@code values[j][i]}, row i's id {@code ids[i]}) of the reference or the current data. */
    ColumnSketch add(double[][] values, long[] ids, boolean current, long seed) {
        int n = ids.length;
        for (int j = 0; j < columns(); j++) {
            double[] v = values[j];
            for (double x : v) {
                whole[j] &= x == Math.rint(x);
                min[j] = Math.min(min[j], x + 0.0);
                max[j] = Math.max(max[j], x + 0.0);
                if (!current) referenceSum[j].add(x);
            }
            if (distinct[j] != null) distinct[j] = union(distinct[j], TwoSample.Histogram.of(v, new double[0]).edges());
        }
        if (current) {
            currentRows += n;
            return this;
        }
        referenceRows += n;
        ColumnSketch block = new ColumnSketch(columns(), cap);
        block.sampleKeys = new long[n];
        block.sampleIds = ids.clone();
        block.sampleRows = new double[n][columns()];
        for (int i = 0; i < n; i++) {
            block.sampleKeys[i] = Seeds.mix(Seeds.derive(seed, "drift-bins") ^ Seeds.mix(ids[i]));
            for (int j = 0; j < columns(); j++) block.sampleRows[i][j] = values[j][i];
        }
        keepSample(block);
        return this;
    }

    /** Both as one; neither is used afterwards. */
    ColumnSketch merge(ColumnSketch o) {
        for (int j = 0; j < columns(); j++) {
            whole[j] &= o.whole[j];
            min[j] = Math.min(min[j], o.min[j]);
            max[j] = Math.max(max[j], o.max[j]);
            referenceSum[j].merge(o.referenceSum[j]);
            distinct[j] = distinct[j] == null || o.distinct[j] == null ? null : union(distinct[j], o.distinct[j]);
        }
        referenceRows += o.referenceRows;
        currentRows += o.currentRows;
        keepSample(o);
        return this;
    }

    /** The sorted union, or null when it holds more than {@link #cap} values (so does every union containing it). */
    private double[] union(double[] a, double[] b) {
        double[] u = new double[a.length + b.length];
        int i = 0, j = 0, k = 0;
        while (i < a.length || j < b.length) {
            double x = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
            if (k == 0 || u[k - 1] != x) u[k++] = x;
            if (k > cap) return null;
        }
        return Arrays.copyOf(u, k);
    }

    /** Keeps the {@link #SAMPLE_ROWS} reference rows with the smallest (hash, id) of this sketch's and {@code o}'s. */
    private void keepSample(ColumnSketch o) {
        int a = sampleIds.length, n = a + o.sampleIds.length;
        long[] keys = new long[n], ids = new long[n];
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = i < a ? sampleKeys[i] : o.sampleKeys[i - a];
            ids[i] = i < a ? sampleIds[i] : o.sampleIds[i - a];
            rows[i] = i < a ? sampleRows[i] : o.sampleRows[i - a];
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> keys[i]).thenComparingLong(i -> ids[i]))
                .limit(SAMPLE_ROWS).mapToInt(Integer::intValue).toArray();
        sampleKeys = new long[order.length];
        sampleIds = new long[order.length];
        sampleRows = new double[order.length][];
        for (int k = 0; k < order.length; k++) {
            sampleKeys[k] = keys[order[k]];
            sampleIds[k] = ids[order[k]];
            sampleRows[k] = rows[order[k]];
        }
    }

    /**
     * The bins of column {@code j}: one per distinct value when they fit (nothing lost: the tests are the exact
     * ones), else the distinct values of the kept reference rows with the column's smallest and largest value.
     */
    double[] edges(int j) {
        if (distinct[j] != null) return distinct[j];
        double[] s = new double[sampleRows.length + 2];
        for (int i = 0; i < sampleRows.length; i++) s[i] = sampleRows[i][j];
        s[sampleRows.length] = min[j];
        s[sampleRows.length + 1] = max[j];
        return TwoSample.Histogram.of(s, new double[0]).edges();
    }

    /** Whether column {@code j} is categorical: at most {@code maxCategories} distinct values, all whole. */
    boolean categorical(int j, int maxCategories) {
        return whole[j] && distinct[j] != null && distinct[j].length <= maxCategories;
    }

    double referenceMean(int j) {
        return referenceSum[j].value() / referenceRows;
    }
}
