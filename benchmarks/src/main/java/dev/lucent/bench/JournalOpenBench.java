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
 * Time to open a journal of {@code n} entries: {@code FileJournal.open}, which checks every entry (hash, chain,
 * Ed25519 signature) and builds the index pages read. One open per JVM: the signature cache is per process, so a
 * second open in the same JVM would measure the cache. Run it as docs/benchmarks.md says:
 *
 * <pre>
 *   java -cp ... dev.lucent.bench.JournalOpenBench write DIR 10000   # once: n signed, chained entries and the head
 *   java -cp ... dev.lucent.bench.JournalOpenBench open DIR          # each run: prints the open time
 * </pre>
 *
 * Set {@code -Dlucent.keys.dir} to a scratch folder: the journal's private key is created there.
 */
public final class JournalOpenBench {
    private JournalOpenBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[1]);
        if (args[0].equals("write")) {
            write(data, Integer.parseInt(args[2]));
            return;
        }
        long t0 = System.nanoTime();
        FileJournal j = FileJournal.open(data, Clock.systemUTC());
        long open = System.nanoTime() - t0;
        if (!j.verify().valid()) throw new IllegalStateException("journal does not verify: " + j.verify().summary());
        System.out.printf("open: %.2f s (%,d bytes)%n", open / 1e9,
                Files.size(data.resolve("journal").resolve(FileJournal.JOURNAL_FILE)));
    }

    /** {@code n} signed, chained report entries of about 2 KB and the signed head, in the journal's line format. */
    static void write(Path data, int n) throws Exception {
        FileJournal created = FileJournal.open(data, Clock.systemUTC()); // the folder and the instance key pair
        Path dir = data.resolve("journal");
        String fp = created.keyFingerprint();
        Path keys = Path.of(System.getProperty("lucent.keys.dir", System.getProperty("user.home") + "/.lucent/keys"));
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pemBody(keys.resolve(fp + ".pem"))));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Signature sig = Signature.getInstance("Ed25519");
        String previous = "0".repeat(64);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(FileJournal.JOURNAL_FILE)), 1 << 20)) {
            for (int i = 0; i < n; i++) {
                Instant at = t.plusSeconds(i);
                byte[] payload = ("{\"id\":\"report-" + i + "\",\"filler\":\"" + "x".repeat(1500) + "\"}").getBytes(StandardCharsets.UTF_8);
                String body = "L1 " + i + " report report-" + i + " - " + at + " " + fp + " " + previous + " "
                        + Base64.getEncoder().encodeToString(payload);
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

    static byte[] pemBody(Path pem) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String l : Files.readAllLines(pem)) if (!l.startsWith("-----")) b.append(l.strip());
        return Base64.getDecoder().decode(b.toString());
    }
}
