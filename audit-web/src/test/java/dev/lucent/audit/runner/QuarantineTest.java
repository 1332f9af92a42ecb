package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTest {
    @TempDir
    Path dir;

    @Test
    void failuresInARowQuarantineUntilReenabledAndSurviveRestarts() {
        Path f = dir.resolve("q.properties");
        Quarantine q = new Quarantine(f, 3);
        q.failed("x", "boom 1");
        q.failed("x", "boom 2");
        q.succeeded("x");
        assertEquals(0, q.streak("x"), "a good run resets the streak");
        q.failed("x", "a");
        q.failed("x", "b");
        assertFalse(q.quarantined("x"));
        q.failed("x", "c");
        assertTrue(q.quarantined("x"));
        assertFalse(q.quarantined("y"));
        Quarantine reopened = new Quarantine(f, 3);
        assertTrue(reopened.quarantined("x"), "kept in the data folder");
        assertEquals("c", reopened.lastError("x"));
        reopened.reenable("x");
        assertFalse(new Quarantine(f, 3).quarantined("x"));
    }

    @Test
    void aReenableByAnotherProcessIsSeenAndNotUndoneByAStaleCopy() throws Exception {
        Path f = dir.resolve("q.properties");
        Quarantine host = new Quarantine(f, 2);
        host.failed("x", "a");
        host.failed("x", "b");
        host.failed("y", "c");
        assertTrue(host.quarantined("x"));
        Quarantine cli = new Quarantine(f, 2); // lucent explainers --enable x, a process of its own
        Thread.sleep(20); // a later modification time even on coarse file systems
        cli.reenable("x");
        assertFalse(host.quarantined("x"), "the serving host sees the re-enable");
        host.failed("y", "d");
        assertTrue(host.quarantined("y"));
        assertFalse(new Quarantine(f, 2).quarantined("x"), "the host's next save did not bring x's streak back");
        assertEquals(0, new Quarantine(f, 2).streak("x"));
    }

    @Test
    void aChangeWithinTheSameSecondAndOfTheSameSizeIsSeen() throws Exception {
        Path f = dir.resolve("q.properties");
        Quarantine host = new Quarantine(f, 2);
        host.failed("x", "a");
        host.failed("x", "b");
        assertTrue(host.quarantined("x"));
        // another process replaces the file (as every writer does: a new file moved over it) with one of the same
        // size and the same modification time, as on a file system that keeps whole seconds
        FileTime before = Files.getLastModifiedTime(f);
        String text = Files.readString(f);
        assertTrue(text.contains("x.streak=2"), text);
        Path tmp = dir.resolve("other-process.tmp");
        Files.writeString(tmp, text.replace("x.streak=2", "x.streak=1"));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(f, before);
        assertEquals(1, host.streak("x"), "the host read the new version");
        assertFalse(host.quarantined("x"));
    }
}
