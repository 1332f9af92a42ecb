package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At start a host deletes the working files of processes that are gone, and only those. */
class WorkFolderTest {
    @TempDir
    Path dir;

    @Test
    void sweepDeletesTheEntriesOfDeadProcessesOnly() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        long dead = p.pid();
        long me = ProcessHandle.current().pid();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path stale = Files.createDirectories(work.resolve("audit-" + dead + "-123/osgi-" + dead + "-9/bundle1"));
        Files.writeString(stale.resolve("file.jar"), "x");
        Path mine = Files.createDirectories(work.resolve(WorkFolder.prefix("osgi") + "456"));
        Path foreign = Files.createDirectories(work.resolve("notes"));

        List<Path> swept = WorkFolder.sweep(work);
        assertEquals(List.of(work.resolve("audit-" + dead + "-123")), swept);
        assertFalse(Files.exists(work.resolve("audit-" + dead + "-123")), "a dead process's folder is deleted with its content");
        assertTrue(Files.isDirectory(mine), "a live process's folder is kept (pid " + me + ")");
        assertTrue(Files.isDirectory(foreign), "a name Lucent does not give is left alone");
        assertEquals(List.of(), WorkFolder.sweep(dir.resolve("absent")));
    }

    @Test
    void theWorkingFolderIsUnderTheDataFolderUnlessTheHostNamedAnother() {
        String before = System.getProperty(WorkFolder.PROPERTY);
        try {
            System.clearProperty(WorkFolder.PROPERTY);
            assertEquals(dir.resolve("data/work"), WorkFolder.of(dir.resolve("data")));
            System.setProperty(WorkFolder.PROPERTY, dir.resolve("audit-1-2").toString());
            assertEquals(dir.resolve("audit-1-2"), WorkFolder.of(dir.resolve("data")), "a worker uses its audit's folder");
        } finally {
            if (before == null) System.clearProperty(WorkFolder.PROPERTY);
            else System.setProperty(WorkFolder.PROPERTY, before);
        }
    }
}
