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

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The head {@code verify} prints, as {@code COUNT:HASH}. */
    String headPrinted() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("journal head ([0-9]+:[0-9a-f]{64})").matcher(stdout());
        assertTrue(m.find(), "verify prints the head: " + stdout());
        return m.group(1);
    }

    @Test
    void rollbackToAnOlderSignedHeadIsCaughtBySince() throws Exception {
        FileJournal j = fourEntries(data);
        Path headFile = data.resolve("journal").resolve(FileJournal.HEAD_FILE);
        byte[] headAt4 = Files.readAllBytes(headFile);
        j.signOff("report-2", "Grace Hopper", "clinical lead", dev.lucent.audit.api.SignOff.Decision.REJECT, "unsafe");
        assertEquals(0, run());
        String known = headPrinted();
        assertTrue(known.startsWith("5:"), known);

        // the reject sign-off deleted and the genuine, signed head of four entries put back
        java.util.List<byte[]> l = lines(journalFile(data));
        writeLines(journalFile(data), l.subList(0, 4));
        Files.write(headFile, headAt4);
        out.reset();
        assertEquals(0, run(), "the chain and the older signed head are genuine: " + stdout());
        out.reset();
        assertEquals(1, run("--since", known));
        assertTrue(stdout().contains("does NOT extend the head " + known) && stdout().contains("rollback"), stdout());
    }

    @Test
    void aWipedJournalIsCaughtBySince() throws Exception {
        fourEntries(data);
        assertEquals(0, run());
        String known = headPrinted();
        Files.write(journalFile(data), new byte[0]);
        Files.delete(data.resolve("journal").resolve(FileJournal.HEAD_FILE));
        out.reset();
        assertEquals(0, run(), "an empty journal is a valid one: " + stdout());
        out.reset();
        assertEquals(1, run("--since", known));
        assertTrue(stdout().contains("has 0 entries, fewer than the 4"), stdout());
    }

    @Test
    void sinceAcceptsAHeadTheJournalExtendsAndRefusesNonsense() throws Exception {
        FileJournal j = fourEntries(data);
        assertEquals(0, run());
        String known = headPrinted();
        j.appendReport("report-3", new byte[]{7});
        out.reset();
        assertEquals(0, run("--since", known));
        assertTrue(stdout().contains("journal extends the head " + known), stdout());
        assertEquals(0, run("--since", "0:" + "0".repeat(64)));
        assertEquals(2, run("--since", "4"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--since takes a head COUNT:HASH"), err.toString(StandardCharsets.UTF_8));
        String other = known.substring(0, known.indexOf(':') + 1) + "ab".repeat(32);
        out.reset();
        assertEquals(1, run("--since", other));
        assertTrue(stdout().contains("was rewritten"), stdout());
    }
}
