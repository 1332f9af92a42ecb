package dev.lucent.network.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one SHA-256 helper against the FIPS 180-2 test vectors (an oracle outside the code). */
class Sha256Test {
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String TWO_BLOCKS = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
    private static final String AAAAAH = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

    @Test
    void bytesStringsAndFilesHashToTheStandardsVectors(@TempDir Path dir) throws Exception {
        assertEquals(ABC, Sha256.hex("abc"));
        assertEquals(TWO_BLOCKS, Sha256.hex(AAAAAH.getBytes(StandardCharsets.US_ASCII)));
        byte[] padded = (AAAAAH + "trailing bytes not hashed").getBytes(StandardCharsets.US_ASCII);
        assertEquals(TWO_BLOCKS, java.util.HexFormat.of().formatHex(Sha256.of(padded, AAAAAH.length())));
        // a file larger than one read buffer
        byte[] big = new byte[(1 << 16) * 3 + 17];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        Path f = Files.write(dir.resolve("big.bin"), big);
        assertEquals(Sha256.hex(big), Sha256.hex(f));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
    }
}
