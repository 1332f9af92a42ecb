package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
}
