package dev.lucent.audit.journal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The raw lines of a journal file with their byte offsets. A last line without its newline is not
 * returned as a line: it is a torn write, reported by {@link #tornOffset()}. Lines longer than the
 * entry limit are reported too, without being held whole.
 */
final class JournalLines implements Closeable {
    private final InputStream in;
    private final int maxLineBytes;
    private long offset;
    private long lineStart;
    private long tornOffset = -1;
    private long tornLength;
    private boolean tooLong;

    JournalLines(Path file, int maxLineBytes) throws IOException {
        InputStream s;
        try {
            s = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            s = InputStream.nullInputStream();
        }
        this.in = s;
        this.maxLineBytes = maxLineBytes;
    }

    /** The lines of {@code in}, whose first byte is at {@code startOffset} of the file (offsets stay file offsets). */
    JournalLines(InputStream in, long startOffset, int maxLineBytes) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.maxLineBytes = maxLineBytes;
        this.offset = startOffset;
        this.lineStart = startOffset;
    }

    /** Offset just past the last complete line returned: where the next scan starts. */
    long end() {
        return tornOffset >= 0 || tooLong ? lineStart : offset;
    }

    /** The next complete line (newline excluded), or null at the end or at a torn/over-long line. */
    byte[] next() throws IOException {
        lineStart = offset;
        byte[] buf = new byte[256];
        int len = 0;
        int b;
        while ((b = in.read()) >= 0) {
            offset++;
            if (b == '\n') return java.util.Arrays.copyOf(buf, len);
            if (len == maxLineBytes) {
                tooLong = true;
                return null;
            }
            if (len == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(maxLineBytes, len * 2));
            buf[len++] = (byte) b;
        }
        if (len > 0) {
            tornOffset = lineStart;
            tornLength = len;
        }
        return null;
    }

    /** Offset of the line last returned (or of the torn / over-long one). */
    long lineStart() {
        return lineStart;
    }

    /** Byte offset where an incomplete last entry starts, or -1. */
    long tornOffset() {
        return tornOffset;
    }

    long tornLength() {
        return tornLength;
    }

    boolean tooLong() {
        return tooLong;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
