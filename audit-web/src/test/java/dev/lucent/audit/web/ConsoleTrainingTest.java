package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.web.upload.UploadStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTrainingTest {

    @Test
    void aFailedTrainingNamesTheUploadNotWhereItIsStored(@TempDir Path data) throws Exception {
        UploadStore uploads = new UploadStore(data, 1 << 16);
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"patients.csv\"\r\n\r\n"
                + "a,b,label\n1,2,x\n3,oops,y\n4,5\n\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
        UploadStore.Stored csv = uploads.receive(UploadStore.Kind.DATASET, "multipart/form-data; boundary=b", body.length,
                new ByteArrayInputStream(body), "ann").stored();
        Job job = new Job("j", "training", "t", "ann");
        ConsoleTraining.Request request = ConsoleTraining.Request.parse(Map.of("dataset", csv.id(), "label", "label", "epochs", "1"));
        ConsoleTraining.run(request, csv, uploads, "ann", job);
        assertEquals(Job.State.FAILED, job.state());
        String shown = job.message();
        assertFalse(shown.contains(data.toString()), shown);
        assertFalse(shown.contains(csv.id()), shown);
        assertTrue(shown.contains("patients.csv"), shown);
    }
}
