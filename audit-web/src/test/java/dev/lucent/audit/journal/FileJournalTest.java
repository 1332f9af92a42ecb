package dev.lucent.audit.journal;

import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.SignOff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static dev.lucent.audit.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class FileJournalTest {
    @TempDir
    Path data;

    @Test
    void firstStartCreatesAnOwnerOnlyKeyAndAPublicPem() throws Exception {
        FileJournal j = FileJournal.open(data, ticking());
        Path priv = privateKey(j);
        assertFalse(priv.startsWith(data), "the private key is kept out of the data folder");
        assertFalse(Files.exists(data.resolve("journal").resolve(InstanceKey.PRIVATE_FILE)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("journal"))));
        PublicKey pub = parsePem(j.publicKeyPem());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pub.getEncoded())), j.keyFingerprint());
        assertEquals(j.publicKeyPem(), Files.readString(data.resolve("journal").resolve(InstanceKey.PUBLIC_FILE)));
        JournalVerification v = j.verify();
        assertTrue(v.valid());
        assertEquals(0, v.entries());
        // a second start loads the same key
        assertEquals(j.keyFingerprint(), FileJournal.open(data, ticking()).keyFingerprint());
    }

    static PublicKey parsePem(String pem) throws Exception {
        String b64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    @Test
    void entriesAreChainedHashedAndSignedAsDocumented() throws Exception {
        FileJournal j = fourEntries(data);
        assertTrue(j.verify().valid(), j.verify().summary());
        List<JournalEntry> entries = j.entries();
        assertEquals(4, entries.size());
        PublicKey pub = parsePem(j.publicKeyPem());
        // Check the file with the JDK directly, not with the journal's own code: line = body + " " + hash + " " + sig.
        List<byte[]> lines = lines(journalFile(data));
        String previous = "0".repeat(64);
        for (int i = 0; i < 4; i++) {
            String line = new String(lines.get(i), StandardCharsets.US_ASCII).stripTrailing();
            int s2 = line.lastIndexOf(' '), s1 = line.lastIndexOf(' ', s2 - 1);
            String body = line.substring(0, s1), hash = line.substring(s1 + 1, s2), sig = line.substring(s2 + 1);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.US_ASCII))), hash);
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(pub);
            v.update((body + " " + hash).getBytes(StandardCharsets.US_ASCII));
            assertTrue(v.verify(HexFormat.of().parseHex(sig)), "entry " + i);
            assertTrue(body.startsWith("L1 " + i + " "), body);
            assertEquals(previous, body.split(" ")[7], "entry " + i + " links to the previous hash");
            assertEquals(hash, entries.get(i).hash());
            previous = hash;
        }
        assertEquals(JournalEntryType.SIGN_OFF, entries.get(3).type());
        assertEquals("report-2", entries.get(3).reference());
        assertEquals("{\"model\":\"mlp\",\"accuracy\":0.97}", new String(entries.get(0).payload(), StandardCharsets.UTF_8));
    }

    @Test
    void signOffsAreOwnEntriesBoundToTheReportHash() throws Exception {
        FileJournal j = fourEntries(data);
        String hostile = "<script>alert(\"x\")</script>\n\u2028 and \\ quotes \"";
        j.signOff("report-1", "Mallory \"M\"", "viewer<b>", SignOff.Decision.REJECT, hostile);
        List<SignOff> s = j.signOffs("report-1");
        assertEquals(2, s.size());
        assertEquals(SignOff.Decision.APPROVE, s.get(0).decision());
        assertEquals("Ada Lovelace", s.get(0).reviewer());
        assertEquals(hostile, s.get(1).comment());
        assertEquals("viewer<b>", s.get(1).role());
        assertEquals(j.entries().get(0).hash(), s.get(0).reportHash());
        assertEquals(j.entries().get(4).time(), s.get(1).time());
        String payload = new String(j.entries().get(4).payload(), StandardCharsets.UTF_8);
        assertFalse(payload.contains("<"), "no raw markup in stored sign-offs: " + payload);
        assertTrue(j.verify().valid());
        assertEquals(5, j.verify().entries());
        // the report entry itself is untouched by sign-offs
        assertEquals("{\"model\":\"mlp\",\"accuracy\":0.97}", new String(j.entries().get(0).payload(), StandardCharsets.UTF_8));
    }

    @Test
    void refusesUnknownReportsDuplicateIdsAndBadIds() throws Exception {
        FileJournal j = fourEntries(data);
        JournalException e = assertThrows(JournalException.class,
                () -> j.signOff("report-9", "A", "auditor", SignOff.Decision.APPROVE, ""));
        assertTrue(e.getMessage().contains("no report report-9"), e.getMessage());
        e = assertThrows(JournalException.class, () -> j.appendReport("report-1", new byte[]{1}));
        assertTrue(e.getMessage().contains("already in the journal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> j.appendReport("has space", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> j.appendReport("", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> j.signOff("report-1", " ", "auditor", SignOff.Decision.APPROVE, ""));
        assertEquals(4, j.verify().entries(), "refused appends wrote nothing");
    }

    @Test
    void reopenedJournalContinuesTheChain() throws Exception {
        fourEntries(data);
        FileJournal again = FileJournal.open(data, ticking());
        JournalEntry e = again.appendReport("report-3", new byte[]{0, (byte) 0xff, 10});
        assertEquals(4, e.index());
        assertEquals(again.entries().get(3).hash(), e.previousHash());
        assertTrue(again.verify().valid());
        assertArrayEquals(new byte[]{0, (byte) 0xff, 10}, again.entries().get(4).payload());
    }

    @Test
    void tornWriteIsSetAsideInASideFileWhenTheJournalIsOpenedToWrite() throws Exception {
        fourEntries(data);
        FileJournal other = FileJournal.open(data.resolve("x"), ticking());
        Path file = journalFile(data);
        byte[] partial = "L1 4 report report-3 - 2026-11-25T10:00:09Z ".getBytes(StandardCharsets.US_ASCII);
        Files.write(file, partial, StandardOpenOption.APPEND);
        long before = Files.size(file);

        JournalVerification seen = FileJournal.verifyFolder(data);
        assertFalse(seen.valid(), "a read-only verify reports the torn tail and changes nothing");
        assertTrue(seen.reason().contains("incomplete entry: " + partial.length + " bytes"), seen.reason());
        assertTrue(seen.reason().contains("entries.journal.torn-" + (before - partial.length)), "names where it will go: " + seen.reason());
        assertEquals(before, Files.size(file));

        FileJournal j = FileJournal.open(data, ticking()); // the host's start
        Path side = data.resolve("journal").resolve(FileJournal.JOURNAL_FILE + ".torn-" + (before - partial.length));
        assertArrayEquals(partial, Files.readAllBytes(side), "the torn bytes are kept, not dropped");
        JournalVerification v = j.verify();
        assertTrue(v.valid(), v.summary());
        assertEquals(4, v.entries());
        assertTrue(v.notes().stream().anyMatch(n -> n.contains(side.getFileName().toString())), "shown: " + v.notes());
        j.appendReport("report-3", new byte[]{42});
        assertTrue(j.verify().valid());
        assertNull(j.recoverTornTail());
        assertNotEquals(other.keyFingerprint(), j.keyFingerprint(), "each instance has its own key");
    }

    @Test
    void aTornTailLeftByACrashIsSetAsideByTheNextAppend() throws Exception {
        FileJournal j = fourEntries(data);
        Files.write(journalFile(data), "L1 4 sign-off".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        j.signOff("report-1", "Ada Lovelace", "auditor", SignOff.Decision.REJECT, "after the crash");
        JournalVerification v = j.verify();
        assertTrue(v.valid(), v.summary());
        assertEquals(5, v.entries());
    }

    @Test
    void widenedKeyPermissionsAreRefused() throws Exception {
        Path priv = privateKey(fourEntries(data));
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(data, ticking()));
            assertTrue(e.getMessage().contains("readable by its owner only"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aLostKeyIsNeverSilentlyReplaced() throws Exception {
        Path priv = privateKey(fourEntries(data));
        Files.delete(priv);
        JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(data, ticking()));
        assertTrue(e.getMessage().contains("signing key is not at " + priv), e.getMessage());
        assertFalse(Files.exists(priv));
        Files.delete(data.resolve("journal").resolve(InstanceKey.PUBLIC_FILE));
        e = assertThrows(JournalException.class, () -> FileJournal.open(data, ticking()));
        assertTrue(e.getMessage().contains("public key file"), e.getMessage());
    }

    @Test
    void verifyFolderReadsWithoutCreatingAnything() throws Exception {
        Path empty = data.resolve("nothing");
        assertThrows(JournalException.class, () -> FileJournal.verifyFolder(empty));
        assertFalse(Files.exists(empty));
        fourEntries(data);
        JournalVerification v = FileJournal.verifyFolder(data);
        assertTrue(v.valid(), v.summary());
        assertEquals(4, v.entries());
    }

    @Test
    void aReadOnlyCopyOfADataFolderStillVerifies() throws Exception {
        fourEntries(data);
        Path lock = data.resolve("journal").resolve(JournalLock.LOCK_FILE);
        assertTrue(Files.exists(lock), "appends made the writers' lock file");
        Path copy = data.resolve("copy");
        Files.createDirectories(copy.resolve("journal"));
        try (var files = Files.list(data.resolve("journal"))) {
            for (Path p : files.toList()) if (Files.isRegularFile(p)) Files.copy(p, copy.resolve("journal").resolve(p.getFileName()));
        }
        Files.setPosixFilePermissions(copy.resolve("journal").resolve(JournalLock.LOCK_FILE), PosixFilePermissions.fromString("r--r--r--"));
        JournalVerification v = FileJournal.verifyFolder(copy);
        assertTrue(v.valid(), v.summary());
        assertEquals(4, v.entries());
    }
}
