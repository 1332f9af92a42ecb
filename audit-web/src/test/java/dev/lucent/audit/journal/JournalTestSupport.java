package dev.lucent.audit.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Helpers: a clock that ticks one second per read, and a journal file viewed as lines. */
final class JournalTestSupport {
    private JournalTestSupport() {
    }

    static Clock ticking() {
        return new Clock() {
            private Instant now = Instant.parse("2026-11-25T10:00:00.123456Z");

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public synchronized Instant instant() {
                Instant t = now;
                now = now.plus(Duration.ofSeconds(1));
                return t;
            }
        };
    }

    /** Builds the standard small journal: two reports, a sign-off of each. */
    static FileJournal fourEntries(Path data) throws Exception {
        FileJournal j = FileJournal.open(data, ticking());
        j.appendReport("report-1", "{\"model\":\"mlp\",\"accuracy\":0.97}".getBytes(StandardCharsets.UTF_8));
        j.appendReport("report-2", "{\"model\":\"cnn\",\"verdict\":\"fail\"}".getBytes(StandardCharsets.UTF_8));
        j.signOff("report-1", "Ada Lovelace", "auditor", dev.lucent.audit.api.SignOff.Decision.APPROVE, "ok");
        j.signOff("report-2", "Grace Hopper", "clinical lead", dev.lucent.audit.api.SignOff.Decision.NEEDS_CHANGES, "calibrate");
        return j;
    }

    /** Where the journal's private key is: its own place, outside the data folder. */
    static Path privateKey(FileJournal j) {
        return InstanceKey.Place.defaults().privateKeyFor(j.keyFingerprint());
    }

    static Path journalFile(Path data) {
        return data.resolve("journal").resolve(FileJournal.JOURNAL_FILE);
    }

    /** The journal's lines, each with its newline. */
    static List<byte[]> lines(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++)
            if (all[i] == '\n') {
                out.add(java.util.Arrays.copyOfRange(all, start, i + 1));
                start = i + 1;
            }
        if (start != all.length) throw new IllegalStateException("torn file");
        return out;
    }

    static void writeLines(Path file, List<byte[]> lines) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] l : lines) out.write(l);
        Files.write(file, out.toByteArray());
    }
}
