package dev.lucent.audit.web.upload;

import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Datasets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A first look at an uploaded CSV before anyone audits with it: the columns with their inferred type and
 * range, the first rows, and checks that name the line of a problem (ragged rows, text in a numeric column,
 * missing values, duplicate or empty column names, constant columns).
 */
public final class CsvPreview {

    /** One column as the preview shows it. */
    public record Column(String name, String type, long missing, String range, long distinct) {
    }

    /** A finding about the file; {@code level} is "fail" or "warn". */
    public record Check(String level, String message) {
    }

    /** The preview: header, first rows, columns, checks and the row count. */
    public record Preview(List<String> header, List<List<String>> firstRows, List<Column> columns, List<Check> checks,
                          long rows, String label, List<String> classes) {
    }

    static final int SHOWN_ROWS = 8;
    static final int DISTINCT_CAP = 64;
    static final int MAX_CHECKS_PER_KIND = 5;

    private CsvPreview() {
    }

    /**
     * The preview of a stored CSV, {@code shownName} standing for its path in messages. The file is also read the way an
     * audit reads it (core's reader, the audit's options, the last column as the label, as the form assumes), and what
     * that reader refuses comes first among the checks, in its own words: the preview never passes a file the audit
     * refuses.
     */
    public static Preview of(Path csv, String shownName) throws IOException {
        Preview p;
        try (Reader r = new InputStreamReader(Files.newInputStream(csv), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            p = of(new BufferedReader(r, 1 << 16));
        } catch (CharacterCodingException e) {
            p = new Preview(List.of(), List.of(), List.of(), List.of(new Check("fail", "the file is not UTF-8 text")), 0, null, List.of());
        }
        String refused = auditRefusal(csv, p.label());
        if (refused == null) return p;
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("fail", refused.replace(csv.toString(), shownName)));
        checks.addAll(p.checks());
        return new Preview(p.header(), p.firstRows(), p.columns(), List.copyOf(checks), p.rows(), p.label(), p.classes());
    }

    /** Why an audit with {@code label} as the label column would refuse the file, or null when it reads it. */
    static String auditRefusal(Path csv, String label) {
        try {
            Datasets.readCsv(csv, AuditInputs.csvOptions(label));
            return null;
        } catch (DataFormatException e) {
            return AuditInputs.oneLine(e.getMessage());
        }
    }

    public static Preview of(BufferedReader in) throws IOException {
        CsvRecords records = new CsvRecords(in);
        List<Check> checks = new ArrayList<>();
        List<String> header = records.next();
        if (header == null) return new Preview(List.of(), List.of(), List.of(), List.of(new Check("fail", "the file is empty")), 0, null, List.of());
        int n = header.size();
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < n; c++) {
            String h = header.get(c);
            if (h.isBlank()) checks.add(new Check("fail", "column " + (c + 1) + " has no name"));
            else if (!seen.add(h)) checks.add(new Check("fail", "the column name '" + h + "' appears twice"));
        }
        long[] numeric = new long[n], missing = new long[n], text = new long[n];
        double[] min = new double[n], max = new double[n];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        List<Set<String>> distinct = new ArrayList<>();
        for (int c = 0; c < n; c++) distinct.add(new LinkedHashSet<>());
        long[] firstTextLine = new long[n];
        List<List<String>> first = new ArrayList<>();
        long rows = 0;
        int ragged = 0;
        List<String> row;
        while ((row = records.next()) != null) {
            if (row.size() == 1 && row.get(0).isEmpty()) continue; // blank line
            rows++;
            if (first.size() < SHOWN_ROWS) first.add(row);
            if (row.size() != n) {
                if (ragged++ < MAX_CHECKS_PER_KIND)
                    checks.add(new Check("fail", "line " + records.line() + " has " + row.size() + " fields; the header has " + n));
                continue;
            }
            for (int c = 0; c < n; c++) {
                String v = row.get(c).strip();
                if (v.isEmpty() || v.equalsIgnoreCase("na") || v.equalsIgnoreCase("nan") || v.equals("?")) {
                    missing[c]++;
                    continue;
                }
                Set<String> d = distinct.get(c);
                if (d.size() <= DISTINCT_CAP) d.add(v);
                try {
                    double x = Double.parseDouble(v);
                    if (Double.isInfinite(x)) throw new NumberFormatException();
                    numeric[c]++;
                    min[c] = Math.min(min[c], x);
                    max[c] = Math.max(max[c], x);
                } catch (NumberFormatException e) {
                    if (text[c]++ == 0) firstTextLine[c] = records.line();
                }
            }
        }
        if (ragged > MAX_CHECKS_PER_KIND) checks.add(new Check("fail", (ragged - MAX_CHECKS_PER_KIND) + " more rows have the wrong number of fields"));
        if (rows == 0) checks.add(new Check("fail", "the file has a header but no rows"));
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            String type = text[c] == 0 ? "number" : numeric[c] == 0 ? "text" : "mixed";
            long dCount = distinct.get(c).size();
            String range = numeric[c] > 0 ? fmt(min[c]) + " to " + fmt(max[c]) : dCount > DISTINCT_CAP ? "many values" : dCount + " values";
            columns.add(new Column(header.get(c), type, missing[c], range, dCount));
            if (type.equals("mixed"))
                checks.add(new Check("fail", "column '" + header.get(c) + "' holds numbers and text (first text on line " + firstTextLine[c] + ")"));
            if (missing[c] > 0) checks.add(new Check("warn", "column '" + header.get(c) + "' has " + missing[c] + " missing values"));
            if (rows > 1 && dCount == 1 && missing[c] == 0) checks.add(new Check("warn", "column '" + header.get(c) + "' is constant"));
        }
        // the last column is taken as the label unless the audit form says otherwise
        String label = n > 0 ? header.get(n - 1) : null;
        // classes or a number to predict, by the rule train uses when no task is given (DataFiles)
        List<String> values = n > 0 ? new ArrayList<>(distinct.get(n - 1)) : List.of();
        List<String> classes = n > 0 && values.size() <= DISTINCT_CAP && dev.lucent.audit.data.DataFiles.regressionReason(values) == null
                ? values : List.of();
        if (classes.size() == 1) checks.add(new Check("warn", "the label column '" + label + "' has a single class"));
        return new Preview(List.copyOf(header), List.copyOf(first), List.copyOf(columns), List.copyOf(checks), rows, label,
                classes.stream().sorted().toList());
    }

    private static String fmt(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return new java.math.BigDecimal(x).round(new java.math.MathContext(4)).stripTrailingZeros().toString();
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class CsvRecords {
        private final BufferedReader in;
        private long line;
        private long nextLine = 1;

        CsvRecords(BufferedReader in) {
            this.in = in;
        }

        /** The line the last record started on (1-based). */
        long line() {
            return line;
        }

        List<String> next() throws IOException {
            int ch = in.read();
            if (ch < 0) return null;
            line = nextLine;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false, wasQuoted = false;
            while (true) {
                if (ch < 0) {
                    fields.add(f.toString());
                    return fields;
                }
                char c = (char) ch;
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        int n = in.read();
                        if (n == '"') f.append('"');
                        else {
                            quoted = false;
                            if (n >= 0) in.reset();
                        }
                    } else {
                        if (c == '\n') nextLine++;
                        f.append(c);
                    }
                } else if (c == '"' && f.length() == 0 && !wasQuoted) {
                    quoted = wasQuoted = true;
                } else if (c == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') in.reset();
                    }
                    nextLine++;
                    fields.add(f.toString());
                    return fields;
                } else {
                    f.append(c);
                }
                ch = in.read();
            }
        }
    }
}
