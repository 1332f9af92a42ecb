package dev.lucent.audit.journal;

import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.SignOff;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second writer for {@link TwoProcessAppendTest}, run in its own JVM: appends {@code n} reports and a
 * sign-off of each to the journal in {@code args[0]}, printing {@code ACK id hash} only after an append returned.
 */
public final class JournalAppenderMain {
    private JournalAppenderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        String prefix = args[1];
        int n = Integer.parseInt(args[2]);
        FileJournal j = FileJournal.open(data, Clock.systemUTC());
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            ack(j.appendReport(id, ("{\"from\":\"" + prefix + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            ack(j.signOff(id, "reviewer " + prefix, "auditor", SignOff.Decision.APPROVE, "run " + i));
            if (i % 10 == 0) j.entries(); // a reader in the same process, as the console's pages are
        }
    }

    private static void ack(JournalEntry e) {
        System.out.println("ACK " + e.id() + " " + e.hash());
        System.out.flush();
    }
}
