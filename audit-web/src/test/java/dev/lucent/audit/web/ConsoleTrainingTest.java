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

    /** The form's task, architecture and pixel shape reach the recipe; a wrong value is one line naming it. */
    @Test
    void theFormChoosesTaskArchitectureAndShape(@TempDir Path data) throws Exception {
        ConsoleTraining.Request r = ConsoleTraining.Request.parse(Map.of("dataset", "d", "task", "regression", "arch", "cnn",
                "shape", "1x8x8", "hidden", ""));
        assertEquals(dev.lucent.network.api.data.CsvOptions.Task.REGRESSION, r.recipe().task());
        assertEquals(dev.lucent.audit.training.TrainingRecipe.Arch.CNN, r.recipe().arch());
        assertTrue(java.util.Arrays.equals(new int[]{1, 8, 8}, r.recipe().shape()));
        assertTrue(java.util.Arrays.equals(new int[]{128}, r.recipe().hidden()), "a CNN's default dense layer");
        ConsoleTraining.Request inferred = ConsoleTraining.Request.parse(Map.of("dataset", "d", "task", ""));
        assertEquals(null, inferred.recipe().task());
        assertEquals(dev.lucent.audit.training.TrainingRecipe.Arch.MLP, inferred.recipe().arch());
        String why = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConsoleTraining.Request.parse(Map.of("dataset", "d", "arch", "transformer"))).getMessage();
        assertEquals("the architecture is mlp or cnn, got 'transformer'", why);
        why = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConsoleTraining.Request.parse(Map.of("dataset", "d", "shape", "28 by 28"))).getMessage();
        assertTrue(why.startsWith("a shape is"), why);

        // a regression trained from the console: the diabetes data with its label as the last column
        UploadStore uploads = new UploadStore(data, 1 << 20);
        StringBuilder csv = new StringBuilder("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression\n");
        java.util.List<String> x = gunzip("diabetes_data_raw.csv.gz"), y = gunzip("diabetes_target.csv.gz");
        for (int i = 0; i < x.size(); i++) csv.append(String.join(",", x.get(i).strip().split("\\s+"))).append(',').append(y.get(i).strip()).append('\n');
        UploadStore.Stored stored = uploads.storeMade(UploadStore.Kind.DATASET, "csv", "diabetes.csv", "ann",
                p -> java.nio.file.Files.writeString(p, csv));
        Job job = new Job("j", "training", "t", "ann");
        ConsoleTraining.run(ConsoleTraining.Request.parse(Map.of("dataset", stored.id(), "epochs", "5")), stored, uploads, "ann", job);
        assertEquals(Job.State.DONE, job.state(), job.message());
        assertTrue(job.message().contains("regression; test RMSE"), job.message());
    }

    static java.util.List<String> gunzip(String name) throws java.io.IOException {
        Path p = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), name);
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(p))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
