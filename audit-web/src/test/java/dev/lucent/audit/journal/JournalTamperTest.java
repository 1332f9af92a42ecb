package dev.lucent.audit.journal;

import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.api.JournalException;
import dev.lucent.audit.api.JournalVerification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static dev.lucent.audit.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Tampering with a four-entry journal: every single-byte edit, reordering, deletion, insertion, and
 * re-chaining (hashes recomputed without the key, or re-signed with another key) is detected, and the first
 * bad entry is named.
 */
class JournalTamperTest {
    @TempDir
    Path data;
    Path file, head;
    PublicKey key;
    byte[] original;
    List<byte[]> lines;

    @BeforeEach
    void build() throws Exception {
        FileJournal j = fourEntries(data);
        key = FileJournal.publicKeyFromPem(j.publicKeyPem());
        file = journalFile(data);
        head = data.resolve("journal").resolve(FileJournal.HEAD_FILE);
        original = Files.readAllBytes(file);
        lines = lines(file);
        assertTrue(check().valid());
    }

    JournalVerification check() throws Exception {
        return JournalVerifier.verify(file, head, key, FileJournal.MAX_ENTRY_BYTES).result();
    }

    JournalVerification checkBytes(byte[] content) throws Exception {
        Files.write(file, content);
        return check();
    }

    /** Entry index of the line holding byte {@code pos} (its newline included). */
    int entryAt(int pos) {
        int line = 0;
        for (int i = 0; i < pos; i++) if (original[i] == '\n') line++;
        return line;
    }

    @Test
    void everySingleByteEditIsDetectedAtItsEntry() throws Exception {
        int cases = 0;
        for (int pos = 0; pos < original.length; pos++) {
            int expected = entryAt(pos);
            // flips of the low bit (a digit or letter one off), bit 3, bit 5 (letter case) and bit 7 (non-ASCII),
            // the complement, and the two structural characters
            List<Integer> values = new ArrayList<>();
            for (int bit : new int[]{0, 3, 5, 7}) values.add((original[pos] ^ (1 << bit)) & 0xff);
            values.add(~original[pos] & 0xff);
            for (char c : new char[]{' ', '\n'}) if (c != original[pos]) values.add((int) c);
            for (int v : values) {
                byte[] edited = original.clone();
                edited[pos] = (byte) v;
                JournalVerification r = checkBytes(edited);
                assertFalse(r.valid(), "undetected: byte " + pos + " -> " + v);
                assertEquals(expected, r.firstBadIndex(), "byte " + pos + " -> " + v + ": " + r.reason());
                cases++;
            }
        }
        System.out.println("journal tamper: " + cases + " single-byte replacements over " + original.length + " bytes, all detected");
    }

    @Test
    void everySingleByteEditOfTheHeadIsDetected() throws Exception {
        byte[] good = Files.readAllBytes(head);
        for (int pos = 0; pos < good.length; pos++)
            for (int v : new int[]{good[pos] ^ 1, good[pos] ^ 0x20, good[pos] ^ 0x80, ' ', '\n'}) {
                if ((byte) v == good[pos]) continue;
                byte[] edited = good.clone();
                edited[pos] = (byte) v;
                Files.write(head, edited);
                JournalVerification r = check();
                assertFalse(r.valid(), "undetected head edit: byte " + pos + " -> " + v);
                assertEquals(4, r.firstBadIndex(), r.reason());
                assertTrue(r.reason().startsWith("signed head: "), r.reason());
            }
        Files.write(head, good);
        assertTrue(check().valid());
    }

    @Test
    void everyByteDeletionAndInsertionIsDetected() throws Exception {
        for (int pos = 0; pos < original.length; pos++) {
            byte[] cut = new byte[original.length - 1];
            System.arraycopy(original, 0, cut, 0, pos);
            System.arraycopy(original, pos + 1, cut, pos, original.length - pos - 1);
            JournalVerification r = checkBytes(cut);
            assertFalse(r.valid(), "deleting byte " + pos);
            assertEquals(entryAt(pos), r.firstBadIndex(), "deleting byte " + pos + ": " + r.reason());
        }
        for (int pos = 0; pos <= original.length; pos++)
            for (byte b : new byte[]{'x', ' ', '\n', '0'}) {
                byte[] grown = new byte[original.length + 1];
                System.arraycopy(original, 0, grown, 0, pos);
                grown[pos] = b;
                System.arraycopy(original, pos, grown, pos + 1, original.length - pos);
                JournalVerification r = checkBytes(grown);
                assertFalse(r.valid(), "inserting " + b + " at " + pos);
                // inserting b before an equal byte gives the same file as inserting it after that byte
                int p = pos;
                while (p < original.length && original[p] == b) p++;
                assertEquals(p == original.length ? 4 : entryAt(p), r.firstBadIndex(), "inserting at " + pos + ": " + r.reason());
            }
    }

    @Test
    void reorderedEntries() throws Exception {
        List<byte[]> l = new ArrayList<>(lines);
        l.set(1, lines.get(2));
        l.set(2, lines.get(1));
        writeLines(file, l);
        JournalVerification r = check();
        assertFalse(r.valid());
        assertEquals(1, r.firstBadIndex());
        assertEquals("signoff-2", r.firstBadId());
        assertTrue(r.reason().contains("index 2 where 1 was expected"), r.reason());

        l = new ArrayList<>(lines);
        l.set(2, lines.get(3));
        l.set(3, lines.get(2));
        writeLines(file, l);
        assertEquals(2, check().firstBadIndex());
    }

    @Test
    void deletedEntries() throws Exception {
        for (int k = 0; k < 4; k++) {
            List<byte[]> l = new ArrayList<>(lines);
            l.remove(k);
            writeLines(file, l);
            JournalVerification r = check();
            assertFalse(r.valid(), "deleting entry " + k);
            assertEquals(k, r.firstBadIndex(), "deleting entry " + k + ": " + r.reason());
        }
        writeLines(file, lines.subList(0, 3));
        assertTrue(check().reason().contains("entries missing from the end: the signed head records 4 entries, the journal has 3"));
        writeLines(file, List.of());
        assertEquals(0, check().firstBadIndex(), "an emptied journal is caught by its head");
        writeLines(file, lines);
        Files.delete(head);
        assertTrue(check().reason().contains("head file head is missing"), check().reason());
    }

    @Test
    void insertedEntries() throws Exception {
        // a duplicate of a genuine, signed entry
        List<byte[]> l = new ArrayList<>(lines);
        l.add(2, lines.get(1));
        writeLines(file, l);
        assertEquals(2, check().firstBadIndex());

        // a genuine entry signed by the same key, taken from a second journal of the same instance
        Path twin = data.resolve("twin");
        Files.createDirectories(twin.resolve("journal"));
        for (String f : new String[]{InstanceKey.PUBLIC_FILE}) // the private key is found by its fingerprint
            Files.copy(data.resolve("journal").resolve(f), twin.resolve("journal").resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        FileJournal t = FileJournal.open(twin, ticking());
        t.appendReport("report-1", "x".getBytes(StandardCharsets.UTF_8));
        t.appendReport("report-2", "y".getBytes(StandardCharsets.UTF_8));
        t.appendReport("forged", "{\"verdict\":\"pass\"}".getBytes(StandardCharsets.UTF_8));
        List<byte[]> foreign = lines(journalFile(twin));
        l = new ArrayList<>(lines);
        l.add(2, foreign.get(2)); // index 2, but chained to another entry 1
        writeLines(file, l);
        JournalVerification r = check();
        assertEquals(2, r.firstBadIndex());
        assertEquals("forged", r.firstBadId());
        assertTrue(r.reason().contains("previous hash"), r.reason());
    }

    /** Rewrites entries from {@code from} on: content of entry {@code from} edited, chain recomputed, signed by {@code signer} or not at all. */
    List<byte[]> rechain(int from, KeyPair signer, String fingerprint) throws Exception {
        List<byte[]> out = new ArrayList<>(lines.subList(0, from));
        String previous = from == 0 ? "0".repeat(64) : field(lines.get(from - 1), 9);
        java.util.Map<String, String> renamed = new java.util.HashMap<>(); // old report hash -> new
        for (int i = from; i < lines.size(); i++) {
            String[] f = new String(lines.get(i), StandardCharsets.US_ASCII).stripTrailing().split(" ");
            if (i == from) f[8] = Base64.getEncoder().encodeToString("{\"verdict\":\"pass\"}".getBytes(StandardCharsets.UTF_8));
            if (f[2].equals("sign-off")) { // a thorough forger also re-points sign-offs at the new report hashes
                String json = new String(Base64.getDecoder().decode(f[8]), StandardCharsets.UTF_8);
                for (var e : renamed.entrySet()) json = json.replace(e.getKey(), e.getValue());
                f[8] = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            }
            String oldHash = f[9];
            if (fingerprint != null) f[6] = fingerprint;
            f[7] = previous;
            String body = String.join(" ", java.util.Arrays.copyOfRange(f, 0, 9));
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.US_ASCII)));
            String sig = f[10];
            if (signer != null) {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(signer.getPrivate());
                s.update((body + " " + hash).getBytes(StandardCharsets.US_ASCII));
                sig = HexFormat.of().formatHex(s.sign());
            }
            out.add((body + " " + hash + " " + sig + "\n").getBytes(StandardCharsets.US_ASCII));
            if (f[2].equals("report")) renamed.put(oldHash, hash);
            previous = hash;
        }
        return out;
    }

    static String field(byte[] line, int i) {
        return new String(line, StandardCharsets.US_ASCII).stripTrailing().split(" ")[i];
    }

    @Test
    void rechainedButNotResigned() throws Exception {
        writeLines(file, rechain(1, null, null));
        JournalVerification r = check();
        assertFalse(r.valid());
        assertEquals(1, r.firstBadIndex());
        assertEquals("report-2", r.firstBadId());
        assertTrue(r.reason().contains("signature does not verify"), r.reason());
    }

    @Test
    void rechainedAndSignedByAnotherKey() throws Exception {
        KeyPair mallory = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String malloryFp = InstanceKey.fingerprint(mallory.getPublic());
        // keeping the instance's fingerprint in the entries
        writeLines(file, rechain(1, mallory, null));
        JournalVerification r = check();
        assertEquals(1, r.firstBadIndex());
        assertTrue(r.reason().contains("signature does not verify"), r.reason());
        // naming the other key
        writeLines(file, rechain(0, mallory, malloryFp));
        r = check();
        assertEquals(0, r.firstBadIndex());
        assertTrue(r.reason().contains("signed by key " + malloryFp + ", not by the trusted key"), r.reason());
    }

    @Test
    void replacingThePublicKeyFileToMatchAForgeryIsCaughtByATrustedKey() throws Exception {
        // Mallory rewrites everything with her key, her head and her public key file: self-consistent.
        KeyPair mallory = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String fp = InstanceKey.fingerprint(mallory.getPublic());
        List<byte[]> forged = rechain(0, mallory, fp);
        writeLines(file, forged);
        String headBody = "H1 4 " + field(forged.get(3), 9) + " " + fp;
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(mallory.getPrivate());
        s.update(headBody.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(head, headBody + " " + HexFormat.of().formatHex(s.sign()) + "\n");
        assertTrue(JournalVerifier.verify(file, head, mallory.getPublic(), FileJournal.MAX_ENTRY_BYTES).result().valid(),
                "self-consistent under Mallory's key");
        // ...but not under the key published in earlier exports
        JournalVerification r = check();
        assertFalse(r.valid());
        assertEquals(0, r.firstBadIndex());
    }

    @Test
    void theDataFolderHoldsNoPrivateKeyAndAForgeryWithAnyOtherKeyIsCaught() throws Exception {
        // Whoever can read the data folder finds no private key in it to re-sign a forged chain with...
        try (var files = Files.walk(data)) {
            for (Path p : files.filter(Files::isRegularFile).toList())
                assertFalse(Files.readString(p, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY"), p + " holds a private key");
        }
        String exportedPem = FileJournal.open(data, ticking()).publicKeyPem();
        String knownHead = "4:" + field(lines.get(3), 9);
        // ...so a forger re-signs with a key of her own, her head and her public key file (self-consistent)
        KeyPair mallory = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String fp = InstanceKey.fingerprint(mallory.getPublic());
        List<byte[]> forged = rechain(0, mallory, fp);
        writeLines(file, forged);
        String headBody = "H1 4 " + field(forged.get(3), 9) + " " + fp;
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(mallory.getPrivate());
        s.update(headBody.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(head, headBody + " " + HexFormat.of().formatHex(s.sign()) + "\n");
        Files.writeString(data.resolve("journal").resolve(InstanceKey.PUBLIC_FILE), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(mallory.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        Path exported = Files.writeString(data.resolve("exported.pem"), exportedPem);
        assertEquals(1, new JournalVerifyCommand(data).run(new String[]{"--key", exported.toString()}, ps, ps),
                "caught by the key printed in an export: " + out);
        assertEquals(1, new JournalVerifyCommand(data).run(new String[]{"--since", knownHead}, ps, ps),
                "caught by a head printed earlier: " + out);
        JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(data, ticking()),
                "the instance cannot sign on: it has no private key for the forger's public key");
        assertTrue(e.getMessage().contains("signing key is not at"), e.getMessage());
    }

    @Test
    void aPrivateKeyOfAnOlderDataFolderIsMovedOutAtOpen() throws Exception {
        FileJournal j = FileJournal.open(data, ticking());
        Path priv = privateKey(j);
        Path legacy = data.resolve("journal").resolve(InstanceKey.PRIVATE_FILE);
        Files.move(priv, legacy); // as Lucent kept it before
        FileJournal reopened = FileJournal.open(data, ticking());
        assertFalse(Files.exists(legacy), "no longer in the data folder");
        assertTrue(Files.exists(priv));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        reopened.appendReport("report-3", new byte[]{1});
        assertTrue(reopened.verify().valid());
    }

    @Test
    void forgedOrStaleHead() throws Exception {
        byte[] good = Files.readAllBytes(head);
        byte[] edited = good.clone();
        edited[3] ^= 1; // count 4 -> 5
        Files.write(head, edited);
        JournalVerification r = check();
        assertFalse(r.valid());
        assertTrue(r.reason().contains("head signature does not verify"), r.reason());
        // a stale but genuine head (after 3 entries) is a lag, not a failure: the 4th entry is signed and chained
        Files.write(head, good);
        FileJournal j = FileJournal.open(data, ticking());
        byte[] headAt4 = Files.readAllBytes(head);
        j.appendReport("report-3", new byte[]{1});
        Files.write(head, headAt4);
        r = check();
        assertTrue(r.valid(), r.summary());
        assertEquals(5, r.entries());
        assertTrue(r.notes().get(0).contains("head lags"), r.notes().toString());
    }

    @Test
    void signOffForAnotherReportsContentIsRefused() throws Exception {
        // A sign-off re-pointed at report-2 (entry re-signed with the real key, as an insider could) still
        // carries report-1's hash: the decision stays bound to the content it was made on.
        FileJournal j = FileJournal.open(data, ticking());
        InstanceKey k = InstanceKey.loadOrCreate(data.resolve("journal"), InstanceKey.Place.defaults(), false);
        String[] f = new String(lines.get(2), StandardCharsets.US_ASCII).stripTrailing().split(" ");
        EntryCodec.Encoded e = EntryCodec.encode(2, JournalEntryType.SIGN_OFF, f[3], "report-2", Instant.parse(f[5]), k, f[7],
                Base64.getDecoder().decode(f[8]));
        List<byte[]> l = new ArrayList<>(lines.subList(0, 2));
        l.add(e.line());
        writeLines(file, l);
        Files.delete(head);
        JournalVerification r = check();
        assertEquals(2, r.firstBadIndex());
        assertTrue(r.reason().contains("names report report-1 but the entry refers to report-2"), r.reason());
        assertNotNull(j);
    }
}
