package dev.lucent.audit.web.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void derivationMatchesTheRfc7914Vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1 (first 32 of the 64 bytes)
        byte[] key = PasswordHasher.derive("passwd".toCharArray(), "salt".getBytes(StandardCharsets.US_ASCII), 1);
        assertArrayEquals(HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"), key);
    }

    @Test
    void hashesAreSaltedSlowAndVerify() {
        PasswordHasher h = new PasswordHasher(new SecureRandom());
        PasswordHasher.Hash a = h.hash("correct horse".toCharArray());
        PasswordHasher.Hash b = h.hash("correct horse".toCharArray());
        assertTrue(a.iterations() >= 210_000);
        assertEquals(16, a.salt().length);
        assertNotEquals(HexFormat.of().formatHex(a.salt()), HexFormat.of().formatHex(b.salt()), "a salt per hash");
        assertNotEquals(HexFormat.of().formatHex(a.key()), HexFormat.of().formatHex(b.key()));
        assertTrue(PasswordHasher.matches("correct horse".toCharArray(), a));
        assertFalse(PasswordHasher.matches("correct horsf".toCharArray(), a));
        assertFalse(PasswordHasher.matches("".toCharArray(), a));
    }

    @Test
    void generatedPasswordsUseTheUnambiguousAlphabet() {
        String p = new PasswordHasher(new SecureRandom()).generatePassword(400);
        assertEquals(400, p.length());
        assertTrue(p.matches("[a-km-zA-HJ-NP-Z2-9]+"), p);
    }
}
