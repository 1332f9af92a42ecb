package dev.lucent.network.data;

import dev.lucent.network.api.data.CsvOptions.Separator;
import dev.lucent.network.api.data.DataFormatException;

import java.util.Arrays;

/**
 * Splits one line into fields. Comma, semicolon and tab fields are trimmed and may be quoted with
 * {@code "..."} ({@code ""} for a quote inside); a quoted field cannot span lines. Whitespace-separated
 * fields are runs of non-blank characters. Refuses more than {@code maxColumns} fields as soon as it sees
 * one too many, so a huge header costs no more than the line itself.
 */
final class Fields {
    private String[] fields = new String[16];
    private int count;
    private final int maxColumns;

    Fields(int maxColumns) {
        this.maxColumns = maxColumns;
    }

    int count() {
        return count;
    }

    String get(int i) {
        return fields[i];
    }

    String[] toArray() {
        return Arrays.copyOf(fields, count);
    }

    /**
     * Picks the separator from the first line: semicolon, else comma, else tab, else whitespace (see
     * {@link Separator#AUTO}), counting only characters outside quoted fields, so a quoted name holding a
     * semicolon ({@code "dose; mg",age}) does not make a comma-separated file semicolon-separated. A tab counts
     * as the separator unless a tab-separated field holds several space-separated numbers ("1  2\t3" is
     * whitespace-separated; "mean radius\tlabel" is tab-separated).
     */
    static Separator detect(String line) {
        String outside = unquoted(line);
        if (outside.indexOf(';') >= 0) return Separator.SEMICOLON;
        if (outside.indexOf(',') >= 0) return Separator.COMMA;
        if (outside.indexOf('\t') >= 0) {
            for (String field : line.split("\t")) {
                String[] words = field.strip().split(" +");
                if (words.length > 1 && java.util.Arrays.stream(words).allMatch(Numbers::isNumber)) return Separator.WHITESPACE;
            }
            return Separator.TAB;
        }
        return Separator.WHITESPACE;
    }

    /** The line with the text of quoted fields dropped (a doubled quote inside one toggles twice, so stays inside). */
    private static String unquoted(String line) {
        StringBuilder b = new StringBuilder(line.length());
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') quoted = !quoted;
            else if (!quoted) b.append(ch);
        }
        return b.toString();
    }

    void split(String line, Separator sep, String file, long lineNumber) throws DataFormatException {
        count = 0;
        if (sep == Separator.WHITESPACE) {
            int i = 0, n = line.length();
            while (true) {
                while (i < n && isBlank(line.charAt(i))) i++;
                if (i == n) return;
                int s = i;
                while (i < n && !isBlank(line.charAt(i))) i++;
                add(line.substring(s, i), file, lineNumber);
            }
        }
        char c = switch (sep) {
            case COMMA -> ',';
            case SEMICOLON -> ';';
            case TAB -> '\t';
            default -> throw new IllegalArgumentException("separator must be resolved before splitting: " + sep);
        };
        int i = 0, n = line.length();
        while (true) {
            while (i < n && line.charAt(i) != c && isBlank(line.charAt(i))) i++;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                int column = count + 1;
                i++;
                while (true) {
                    if (i >= n)
                        throw DataFormatException.ofCell(file, lineNumber, column, null,
                                "unterminated quoted field (a quoted field must end on the same line)");
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else break;
                    } else sb.append(ch);
                }
                while (i < n && line.charAt(i) != c && isBlank(line.charAt(i))) i++;
                if (i < n && line.charAt(i) != c)
                    throw DataFormatException.ofCell(file, lineNumber, column, null, "text after the closing quote");
                add(sb.toString(), file, lineNumber);
            } else {
                int s = i;
                while (i < n && line.charAt(i) != c) i++;
                add(line.substring(s, i).strip(), file, lineNumber);
            }
            if (i >= n) return;
            i++; // the separator: a field follows, even if empty
        }
    }

    private void add(String f, String file, long lineNumber) throws DataFormatException {
        if (count == maxColumns)
            throw DataFormatException.ofLine(file, lineNumber, "more than " + maxColumns + " columns (LoadLimits.maxColumns)");
        if (count == fields.length) fields = Arrays.copyOf(fields, Math.min(maxColumns, count * 2));
        fields[count++] = f;
    }

    private static boolean isBlank(char ch) {
        return ch == ' ' || ch == '\t';
    }
}
