package dev.lucent.audit.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.SignOff;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-off form's idempotency key: stored in the entry, found again after a restart, and verified. */
class SignOffKeyTest {

    @TempDir
    Path data;

    @Test
    void aKeyedSignOffIsFoundAgainAfterReopeningAndTheJournalStaysValid() throws Exception {
        FileJournal j = JournalTestSupport.fourEntries(data);
        JournalEntry stored = j.signOff("report-1", "ada", "auditor", SignOff.Decision.APPROVE, "fine", "form-key-0001");
        FileJournal reopened = FileJournal.open(data, JournalTestSupport.ticking());
        assertEquals(stored.index(), reopened.signOffWithKey("report-1", "ada", "form-key-0001").orElseThrow().index());
        assertTrue(reopened.signOffWithKey("report-1", "bob", "form-key-0001").isEmpty(), "another reviewer's key is not theirs");
        assertTrue(reopened.signOffWithKey("report-2", "ada", "form-key-0001").isEmpty());
        assertTrue(reopened.signOffWithKey("report-1", "ada", "form-key-0002").isEmpty());
        assertTrue(reopened.signOffWithKey("report-1", "ada", null).isEmpty());
        assertTrue(reopened.verify().valid(), reopened.verify().summary());
        assertEquals(SignOff.Decision.APPROVE, reopened.signOffs("report-1").get(1).decision());
        assertEquals(5, reopened.verify().entries());
    }
}
