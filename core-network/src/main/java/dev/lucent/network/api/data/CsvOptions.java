package dev.lucent.network.api.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How to read a delimited text file into a {@link Dataset}. Start from {@link #label(String)},
 * {@link #labelLast()} or {@link #targetsFile(Path)} and adjust with the {@code with...} methods.
 *
 * @param separator    field separator; {@link Separator#AUTO} looks at the first line
 * @param header       what the first line is
 * @param labelName    the label (or regression target) column by name; null when chosen by position
 * @param labelPosition 1-based label column when chosen by position, -1 for the last column, 0 when by name
 *                     or when targets come from {@code targetsFile}
 * @param task         classification (labels) or regression (real targets)
 * @param missing      what to do with missing feature values ({@code ""}, {@code NA}, {@code ?})
 * @param columnNames names for all columns in file order, label column included, used instead of the header's
 *                     or the generated ones (so a label can be chosen by name in a file without a header);
 *                     null to keep those
 * @param classNames   fixed class names (e.g. a test file read with the training file's classes); null to
 *                     discover them. With fixed names a label must equal one of them.
 * @param sampleShape  shape of one sample, e.g. {@code {1, 8, 8}}; null for a flat vector
 * @param targetsFile  a separate file of regression targets, one per data row, in the same order; null if none
 * @param limits       memory and size bounds
 */
public record CsvOptions(Separator separator, Header header, String labelName, int labelPosition, Task task,
                         Missing missing, List<String> columnNames, List<String> classNames, int[] sampleShape,
                         Path targetsFile, LoadLimits limits) {

    /** The field separator. */
    public enum Separator {
        /**
         * Semicolon if the first line has one outside quoted fields, else comma, else tab, else whitespace (a quoted
         * name such as {@code "dose; mg"} does not count).
         */
        AUTO,
        COMMA,
        SEMICOLON,
        TAB,
        /** Runs of spaces and tabs; leading and trailing blanks are ignored. */
        WHITESPACE
    }

    /** What the first line of the file is. */
    public enum Header {
        /**
         * A scikit-learn count header ({@code 569,30,malignant,benign}) when the first two fields are
         * counts that fit the next line; column names when any field is not a number; else no header.
         */
        AUTO,
        /** Column names. */
        NAMES,
        /** No header: the first line is data; columns are named {@code column1, column2, ...}. */
        NONE,
        /**
         * scikit-learn's {@code rows,features,class0,class1,...}: the label is the last column and holds class
         * indices. Columns are named {@code column1, ...} and the label {@code target}, or by the label name
         * asked for; the shared breast cancer file (30 features, classes malignant and benign) gets its
         * feature names ({@code mean radius} ... {@code worst fractal dimension}).
         */
        SKLEARN_COUNTS
    }

    public enum Task {
        CLASSIFICATION,
        REGRESSION
    }

    /** Missing feature values: an error, or imputed with a statistic fitted on the training split only. */
    public enum Missing {
        ERROR,
        MEAN,
        MEDIAN
    }

    public CsvOptions {
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(limits, "limits");
        int ways = (labelName != null ? 1 : 0) + (labelPosition != 0 ? 1 : 0) + (targetsFile != null ? 1 : 0);
        if (ways != 1)
            throw new IllegalArgumentException("choose exactly one of a label column name, a label position or a targets file");
        if (labelPosition < -1) throw new IllegalArgumentException("labelPosition must be 1-based or -1 (last), got " + labelPosition);
        if (targetsFile != null && task != Task.REGRESSION)
            throw new IllegalArgumentException("a separate targets file is for regression");
        if (task == Task.REGRESSION && classNames != null)
            throw new IllegalArgumentException("class names are for classification");
        columnNames = columnNames == null ? null : List.copyOf(columnNames);
        classNames = classNames == null ? null : List.copyOf(classNames);
        if (sampleShape != null) {
            sampleShape = sampleShape.clone();
            for (int d : sampleShape)
                if (d <= 0) throw new IllegalArgumentException("sample shape needs positive dimensions: " + Arrays.toString(sampleShape));
        }
    }

    /** Classification with the label in the named column; header, separator detected; missing values are errors. */
    public static CsvOptions label(String columnName) {
        Objects.requireNonNull(columnName, "columnName");
        return new CsvOptions(Separator.AUTO, Header.AUTO, columnName, 0, Task.CLASSIFICATION, Missing.ERROR,
                null, null, null, null, LoadLimits.defaults());
    }

    /** Classification with the label in the last column. */
    public static CsvOptions labelLast() {
        return new CsvOptions(Separator.AUTO, Header.AUTO, null, -1, Task.CLASSIFICATION, Missing.ERROR,
                null, null, null, null, LoadLimits.defaults());
    }

    /** Classification with the label in the given 1-based column. */
    public static CsvOptions labelAt(int column) {
        if (column < 1) throw new IllegalArgumentException("columns are 1-based, got " + column);
        return new CsvOptions(Separator.AUTO, Header.AUTO, null, column, Task.CLASSIFICATION, Missing.ERROR,
                null, null, null, null, LoadLimits.defaults());
    }

    /** Regression: every column is a feature; targets are read from {@code file}, one value per line. */
    public static CsvOptions targetsFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new CsvOptions(Separator.AUTO, Header.AUTO, null, 0, Task.REGRESSION, Missing.ERROR,
                null, null, null, file, LoadLimits.defaults());
    }

    public CsvOptions withSeparator(Separator v) {
        return new CsvOptions(v, header, labelName, labelPosition, task, missing, columnNames, classNames, sampleShape, targetsFile, limits);
    }

    public CsvOptions withHeader(Header v) {
        return new CsvOptions(separator, v, labelName, labelPosition, task, missing, columnNames, classNames, sampleShape, targetsFile, limits);
    }

    /** Regression: the label column holds real targets. */
    public CsvOptions regression() {
        return new CsvOptions(separator, header, labelName, labelPosition, Task.REGRESSION, missing, columnNames, classNames, sampleShape, targetsFile, limits);
    }

    public CsvOptions withMissing(Missing v) {
        return new CsvOptions(separator, header, labelName, labelPosition, task, v, columnNames, classNames, sampleShape, targetsFile, limits);
    }

    public CsvOptions withColumnNames(List<String> v) {
        return new CsvOptions(separator, header, labelName, labelPosition, task, missing, v, classNames, sampleShape, targetsFile, limits);
    }

    public CsvOptions withClassNames(List<String> v) {
        return new CsvOptions(separator, header, labelName, labelPosition, task, missing, columnNames, v, sampleShape, targetsFile, limits);
    }

    public CsvOptions withSampleShape(int... v) {
        return new CsvOptions(separator, header, labelName, labelPosition, task, missing, columnNames, classNames, v, targetsFile, limits);
    }

    public CsvOptions withLimits(LoadLimits v) {
        return new CsvOptions(separator, header, labelName, labelPosition, task, missing, columnNames, classNames, sampleShape, targetsFile, v);
    }

    @Override
    public int[] sampleShape() {
        return sampleShape == null ? null : sampleShape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvOptions c && separator == c.separator && header == c.header
                && Objects.equals(labelName, c.labelName) && labelPosition == c.labelPosition && task == c.task
                && missing == c.missing && Objects.equals(columnNames, c.columnNames)
                && Objects.equals(classNames, c.classNames) && Arrays.equals(sampleShape, c.sampleShape)
                && Objects.equals(targetsFile, c.targetsFile) && limits.equals(c.limits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(separator, header, labelName, labelPosition, task, missing, columnNames, classNames,
                Arrays.hashCode(sampleShape), targetsFile, limits);
    }

    @Override
    public String toString() {
        return "CsvOptions[separator=" + separator + ", header=" + header + ", label="
                + (labelName != null ? labelName : targetsFile != null ? "targets file " + targetsFile : "position " + labelPosition)
                + ", task=" + task + ", missing=" + missing + ", sampleShape=" + Arrays.toString(sampleShape) + "]";
    }
}
