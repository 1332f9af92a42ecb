package dev.lucent.bench;

import dev.lucent.audit.journal.FileJournal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

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

    /** {@code n} signed, chained report entries of about 2 KB and the signed head. */
    static void write(Path data, int n) throws Exception {
        SignedJournalFile.write(data, n, (i, at) ->
                ("{\"id\":\"report-" + i + "\",\"filler\":\"" + "x".repeat(1500) + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
