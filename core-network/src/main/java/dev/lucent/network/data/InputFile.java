package dev.lucent.network.data;

import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Sha256;
import dev.lucent.network.api.data.SourceFile;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A data file opened for reading: transparently gunzipped when it starts with the gzip magic (whatever its
 * name), hashed with SHA-256 over its stored bytes, and bounded in how many bytes it may yield.
 */
final class InputFile implements Closeable {
    final String name;
    private final InputStream raw;
    private final DigestInputStream digest;
    private final InputStream in;
    private final long maxBytes;
    private final boolean gzip;
    private long consumed;

    InputFile(Path path, long maxBytes) throws DataFormatException {
        this.name = path.toString();
        this.maxBytes = maxBytes;
        try {
            if (Files.isDirectory(path)) throw DataFormatException.ofFile(name, "is a directory, not a data file");
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw DataFormatException.ofFile(name, "no such file");
        } catch (IOException e) {
            throw DataFormatException.ofFile(name, "cannot be opened: " + e.getMessage());
        }
        digest = new DigestInputStream(raw, Sha256.digest());
        BufferedInputStream buffered = new BufferedInputStream(digest, 1 << 16);
        try {
            buffered.mark(2);
            int b0 = buffered.read(), b1 = buffered.read();
            buffered.reset();
            gzip = b0 == 0x1f && b1 == 0x8b;
            in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        } catch (IOException e) {
            closeQuietly();
            throw DataFormatException.ofFile(name, "is not a readable gzip file: " + e.getMessage());
        }
    }

    /** Reads up to {@code len} bytes; -1 at the end. Enforces the byte limit and reports corrupt gzip data. */
    int read(byte[] buf, int off, int len) throws DataFormatException {
        int n;
        try {
            n = in.read(buf, off, len);
        } catch (ZipException e) {
            throw DataFormatException.ofByte(name, consumed, "corrupt gzip data: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw DataFormatException.ofByte(name, consumed, "truncated gzip data (the compressed file ends early)");
        } catch (IOException e) {
            throw DataFormatException.ofByte(name, consumed, "read error: " + e.getMessage());
        }
        if (n > 0) {
            consumed += n;
            if (consumed > maxBytes)
                throw DataFormatException.ofByte(name, maxBytes, "more than " + maxBytes
                        + " bytes of data (LoadLimits.maxInputBytes)" + (gzip ? " after decompression" : ""));
        }
        return n;
    }

    /** Bytes yielded so far (decompressed). */
    long consumed() {
        return consumed;
    }

    /** Hashes the rest of the stored file (trailing bytes a gzip reader ignores included) and describes it. */
    SourceFile finish() throws DataFormatException {
        try {
            byte[] skip = new byte[1 << 16];
            while (digest.read(skip) >= 0) {
                // drain: the hash covers the file as stored
            }
            long size = 0;
            try {
                size = Files.size(Path.of(name));
            } catch (IOException | RuntimeException ignored) {
                // size is informative only
            }
            return new SourceFile(name, Sha256.hexOf(digest.getMessageDigest()), size);
        } catch (IOException e) {
            throw DataFormatException.ofFile(name, "read error: " + e.getMessage());
        }
    }

    private void closeQuietly() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // nothing was read
        }
    }

    @Override
    public void close() {
        try {
            if (in != null) in.close();
        } catch (IOException ignored) {
            // closing a read-only stream cannot lose data
        }
        closeQuietly();
    }
}
