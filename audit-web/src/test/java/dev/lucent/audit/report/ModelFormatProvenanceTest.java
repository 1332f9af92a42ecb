package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.Provenance;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model format in a report's provenance: written, read back under the seal, and absent from older reports. */
class ModelFormatProvenanceTest {

    static AuditReport with(String format) {
        AuditReport base = Reports.report(List.of("a", "b", "c", "d", "m", "f", "g", "h"), 0, Instant.parse("2026-11-25T10:00:00Z"));
        Provenance o = base.provenance();
        Provenance p = new Provenance(o.modelFile(), o.modelSha256(), o.dataFile(), o.dataSha256(), o.testFile(), o.testSha256(),
                o.labelColumn(), o.split(), o.seed(), o.explainerVersions(), o.parameters(), o.lucentVersion(), o.started(),
                o.finished(), o.machine(), format, o.modelDisplayName(), o.dataDisplayName(), o.testDisplayName());
        return ReportJson.seal(base.id(), base.title(), base.modelName(), p, base.runs());
    }

    @Test
    void theModelFormatIsSealedAndReadBack() {
        String format = "ONNX, opset 13, produced by pytorch 2.1.0; input 'x' [N, 30] fed the CSV's feature columns as they are";
        AuditReport r = with(format);
        String json = ReportJson.write(r);
        assertTrue(json.contains("\"modelFormat\":"), json);
        AuditReport back = ReportJson.read(json); // read() checks both hashes
        assertEquals(format, back.provenance().modelFormat());
        assertEquals(r.reportHash(), back.reportHash());
        assertTrue(Reports.html(r, null).contains("Model format"));
        // Changing the format breaks the seal: it is part of what was signed.
        String tampered = json.replace("opset 13", "opset 17");
        try {
            ReportJson.read(tampered);
            throw new AssertionError("a changed model format passed the hash check");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("hash"), expected.getMessage());
        }
    }

    @Test
    void reportsWithoutAFormatAreWrittenAsBefore() {
        AuditReport r = with(null);
        String json = ReportJson.write(r);
        assertFalse(json.contains("modelFormat"), "no member, so reports sealed before it was recorded verify unchanged");
        assertNull(ReportJson.read(json).provenance().modelFormat());
        assertFalse(Reports.html(r, null).contains("Model format"));
    }
}
