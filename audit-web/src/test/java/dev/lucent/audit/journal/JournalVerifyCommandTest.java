package dev.lucent.audit.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static dev.lucent.audit.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalVerifyCommandTest {
    @TempDir
    Path data;

    final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    int run(String... args) {
        return new JournalVerifyCommand(data).run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validJournalExitsZero() throws Exception {
        fourEntries(data);
        assertEquals(0, run());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("journal valid: 4 entries"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tamperedJournalExitsOneNamingTheEntry() throws Exception {
        fourEntries(data);
        Path file = journalFile(data);
        byte[] b = Files.readAllBytes(file);
        int secondLine = new String(b, StandardCharsets.US_ASCII).indexOf('\n') + 1;
        b[secondLine + 40] ^= 1;
        Files.write(file, b);
        assertEquals(1, run("--data", data.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("journal INVALID at entry 1 (report-2)"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTrustedKeyFromElsewhereOverridesTheKeyFile() throws Exception {
        FileJournal j = fourEntries(data);
        Path good = data.resolve("published.pem");
        Files.writeString(good, j.publicKeyPem());
        assertEquals(0, run("--key", good.toString()));
        Path other = data.resolve("other.pem");
        byte[] der = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        Files.writeString(other, "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n");
        assertEquals(1, run("--key", other.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("INVALID at entry 0"));
    }

    @Test
    void usageAndMissingJournalExitTwo() {
        assertEquals(2, run("--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument '--bogus'"));
        assertEquals(2, run("--data"));
        assertEquals(2, run("--data", data.resolve("none").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no journal key"), err.toString(StandardCharsets.UTF_8));
    }
}
