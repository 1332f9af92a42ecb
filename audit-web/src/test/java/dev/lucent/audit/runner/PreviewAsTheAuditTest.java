package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.web.upload.CsvPreview;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload preview reads a CSV as the audit does: a file the audit refuses, the preview refuses, in the same words. */
class PreviewAsTheAuditTest {
    @TempDir
    Path dir;

    @Test
    void aFileTheAuditRefusesIsRefusedByThePreviewWithTheSameMessage() throws Exception {
        AuditInputsTest fixture = new AuditInputsTest();
        fixture.dir = dir;
        fixture.trainLikeTheTrainCommand(); // a model of a, b, c with label y
        String good = Files.readString(fixture.csv);
        List<String> refused = List.of(
                "a,b,c,y\n1,2,3,yes\n4,nan,6,no\n", // "nan" is not a missing value to the audit (NA, ? and blank are)
                "a,b,c,y\n1,2,3,yes\n4,5,6\n", // a short row
                "a,b,c,y\n1,2,3,yes\n4,5,6,no,7\n",
                "a,b,c,y\n1,2,3,yes\n4,1e999,6,no\n", // beyond float range
                "");
        int i = 0;
        for (String csv : refused) {
            Path file = dir.resolve("bad-" + i++ + ".csv");
            Files.writeString(file, csv);
            AuditException audit = assertThrows(AuditException.class, () -> AuditInputs.load(fixture.modelDir, file, "y", null, 1), csv);
            CsvPreview.Preview p = CsvPreview.of(file, file.toString());
            assertEquals(new CsvPreview.Check("fail", audit.getMessage()), p.checks().get(0), csv);
        }
        Path fine = dir.resolve("fine.csv");
        Files.writeString(fine, good);
        AuditInputs.load(fixture.modelDir, fine, "y", null, 1);
        assertTrue(CsvPreview.of(fine, "fine.csv").checks().stream().noneMatch(c -> c.level().equals("fail")), "a file the audit reads passes");

        Path stored = dir.resolve("0b9e-stored.csv");
        Files.writeString(stored, refused.get(0));
        String shown = CsvPreview.of(stored, "patients.csv").checks().get(0).message();
        assertTrue(shown.contains("patients.csv") && !shown.contains(stored.toString()), "named as the user knows it: " + shown);
    }
}
