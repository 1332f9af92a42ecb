package dev.lucent.network.api.data;

import java.util.Optional;

/**
 * A data file could not be loaded. The message names the file, the place (line and column, or byte
 * offset for binary formats) and the problem, in words a user can act on, e.g.
 * {@code breast.csv, line 12, column 3 "mean perimeter": "12,5" is not a number}.
 *
 * <p>Lines and columns are 1-based as a text editor shows them; 0 means "not applicable".
 */
public final class DataFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final int column;
    private final String columnName;
    private final long byteOffset;
    private final String problem;

    public DataFormatException(String file, long line, int column, String columnName, long byteOffset, String problem) {
        super(format(file, line, column, columnName, byteOffset, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.columnName = columnName;
        this.byteOffset = byteOffset;
        this.problem = problem;
    }

    /** A problem with the file as a whole (empty file, unknown label column, too few rows to stratify). */
    public static DataFormatException ofFile(String file, String problem) {
        return new DataFormatException(file, 0, 0, null, -1, problem);
    }

    /** A problem on one line, not tied to a column (wrong column count, line too long). */
    public static DataFormatException ofLine(String file, long line, String problem) {
        return new DataFormatException(file, line, 0, null, -1, problem);
    }

    /** A problem in one cell. */
    public static DataFormatException ofCell(String file, long line, int column, String columnName, String problem) {
        return new DataFormatException(file, line, column, columnName, -1, problem);
    }

    /** A problem at a byte offset of a binary file (IDX). */
    public static DataFormatException ofByte(String file, long byteOffset, String problem) {
        return new DataFormatException(file, 0, 0, null, byteOffset, problem);
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is not on one line. */
    public long line() {
        return line;
    }

    /** 1-based column as it appears in the file (label column included), or 0. */
    public int column() {
        return column;
    }

    public Optional<String> columnName() {
        return Optional.ofNullable(columnName);
    }

    /** Byte offset in a binary file (of the decompressed stream for .gz), or -1. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The problem alone, without the location. */
    public String problem() {
        return problem;
    }

    private static String format(String file, long line, int column, String columnName, long byteOffset, String problem) {
        StringBuilder sb = new StringBuilder(file == null ? "<input>" : file);
        if (line > 0) sb.append(", line ").append(line);
        if (column > 0) {
            sb.append(", column ").append(column);
            if (columnName != null) sb.append(" ").append(quote(columnName));
        }
        if (byteOffset >= 0) sb.append(", byte ").append(byteOffset);
        return sb.append(": ").append(problem).toString();
    }

    /**
     * A value or name as it may appear in a message: quoted, control characters escaped, cut to
     * 60 characters, so hostile or binary content cannot flood or garble a log line.
     */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 64) + 8).append('"');
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
            else if (c == '"') sb.append("\\\"");
            else sb.append(c);
        }
        if (s.length() > n) sb.append("...");
        return sb.append('"').toString();
    }
}
