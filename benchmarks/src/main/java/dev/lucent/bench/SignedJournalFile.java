package dev.lucent.bench;

import dev.lucent.audit.journal.FileJournal;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Writes a large signed, chained journal straight in the journal's line format (see EntryCodec): appending
 * 100,000 entries through FileJournal would take the benchmarks longer than measuring them.
 */
final class SignedJournalFile {
    /** The payload of report entry {@code i}, stored at {@code at}. */
    interface Payload {
        byte[] of(int i, Instant at) throws Exception;
    }

    private SignedJournalFile() {
    }

    /** {@code n} report entries {@code report-0 ...} and the signed head, signed with the instance's own key. */
    static void write(Path data, int n, Payload payload) throws Exception {
        FileJournal created = FileJournal.open(data, Clock.systemUTC()); // the folder and the instance key pair
        Path dir = data.resolve("journal");
        String fp = created.keyFingerprint();
        // the private key lives outside the data folder (README, "One data folder")
        Path keys = Path.of(System.getProperty("lucent.keys.dir", System.getProperty("user.home") + "/.lucent/keys"));
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pemBody(keys.resolve(fp + ".pem"))));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Signature sig = Signature.getInstance("Ed25519");
        String previous = "0".repeat(64);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(FileJournal.JOURNAL_FILE)), 1 << 20)) {
            for (int i = 0; i < n; i++) {
                Instant at = t.plusSeconds(i);
                String body = "L1 " + i + " report report-" + i + " - " + at + " " + fp + " " + previous + " "
                        + Base64.getEncoder().encodeToString(payload.of(i, at));
                String hash = HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.US_ASCII)));
                sig.initSign(key);
                sig.update((body + " " + hash).getBytes(StandardCharsets.US_ASCII));
                out.write((body + " " + hash + " " + HexFormat.of().formatHex(sig.sign()) + "\n").getBytes(StandardCharsets.US_ASCII));
                previous = hash;
            }
        }
        String head = "H1 " + n + " " + previous + " " + fp;
        sig.initSign(key);
        sig.update(head.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve(FileJournal.HEAD_FILE), head + " " + HexFormat.of().formatHex(sig.sign()) + "\n");
    }

    private static byte[] pemBody(Path pem) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String l : Files.readAllLines(pem)) if (!l.startsWith("-----")) b.append(l.strip());
        return Base64.getDecoder().decode(b.toString());
    }
}
