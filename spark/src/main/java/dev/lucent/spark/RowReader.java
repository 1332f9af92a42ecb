package dev.lucent.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Reads one row of the data as Spark gives it: the feature columns as numbers, the label as a class index. Anything
 * else is a {@link MalformedRowException} naming the file and row.
 *
 * @param features  positions of the feature columns in the row
 * @param label     position of the label column, or -1 (current data without labels: {@link #read} gives -1)
 * @param malformed position of the column where Spark's CSV reader puts a line it could not parse, or -1
 * @param file      position of the column naming the row's file
 * @param classes   the class names; a label is one of them, or a whole number below their count; none for a
 *                  regression model, whose label is a real-valued target ({@link #target})
 * @param lineOffset for a single CSV file with a header, row id + 2 is its line; -1 otherwise
 */
record RowReader(int[] features, int label, int malformed, int file, List<String> classes, long lineOffset) implements Serializable {

    /** A regression model's rows: the label is a number to predict, as the single-machine runner reads it. */
    boolean regression() {
        return classes.isEmpty();
    }

    /** Reads row {@code id}'s features into {@code x} at {@code offset} and returns its class index (-1 for regression). */
    int read(Row row, long id, float[] x, int offset) {
        if (malformed >= 0 && !row.isNullAt(malformed))
            throw bad(row, id, "Spark's CSV reader could not read the line as " + (features.length + 1) + " columns of numbers and a label: "
                    + shorten(row.getString(malformed)));
        for (int j = 0; j < features.length; j++) {
            int c = features[j];
            if (row.isNullAt(c)) throw bad(row, id, "column '" + row.schema().fields()[c].name() + "' has no value");
            x[offset + j] = (float) row.getDouble(c);
        }
        if (label < 0) return -1;
        if (row.isNullAt(label)) throw bad(row, id, "the label column '" + row.schema().fields()[label].name() + "' has no value");
        return regression() ? -1 : classIndex(row, id, row.getString(label).trim());
    }

    /** Row {@code id}'s real-valued target (regression); {@link #read} has checked it is there. */
    float target(Row row, long id) {
        String value = row.getString(label).trim();
        try {
            float t = Float.parseFloat(value);
            if (Float.isFinite(t)) return t;
        } catch (NumberFormatException e) {
            // named below
        }
        throw bad(row, id, "the target '" + shorten(value) + "' is not a finite number");
    }

    private int classIndex(Row row, long id, String value) {
        int named = classes.indexOf(value);
        if (named >= 0) return named;
        try {
            double d = Double.parseDouble(value);
            if (d == Math.rint(d) && d >= 0 && d < classes.size()) return (int) d;
        } catch (NumberFormatException e) {
            // named below
        }
        throw bad(row, id, "the label '" + shorten(value) + "' is not one of the classes " + classes + " nor a class index 0.." + (classes.size() - 1));
    }

    private MalformedRowException bad(Row row, long id, String problem) {
        String name = file >= 0 && !row.isNullAt(file) ? row.getString(file) : "the data";
        return new MalformedRowException(name + (lineOffset >= 0 ? ", line " + (id + lineOffset) : ""), id, problem);
    }

    private static String shorten(String s) {
        String one = s.replaceAll("[\\r\\n]+", " ");
        return one.length() > 120 ? one.substring(0, 120) + "..." : one;
    }
}
