package dev.lucent.audit.web.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2WithHmacSHA256 password hashes with a per-user random salt. 210,000 iterations is OWASP's 2023
 * floor for this function; the count is stored with each hash so it can be raised later.
 */
public final class PasswordHasher {

    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    public static final int ITERATIONS = 210_000;
    static final int SALT_BYTES = 16;
    static final int KEY_BITS = 256;

    /** A stored hash: iteration count, salt and derived key. */
    public record Hash(int iterations, byte[] salt, byte[] key) {
        public Hash {
            if (iterations < 1) throw new IllegalArgumentException("iterations must be positive");
            salt = salt.clone();
            key = key.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }
    }

    private final SecureRandom random;

    public PasswordHasher(SecureRandom random) {
        this.random = random;
    }

    public Hash hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new Hash(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    /** Constant-time comparison of the derived keys. */
    public static boolean matches(char[] password, Hash stored) {
        byte[] key = derive(password, stored.salt, stored.iterations);
        return MessageDigest.isEqual(key, stored.key);
    }

    static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A random password of {@code length} characters from an alphabet without look-alikes (0/O, 1/l/I). */
    public String generatePassword(int length) {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        char[] out = new char[length];
        for (int i = 0; i < length; i++) out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        String s = new String(out);
        Arrays.fill(out, '\0');
        return s;
    }
}
