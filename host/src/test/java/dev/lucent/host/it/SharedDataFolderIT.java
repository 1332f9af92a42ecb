package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalEntryType;
import dev.lucent.audit.journal.FileJournal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue #19 point 2, the README's setup: the packaged host signs reports off over a real socket while another
 * process (this JVM, appending as a CLI audit does) stores reports in the same data folder at the same time.
 * Every sign-off the console acknowledged and every stored report is on disk, and the journal verifies.
 */
class SharedDataFolderIT {
    private static final int ROUNDS = 40;

    @Test
    void consoleSignOffsAndReportsFromAnotherProcessAreAllKept() throws Exception {
        LucentProcess host = LucentProcess.start();
        try {
            FileJournal beside = FileJournal.open(host.data, Clock.systemUTC());
            byte[] report = "{\"schema\":\"test\",\"title\":\"shared\"}".getBytes(StandardCharsets.UTF_8);
            beside.appendReport("shared-0", report);

            WebClient console = host.signIn();
            assertEquals(200, console.get("/reports/shared-0").statusCode());
            AtomicInteger acknowledged = new AtomicInteger();
            Thread signOffs = new Thread(() -> {
                try {
                    for (int i = 0; i < ROUNDS; i++) {
                        HttpResponse<String> r = console.postFormWithToken("/reports/shared-0/signoff",
                                Map.of("decision", "reject", "comment", "round " + i));
                        if (r.statusCode() == 200) acknowledged.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            signOffs.start();
            for (int i = 1; i <= ROUNDS; i++) beside.appendReport("shared-" + i, report);
            signOffs.join();

            assertEquals(ROUNDS, acknowledged.get(), "every sign-off was acknowledged (the journal stayed writable)");
            List<JournalEntry> entries = FileJournal.open(host.data, Clock.systemUTC()).entries();
            long signOffsOnDisk = entries.stream().filter(e -> e.type() == JournalEntryType.SIGN_OFF).count();
            long reportsOnDisk = entries.stream().filter(e -> e.type() == JournalEntryType.REPORT).count();
            assertEquals(acknowledged.get(), signOffsOnDisk, "every acknowledged sign-off is on disk");
            assertEquals(ROUNDS + 1, reportsOnDisk, "every stored report is on disk");

            LucentProcess.Result v = LucentProcess.run(host.home, Duration.ofMinutes(2), "--data", host.data.toString(), "verify");
            assertEquals(0, v.exitCode(), v.out() + v.err());
            assertTrue(v.out().startsWith("journal valid: " + (2 * ROUNDS + 1) + " entries"), v.out());
        } finally {
            host.stop();
        }
    }
}
