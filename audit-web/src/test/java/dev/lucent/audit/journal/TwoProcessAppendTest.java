package dev.lucent.audit.journal;

import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.JournalVerification;
import dev.lucent.audit.api.SignOff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #19 point 2: writers in separate JVMs (a CLI audit beside the host) appending to one journal at the
 * same time lose nothing. Two child JVMs and this one append concurrently; every acknowledged entry must be
 * in the journal with the acknowledged hash, and the whole journal must verify.
 */
class TwoProcessAppendTest {
    @TempDir
    Path data;

    private static final int PER_WRITER = 60;

    @Test
    void twoProcessesAndThisOneAppendConcurrentlyAndEveryAcknowledgedEntryIsKept() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> children = new ArrayList<>();
        for (String prefix : List.of("cli", "host2"))
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "-D" + InstanceKey.Place.FOLDER_PROPERTY + "=" + System.getProperty(InstanceKey.Place.FOLDER_PROPERTY, ""),
                    JournalAppenderMain.class.getName(), data.toString(), prefix, Integer.toString(PER_WRITER))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        // opened while the children open it too: one key pair is created for the new folder, not three
        FileJournal here = FileJournal.open(data, Clock.systemUTC());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<Thread> readers = new ArrayList<>();
        for (Process p : children) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        String[] f = line.split(" ");
                        if (f.length == 3 && f[0].equals("ACK")) acknowledged.put(f[1], f[2]);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            readers.add(t);
        }
        for (int i = 0; i < PER_WRITER; i++) {
            String id = "console-" + i;
            JournalEntry r = here.appendReport(id, "{}".getBytes(StandardCharsets.UTF_8));
            acknowledged.put(r.id(), r.hash());
            JournalEntry s = here.signOff(id, "Ada", "auditor", SignOff.Decision.REJECT, "no");
            acknowledged.put(s.id(), s.hash());
        }
        for (Process p : children) {
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "a writer did not finish");
            assertEquals(0, p.exitValue(), "a writer failed (its error is above)");
        }
        for (Thread t : readers) t.join();

        assertEquals(3 * 2 * PER_WRITER, acknowledged.size(), "every writer acknowledged every append");
        Map<String, String> onDisk = new HashMap<>();
        for (JournalEntry e : FileJournal.open(data, Clock.systemUTC()).entries()) onDisk.put(e.id(), e.hash());
        for (Map.Entry<String, String> a : acknowledged.entrySet())
            assertEquals(a.getValue(), onDisk.get(a.getKey()), "acknowledged entry " + a.getKey() + " is on disk as acknowledged");
        assertEquals(acknowledged.size(), onDisk.size(), "nothing but the acknowledged entries");
        JournalVerification v = FileJournal.verifyFolder(data);
        assertTrue(v.valid(), v.summary());
        assertEquals(acknowledged.size(), v.entries());
        assertTrue(Files.readString(data.resolve("journal").resolve(FileJournal.HEAD_FILE)).startsWith("H1 " + acknowledged.size() + " "),
                "the signed head records every entry");
    }
}
