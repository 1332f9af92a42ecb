package dev.lucent.spark;

import dev.lucent.explain.api.partition.ExactSum;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * One attribution method's values over some rows, as a summary that merges exactly: per feature the sum of
 * |attribution| and of its square (exact sums, so the mean and its interval read the same bits for any split of the
 * rows), and the signed values of the rows with the smallest ids, which the report shows row by row.
 */
final class AttributionSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A kept row: its signed values, its target and the method's note for it. */
    record Kept(float[] values, float[] inputs, int target, String note) implements Serializable {
    }

    private final int shown;
    private long rows;
    private ExactSum[] abs;
    private ExactSum[] squares;
    private final TreeMap<Long, Kept> kept = new TreeMap<>();
    private String note;

    AttributionSummary(int shown) {
        this.shown = shown;
    }

    /** Adds the values of {@code ids.length} rows, row-major. */
    void add(long[] ids, float[] values, float[] inputs, int[] targets, String[] rowNotes, String note) {
        int n = ids.length;
        if (n == 0) return;
        int perRow = values.length / n, m = inputs.length / n;
        if (abs == null) {
            abs = new ExactSum[perRow];
            squares = new ExactSum[perRow];
            for (int j = 0; j < perRow; j++) {
                abs[j] = new ExactSum();
                squares[j] = new ExactSum();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < perRow; j++) {
                double a = Math.abs((double) values[i * perRow + j]);
                abs[j].add(a);
                squares[j].add(a * a);
            }
            keep(ids[i], new Kept(java.util.Arrays.copyOfRange(values, i * perRow, (i + 1) * perRow),
                    java.util.Arrays.copyOfRange(inputs, i * m, (i + 1) * m), targets[i], rowNotes == null ? note : rowNotes[i]));
        }
        rows += n;
        this.note = note;
    }

    private void keep(long id, Kept row) {
        if (shown == 0) return;
        kept.put(id, row);
        if (kept.size() > shown) kept.pollLastEntry();
    }

    /** Both summaries as one; the same result in any order. */
    AttributionSummary merge(AttributionSummary other) {
        if (other.rows == 0) return this;
        if (rows == 0) return other;
        for (int j = 0; j < abs.length; j++) {
            abs[j].merge(other.abs[j]);
            squares[j].merge(other.squares[j]);
        }
        rows += other.rows;
        for (Map.Entry<Long, Kept> e : other.kept.entrySet()) keep(e.getKey(), e.getValue());
        // notes name the settings, the same in every partition; the smallest text wins so the order does not matter
        if (other.note != null && (note == null || other.note.compareTo(note) < 0)) note = other.note;
        return this;
    }

    long rows() {
        return rows;
    }

    String note() {
        return note;
    }

    Map<Long, Kept> kept() {
        return kept;
    }

    /** Mean |attribution| per feature. */
    double[] means() {
        double[] mean = new double[abs.length];
        for (int j = 0; j < mean.length; j++) mean[j] = abs[j].value() / rows;
        return mean;
    }

    /** Half-width of the 95% t-interval of each mean (NaN for fewer than two rows), from the exact sums. */
    double[] halfWidths() {
        double[] ci = new double[abs.length];
        for (int j = 0; j < ci.length; j++) {
            if (rows < 2) {
                ci[j] = Double.NaN;
                continue;
            }
            double s = abs[j].value(), q = squares[j].value();
            double variance = Math.max(0, (q - s * s / rows) / (rows - 1));
            ci[j] = dev.lucent.explain.api.attribution.Intervals.t975((int) Math.min(Integer.MAX_VALUE, rows - 1))
                    * Math.sqrt(variance) / Math.sqrt(rows);
        }
        return ci;
    }
}
