package dev.lucent.audit.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.JournalEntry;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.api.SignOff;
import dev.lucent.audit.report.ModelCard;
import dev.lucent.audit.report.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15.5: the model card carries the sign-off and the intended use and limitations the reviewer states, and those
 * words are signed with the decision: they are fields of the sign-off entry's signed payload.
 */
class ModelCardSignOffTest {

    @TempDir
    Path data;

    @Test
    void theReviewersIntendedUseAndLimitationsAreSignedWithTheDecisionAndShownOnTheCard() throws Exception {
        FileJournal j = JournalTestSupport.fourEntries(data);
        SignOff.Card card = new SignOff.Card("Triage of adult mammograms by a radiologist; not for screening <children>",
                "Trained on one hospital's scanners; calibration off above 0.8");
        JournalEntry e = j.signOff("report-1", "Ada Lovelace", "auditor", SignOff.Decision.APPROVE, "ok", "form-key-0042", card);
        FileJournal reopened = FileJournal.open(data, JournalTestSupport.ticking());
        assertTrue(reopened.verify().valid(), reopened.verify().summary());
        List<SignOff> signOffs = reopened.signOffs("report-1");
        assertEquals(card, signOffs.get(signOffs.size() - 1).card());
        assertTrue(signOffs.get(0).card().isEmpty(), "a sign-off without the fields (the older form) still reads");

        Instant t0 = Instant.parse("2026-01-02T03:04:05Z");
        AuditReport r = ReportJson.seal("report-1", "Audit of mlp on bc.csv", "mlp", new Provenance("m", "ab".repeat(32), "d", "cd".repeat(32),
                null, null, "y", "split", 1, Map.of(), Map.of(), "0.1", t0, t0, Map.of()), List.of(new ExplainerRun(
                new ExplainerRef("x", "X", "1", "f", "b", "1"), ExplainerRun.Status.OK, List.of(), 1)));
        String md = ModelCard.markdown(r, null, signOffs);
        assertTrue(md.contains("## Intended use\n\nTriage of adult mammograms by a radiologist; not for screening &lt;children&gt;"), md);
        assertTrue(md.contains("## Limitations\n\nTrained on one hospital's scanners; calibration off above 0.8"), md);
        assertTrue(md.contains("- **approve** by Ada Lovelace (auditor), "), md);
        assertTrue(ModelCard.markdown(r, null, List.of()).contains("_Not signed off yet._"));

        // the words are in the signed payload, so JournalTamperTest's "any byte edited is detected" covers them
        String payload = new String(e.payload(), StandardCharsets.UTF_8);
        assertTrue(payload.contains("\"limitations\":\"Trained on one hospital") && payload.contains("\"intendedUse\":"), payload);
    }
}
