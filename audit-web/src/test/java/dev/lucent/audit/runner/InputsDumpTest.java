package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditException;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.Sha256;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.training.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's parse handed to a worker: what the worker reads back is, value for value, what {@link AuditInputs#load}
 * gave the host (for a Lucent model with its standardization, an ONNX model, a regression), and a dump whose bytes
 * differ from the hash in the job is refused with one line that says so.
 */
class InputsDumpTest {
    @TempDir
    Path dir;
    Path csv, current, modelFile;

    @BeforeEach
    void trainedModelAndData() throws Exception {
        csv = dir.resolve("d.csv");
        current = dir.resolve("current.csv");
        Files.writeString(csv, rows(150, 3, 0));
        Files.writeString(current, rows(40, 5, 2.5));
        Dataset ds = Datasets.readCsv(csv, CsvOptions.label("y").withMissing(CsvOptions.Missing.MEAN));
        Splits s = ds.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, 11).withStratify(true)
                .withStandardize(true));
        Model m = Sequential.of("m", OutputKind.CLASS_LOGITS, 1, new int[] {3}, new Linear(3, 4), Activation.relu(), new Linear(4, 2));
        Preprocessing pre = new Preprocessing(ds.schema().featureNames(), "y", ds.schema().classNames(),
                s.standardizer().mean(), s.standardizer().std());
        modelFile = dir.resolve("m.lucent");
        ModelFile.save(modelFile, m, pre, null, Map.of(AuditInputs.SPLIT_SEED_KEY, "11", "note", "kept"));
    }

    /** Rows of three features and a yes/no label; a missing cell now and then, to be imputed. */
    private static String rows(int n, long seed, double shift) {
        StringBuilder b = new StringBuilder("a,b,c,y\n");
        Random r = new Random(seed);
        for (int i = 0; i < n; i++)
            b.append(r.nextGaussian() * 5 + 10 + shift).append(',').append(i % 17 == 4 ? "" : Integer.toString(r.nextInt(100)))
                    .append(',').append(r.nextDouble()).append(',').append(i % 3 == 0 ? "yes" : "no").append('\n');
        return b.toString();
    }

    private Path work() throws Exception {
        return Files.createDirectories(dir.resolve("work-" + System.nanoTime()));
    }

    @Test
    void aLucentModelsInputsComeBackValueForValueWithTheirCsvUnitsAndCurrentData() throws Exception {
        AuditInputs.Prepared host = AuditInputs.load(modelFile, csv, "y", null, current, 7);
        InputsDump.Written w = InputsDump.write(host, work());
        assertEquals(Sha256.hex(w.file()), w.sha256(), "the recorded hash is of the file's bytes");
        AuditInputs.Prepared worker = InputsDump.read(w.file(), w.sha256());

        sameInputs(host, worker);
        assertNotSame(worker.train(), worker.trainInCsvUnits(), "standardized rows and CSV-unit rows both travel");
        assertEquals(host.saved().metadata(), worker.saved().metadata());
        assertArrayEquals(host.standardization().mean(), worker.standardization().mean());
        assertArrayEquals(host.standardization().std(), worker.standardization().std());
        // an explainer in the worker sees the model's statistics through the face's type (SPI 2.1)
        dev.lucent.explain.api.AuditContext seen = new WorkerContext(worker, 7, Map.of(), java.time.Duration.ofSeconds(1), 0, (f, m) -> { });
        assertArrayEquals(host.standardization().mean(), seen.inputStandardization().orElseThrow().mean());
        assertArrayEquals(host.standardization().std(), seen.inputStandardization().orElseThrow().std());

        // the current data in CSV units is the file's numbers as read, not the standardization undone (x * std + mean
        // came back a few ulps off): column b holds whole numbers, column c the file's doubles rounded to float once
        DataSplit currentCsv = seen.inCsvUnits(seen.current().orElseThrow());
        assertNotSame(worker.current(), currentCsv);
        float[] cells = currentCsv.features().toArray();
        List<String> lines = Files.readAllLines(current);
        for (int i = 0; i < currentCsv.rows(); i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            if (!f[1].isEmpty()) assertEquals(Float.parseFloat(f[1]), cells[i * 3 + 1], 0f, "row " + i + " column b");
            assertEquals(Float.parseFloat(f[2]), cells[i * 3 + 2], 0f, "row " + i + " column c");
        }
    }

    @Test
    void anOnnxModelRunsAsTheHostReadItAndRowsAsTheyAreTravelOnce() throws Exception {
        Path onnx = dir.resolve("m.onnx");
        Files.write(onnx, new OnnxExporter().export(ModelFile.load(modelFile).model()));
        AuditInputs.Prepared host = AuditInputs.load(onnx, csv, "y", null, 7);
        InputsDump.Written w = InputsDump.write(host, work());
        AuditInputs.Prepared worker = InputsDump.read(w.file(), w.sha256());

        sameInputs(host, worker);
        assertNull(worker.saved());
        assertSame(worker.train(), worker.trainInCsvUnits(), "features taken as they are: one copy of the rows");
        assertEquals(host.model().outputKind(), worker.model().outputKind());
        assertTrue(new WorkerContext(worker, 7, Map.of(), java.time.Duration.ofSeconds(1), 0, (f, m) -> { }).inputStandardization().isEmpty(),
                "an ONNX model's features go in as they are");
    }

    @Test
    void aRegressionsTargetsTravel() throws Exception {
        Path reg = dir.resolve("reg.csv");
        StringBuilder b = new StringBuilder("a,b,t\n");
        Random r = new Random(9);
        for (int i = 0; i < 80; i++) b.append(r.nextGaussian()).append(',').append(r.nextGaussian()).append(',').append(r.nextGaussian() * 30 + 100).append('\n');
        Files.writeString(reg, b);
        Path model = dir.resolve("reg.lucent");
        ModelFile.save(model, Sequential.of("r", OutputKind.REGRESSION, 2, new int[] {2}, new Linear(2, 1)), null, null, Map.of());
        AuditInputs.Prepared host = AuditInputs.load(model, reg, "t", null, 3);
        assertNull(host.train().labels());
        InputsDump.Written w = InputsDump.write(host, work());
        sameInputs(host, InputsDump.read(w.file(), w.sha256()));
    }

    @Test
    void aDamagedTruncatedOrSwappedDumpIsRefusedNamingItsHash() throws Exception {
        AuditInputs.Prepared host = AuditInputs.load(modelFile, csv, "y", null, 7);
        InputsDump.Written w = InputsDump.write(host, work());
        byte[] good = Files.readAllBytes(w.file());

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x10; // one bit in a feature value: parses fine, so only the hash can tell
        Files.write(w.file(), flipped);
        refused(w);

        Files.write(w.file(), java.util.Arrays.copyOf(good, good.length - 9)); // truncated: parsing breaks first
        refused(w);

        byte[] longer = java.util.Arrays.copyOf(good, good.length + 4);
        Files.write(w.file(), longer);
        refused(w);

        Files.write(w.file(), good);
        InputsDump.read(w.file(), w.sha256()); // the same bytes again: accepted
        AuditException e = assertThrows(AuditException.class, () -> InputsDump.read(w.file(), "0".repeat(64)));
        assertTrue(e.getMessage().contains("the job records " + "0".repeat(64)), e.getMessage());
    }

    private static void refused(InputsDump.Written w) {
        AuditException e = assertThrows(AuditException.class, () -> InputsDump.read(w.file(), w.sha256()));
        assertTrue(e.getMessage().contains("SHA-256 is ") && e.getMessage().contains("the job records " + w.sha256())
                && e.getMessage().contains("refuses it"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aWorkerGivenADamagedDumpExitsWithTheHashErrorAndRunsNothing() throws Exception {
        AuditInputs.Prepared host = AuditInputs.load(modelFile, csv, "y", null, 7);
        Path work = work();
        InputsDump.Written w = InputsDump.write(host, work);
        byte[] bytes = Files.readAllBytes(w.file());
        bytes[bytes.length - 3] ^= 1;
        Files.write(w.file(), bytes);
        Path job = work.resolve("job.json");
        Files.writeString(job, new WorkerJob(w.file(), w.sha256(), 7, List.of("any"), Map.of(), 1000, 1 << 20).toJson());
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new WorkerCommand(new InstalledExplainers()).run(new String[] {"--job", job.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("\"event\":\"fatal\"") && said.contains("SHA-256") && !said.contains("\"event\":\"start\""), said);
    }

    private static void sameInputs(AuditInputs.Prepared host, AuditInputs.Prepared worker) {
        assertEquals(host.modelFile(), worker.modelFile());
        assertEquals(host.split(), worker.split());
        assertEquals(host.modelSha256(), worker.modelSha256());
        assertEquals(host.dataSha256(), worker.dataSha256());
        assertEquals(host.testSha256(), worker.testSha256());
        assertEquals(host.modelFormat(), worker.modelFormat());
        assertEquals(host.currentSha256(), worker.currentSha256());
        assertEquals(host.schema().featureNames(), worker.schema().featureNames());
        assertEquals(host.schema().labelName(), worker.schema().labelName());
        assertEquals(host.schema().classNames(), worker.schema().classNames());
        assertArrayEquals(host.schema().sampleShape(), worker.schema().sampleShape());
        sameSplit(host.train(), worker.train());
        sameSplit(host.test(), worker.test());
        sameSplit(host.trainInCsvUnits(), worker.trainInCsvUnits());
        sameSplit(host.testInCsvUnits(), worker.testInCsvUnits());
        if (host.current() == null) {
            assertNull(worker.current());
            assertNull(worker.currentInCsvUnits());
        } else {
            sameSplit(host.current(), worker.current());
            sameSplit(host.currentInCsvUnits(), worker.currentInCsvUnits());
        }
        // the model computes the same outputs, bit for bit, on the same rows
        assertArrayEquals(host.model().predict(host.test().features()).toArray(), worker.model().predict(worker.test().features()).toArray());
        assertEquals(host.model().outputKind(), worker.model().outputKind());
    }

    private static void sameSplit(DataSplit a, DataSplit b) {
        assertEquals(a.name(), b.name());
        assertArrayEquals(a.features().shape(), b.features().shape());
        assertArrayEquals(a.features().toArray(), b.features().toArray(), a.name());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.targets(), b.targets());
    }
}
