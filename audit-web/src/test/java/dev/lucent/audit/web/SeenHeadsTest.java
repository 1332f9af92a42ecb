package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #19 point 5: the journal page shows the head a user saw last and whether the journal still extends it. */
class SeenHeadsTest {
    @TempDir
    Path data;

    @Test
    void theLastSeenHeadOfEachUserSurvivesARestart() throws Exception {
        SeenHeads heads = new SeenHeads(data);
        assertNull(heads.lastSeen("ada"));
        heads.saw("ada", new SeenHeads.Head(5, "a".repeat(64)));
        heads.saw("grace", new SeenHeads.Head(0, "0".repeat(64)));
        SeenHeads restarted = new SeenHeads(data);
        assertEquals(new SeenHeads.Head(5, "a".repeat(64)), restarted.lastSeen("ada"));
        assertEquals("5:" + "a".repeat(64), restarted.lastSeen("ada").toString(), "the form verify --since takes");
        assertEquals(new SeenHeads.Head(0, "0".repeat(64)), restarted.lastSeen("grace"));
    }

    @Test
    void theJournalPageSaysWhetherTheJournalStillExtendsIt() {
        Pages pages = new Pages();
        Map<String, Object> m = new HashMap<>();
        m.put("csrf", "tok");
        m.put("me", new Console.Me("ada", "viewer", false, false));
        m.put("nav", "journal");
        m.put("version", "1");
        m.put("entries", List.of());
        m.put("fingerprint", "f".repeat(64));
        m.put("publicKey", "pem");
        m.put("check", null);
        m.put("problem", null);
        String last = "5:" + "a".repeat(64), now = "4:" + "b".repeat(64);

        m.put("seenHead", new JournalServlet.SeenHead(last, false, now));
        String rolledBack = pages.render("journal", m);
        assertTrue(rolledBack.contains("does NOT extend the head you saw last time") && rolledBack.contains(last), rolledBack);
        assertTrue(rolledBack.contains("lucent verify --since " + last));

        m.put("seenHead", new JournalServlet.SeenHead(last, true, "6:" + "c".repeat(64)));
        String fine = pages.render("journal", m);
        assertTrue(fine.contains("still extends the head you saw last time"));
        assertFalse(fine.contains("does NOT extend"));
        assertTrue(fine.contains("6:" + "c".repeat(64)));

        m.put("seenHead", new JournalServlet.SeenHead(null, true, now));
        assertTrue(pages.render("journal", m).contains("your first look"));
    }
}
