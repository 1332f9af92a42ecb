package dev.lucent.network.data;

import dev.lucent.network.api.data.DataFormatException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a UTF-8 text file with exact 1-based line numbers and a hard bound on line length: bytes are
 * split at '\n' before decoding (a '\n' byte never occurs inside a UTF-8 sequence), so a huge line is
 * refused after {@code maxLineBytes} bytes and never held whole, and a decoding error is pinned to its line.
 */
final class TextLines {
    private final InputFile file;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int pos, end;
    private boolean eof;
    private byte[] line = new byte[256];
    private long lineNumber;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    TextLines(InputFile file, int maxLineBytes) {
        this.file = file;
        this.maxLineBytes = maxLineBytes;
    }

    /** Line number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator ('\n' or "\r\n"), or null at the end of the file. */
    String next() throws DataFormatException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (pos == end) {
                if (eof) break;
                int n = file.read(chunk, 0, chunk.length);
                if (n < 0) {
                    eof = true;
                    break;
                }
                pos = 0;
                end = n;
            }
            any = true;
            int start = pos;
            while (pos < end && chunk[pos] != '\n') pos++;
            int take = pos - start;
            if (len + take > maxLineBytes)
                throw DataFormatException.ofLine(file.name, lineNumber + 1, "line is longer than " + maxLineBytes
                        + " bytes (LoadLimits.maxLineBytes); is this a text data file?");
            if (len + take > line.length) line = java.util.Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(len + take, line.length * 2)));
            System.arraycopy(chunk, start, line, len, take);
            len += take;
            if (pos < end) { // found '\n'
                pos++;
                break;
            }
        }
        if (!any) return null;
        lineNumber++;
        if (len > 0 && line[len - 1] == '\r') len--;
        int from = 0;
        if (lineNumber == 1 && len >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF)
            from = 3; // UTF-8 byte order mark
        boolean ascii = true;
        for (int i = from; i < len; i++) {
            byte b = line[i];
            if (b == 0)
                throw DataFormatException.ofLine(file.name, lineNumber, "binary content (a NUL byte at byte " + (i + 1)
                        + " of the line); this is not a text data file");
            if (b < 0) ascii = false;
        }
        if (ascii) return new String(line, from, len - from, StandardCharsets.ISO_8859_1);
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(line, from, len - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw DataFormatException.ofLine(file.name, lineNumber, "not valid UTF-8 text (binary content or another encoding); "
                    + "save the file as UTF-8");
        }
    }
}
