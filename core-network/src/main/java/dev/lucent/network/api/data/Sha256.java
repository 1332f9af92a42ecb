package dev.lucent.network.api.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 through the JDK's MessageDigest, in lower-case hex: the one helper every bundle uses (data and model files,
 * reports, uploads, plugins, the journal, the worker's handover), so a hash is computed and spelt one way.
 */
public final class Sha256 {
    private Sha256() {
    }

    /** A fresh digest, for hashing bytes as they stream past. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
    }

    /** The digest of the first {@code length} bytes. */
    public static byte[] of(byte[] data, int length) {
        MessageDigest d = digest();
        d.update(data, 0, length);
        return d.digest();
    }

    /** A finished digest's bytes in lower-case hex. */
    public static String hexOf(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(of(data, data.length));
    }

    /** Of the string's UTF-8 bytes. */
    public static String hex(String s) {
        return hex(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Of the file's bytes, read once in chunks. */
    public static String hex(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return hexOf(d);
    }
}
