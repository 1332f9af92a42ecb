package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditException;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import dev.lucent.network.onnx.OnnxBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audits of ONNX models: a Lucent-trained breast-cancer MLP exported with {@link OnnxExporter} gives, through the
 * ONNX path, the Lucent model's own predictions and input gradients on the same standardized rows; the output rule;
 * fixed-batch models; and hostile or unsuitable files refused naming the file and the problem.
 */
class OnnxInputsTest {
    @TempDir
    static Path dir;
    static Path raw, standardized, lucentFile, onnxFile;
    static Model trained;
    static Preprocessing pre;

    static final long SPLIT_SEED = 5;

    @BeforeAll
    static void trainAndExport() throws Exception {
        raw = dir.resolve("bc.csv");
        try (InputStream in = AuditInputs.class.getClassLoader().getResourceAsStream("demo/breast_cancer.csv")) {
            Files.copy(in, raw);
        }
        Dataset ds = Datasets.readCsv(raw, CsvOptions.label("diagnosis"));
        Splits s = ds.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, SPLIT_SEED)
                .withStratify(true).withStandardize(true));
        trained = Sequential.of("bc-mlp", OutputKind.CLASS_LOGITS, 3, new int[]{30},
                new Linear(30, 16), Activation.relu(), new Linear(16, 2));
        TrainingHistory h = Trainer.fit(trained, s.train(), s.validation(), TrainingConfig.builder(Loss.CROSS_ENTROPY)
                .optimizer(Optimizer.adam()).learningRate(3e-3f).epochs(15).batchSize(32).seed(3).build());
        pre = new Preprocessing(ds.schema().featureNames(), "diagnosis", ds.schema().classNames(),
                s.standardizer().mean(), s.standardizer().std());
        lucentFile = dir.resolve("bc.lucent");
        ModelFile.save(lucentFile, trained, pre, h, Map.of(AuditInputs.SPLIT_SEED_KEY, Long.toString(SPLIT_SEED)));
        onnxFile = dir.resolve("bc.onnx");
        Files.write(onnxFile, new OnnxExporter().export(trained));

        // The exported graph starts at the model's first layer: Lucent's standardization is not in it (a Model has
        // none; Preprocessing lives beside it in the .lucent file). So the ONNX model is audited on a CSV whose
        // features are standardized already, with the training statistics, as (x - mean) / std in float.
        float[] mean = pre.mean(), std = pre.std();
        List<String> lines = Files.readAllLines(raw);
        StringBuilder b = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            for (int j = 0; j < 30; j++) b.append((Float.parseFloat(f[j]) - mean[j]) / std[j]).append(',');
            b.append(f[30]).append('\n');
        }
        standardized = dir.resolve("bc-standardized.csv");
        Files.writeString(standardized, b);
    }

    @Test
    void exportedBreastCancerMlpPredictsAsTheLucentModelOnTheSameStandardizedRows() throws Exception {
        AuditInputs.Prepared lucent = AuditInputs.load(lucentFile, raw, "diagnosis", null, 99); // recorded split seed 5
        AuditInputs.Prepared onnx = AuditInputs.load(onnxFile, standardized, "diagnosis", null, SPLIT_SEED);
        assertNull(onnx.saved(), "an ONNX model has no Lucent model file");
        assertEquals(List.of("benign", "malignant"), onnx.schema().classNames());
        assertEquals(lucent.schema().classNames(), onnx.schema().classNames());
        assertArrayEquals(lucent.test().labels(), onnx.test().labels(), "the same held-out rows");
        float[] xl = lucent.test().features().toArray(), xo = onnx.test().features().toArray();
        assertEquals(xl.length, xo.length);
        for (int i = 0; i < xl.length; i++) assertEquals(xl[i], xo[i], 1e-5, "standardized feature " + i);

        AuditableModel m = onnx.model();
        assertEquals(OutputKind.CLASS_LOGITS, m.outputKind());
        assertEquals(2, m.outputCount());
        float[] po = m.predict(onnx.test().features()).toArray();
        float[] pl = trained.predict(lucent.test().features()).toArray();
        int rows = onnx.test().rows();
        for (int i = 0; i < pl.length; i++)
            assertEquals(pl[i], po[i], 1e-4 * Math.max(1, Math.abs(pl[i])), "logit " + i % 2 + " of row " + i / 2);
        int agree = 0, correct = 0;
        for (int r = 0; r < rows; r++) {
            int cl = pl[2 * r + 1] > pl[2 * r] ? 1 : 0, co = po[2 * r + 1] > po[2 * r] ? 1 : 0;
            if (cl == co) agree++;
            if (co == onnx.test().labels()[r]) correct++;
        }
        assertEquals(rows, agree, "every class decision agrees");
        assertTrue(correct >= 0.85 * rows, "the trained MLP is a real classifier on the held-out rows: " + correct + "/" + rows);

        // Gradients flow through the imported graph as through Lucent's autodiff (two implementations).
        int[] targets = onnx.test().labels();
        float[] go = m.inputGradient(onnx.test().features(), targets).toArray();
        float[] gl = trained.inputGradient(lucent.test().features(), targets).toArray();
        double num = 0, den = 0;
        for (int i = 0; i < gl.length; i++) {
            num += (go[i] - gl[i]) * (double) (go[i] - gl[i]);
            den += gl[i] * (double) gl[i];
        }
        assertTrue(den > 0 && Math.sqrt(num / den) < 1e-3, "relative gradient error " + Math.sqrt(num / den));

        assertTrue(onnx.modelFormat().startsWith("ONNX, opset 17, produced by lucent"), onnx.modelFormat());
        assertTrue(onnx.modelFormat().contains("as they are") && onnx.modelFormat().contains("2 class logits"), onnx.modelFormat());
        assertTrue(lucent.modelFormat().contains("standardized with the model's own training statistics"), lucent.modelFormat());
        assertEquals(AuditInputs.sha256(onnxFile), onnx.modelSha256(), "the hash is of the .onnx file");
        assertTrue(onnx.split().contains("seed 5"), onnx.split());
    }

    @Test
    void explainersSeeTheImportedGraphWithoutHistoryOrRetraining() throws Exception {
        AuditInputs.Prepared p = AuditInputs.load(onnxFile, standardized, "diagnosis", null, SPLIT_SEED);
        WorkerContext c = new WorkerContext(p, 1, Map.of(), java.time.Duration.ofSeconds(30), 1 << 26, (f, m) -> { });
        assertTrue(c.model() == p.model(), "explainers get the imported graph");
        assertTrue(c.history().isEmpty(), "an ONNX file has no training history");
        assertTrue(c.retrainer().isEmpty(), "an imported graph is audited, not retrained");
        AuditInputs.Prepared l = AuditInputs.load(lucentFile, raw, "diagnosis", null, SPLIT_SEED);
        WorkerContext lc = new WorkerContext(l, 1, Map.of(), java.time.Duration.ofSeconds(30), 1 << 26, (f, m) -> { });
        assertTrue(lc.history().isPresent() && lc.retrainer().isPresent(), "a Lucent model keeps both");
    }

    @Test
    void onnxFeaturesGoInAsTheyAreInTheCsv() throws Exception {
        AuditInputs.Prepared p = AuditInputs.load(onnxFile, raw, "diagnosis", null, SPLIT_SEED);
        AuditInputs.Prepared l = AuditInputs.load(lucentFile, raw, "diagnosis", null, SPLIT_SEED);
        float[] x = p.test().features().toArray(), s = l.test().features().toArray();
        float[] mean = pre.mean(), std = pre.std();
        // The Lucent path standardizes; the ONNX path does not: x is the raw value that standardizes to s.
        for (int i = 0; i < x.length; i++) assertEquals(s[i], (x[i] - mean[i % 30]) / std[i % 30], 1e-4, "feature " + i);
    }

    @Test
    void oneOutputUnitIsABinaryLogitAndAFinalSigmoidIsReadThrough() throws Exception {
        Model logit = Sequential.of("one-unit", OutputKind.BINARY_LOGIT, 4, new int[]{30}, new Linear(30, 8), Activation.tanh(),
                new Linear(8, 1));
        Path plain = dir.resolve("one-unit.onnx");
        Files.write(plain, new OnnxExporter().export(logit));
        AuditInputs.Prepared p = AuditInputs.load(plain, standardized, "diagnosis", null, 1);
        assertEquals(OutputKind.BINARY_LOGIT, p.model().outputKind());
        float[][] probs = p.model().probabilities(p.test().features());
        float[][] expected = logit.probabilities(p.test().features());
        for (int r = 0; r < probs.length; r++) assertEquals(expected[r][1], probs[r][1], 1e-5, "row " + r);
        assertFalse(p.modelFormat().contains("final Sigmoid"), p.modelFormat());

        Model withSigmoid = Sequential.of("sigmoid-out", OutputKind.REGRESSION, 4, new int[]{30}, new Linear(30, 8), Activation.tanh(),
                new Linear(8, 1), Activation.sigmoid());
        Path sig = dir.resolve("sigmoid.onnx");
        Files.write(sig, new OnnxExporter().export(withSigmoid));
        AuditInputs.Prepared q = AuditInputs.load(sig, standardized, "diagnosis", null, 1);
        assertEquals(OutputKind.BINARY_LOGIT, q.model().outputKind());
        // probabilities() equals the file's own Sigmoid output: the model is read before it, not sigmoid twice.
        float[] own = withSigmoid.predict(q.test().features()).toArray();
        float[][] pq = q.model().probabilities(q.test().features());
        for (int r = 0; r < own.length; r++) assertEquals(own[r], pq[r][1], 1e-5, "row " + r);
        assertTrue(q.modelFormat().contains("read before the graph's final Sigmoid"), q.modelFormat());
    }

    @Test
    void wholeNumberLabelsNameTheirUnitsEvenWhenAClassIsAbsent() throws Exception {
        Model three = Sequential.of("three", OutputKind.CLASS_LOGITS, 6, new int[]{2}, new Linear(2, 3));
        Path f = dir.resolve("three.onnx");
        Files.write(f, new OnnxExporter().export(three));
        StringBuilder b = new StringBuilder("a,b,y\n");
        Random r = new Random(1);
        for (int i = 0; i < 60; i++) b.append(r.nextGaussian()).append(',').append(r.nextGaussian()).append(',').append(i % 2 == 0 ? 0 : 2).append('\n');
        Path csv = dir.resolve("zero-two.csv");
        Files.writeString(csv, b);
        AuditInputs.Prepared p = AuditInputs.load(f, csv, "y", null, 1);
        assertEquals(List.of("0", "1", "2"), p.schema().classNames());
        for (int label : p.train().labels()) assertTrue(label == 0 || label == 2, "label " + label + " is unit 0 or 2");

        Path letters = dir.resolve("letters.csv");
        Files.writeString(letters, b.toString().replaceAll(",0\n", ",no\n").replaceAll(",2\n", ",yes\n"));
        AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(f, letters, "y", null, 1));
        assertTrue(e.getMessage().contains("three.onnx: the ONNX model has 3 output units (one per class) but the label column 'y'"
                + " of letters.csv has 2 classes (\"no\", \"yes\")"), e.getMessage());
    }

    @Test
    void oneUnitWithoutSigmoidOnANumericLabelIsARegression() throws Exception {
        Model reg = Sequential.of("reg", OutputKind.REGRESSION, 8, new int[]{2}, new Linear(2, 4), Activation.tanh(), new Linear(4, 1));
        Path f = dir.resolve("reg.onnx");
        Files.write(f, new OnnxExporter().export(reg));
        StringBuilder b = new StringBuilder("a,b,target\n");
        Random r = new Random(4);
        for (int i = 0; i < 50; i++) {
            double a = r.nextGaussian(), c = r.nextGaussian();
            b.append(a).append(',').append(c).append(',').append(3 * a - c + 0.1 * r.nextGaussian()).append('\n');
        }
        Path csv = dir.resolve("reg.csv");
        Files.writeString(csv, b);
        AuditInputs.Prepared p = AuditInputs.load(f, csv, "target", null, 1);
        assertEquals(OutputKind.REGRESSION, p.model().outputKind());
        assertFalse(p.schema().isClassification());
        assertTrue(p.train().rows() >= 30 && p.test().rows() >= 5, p.split());
        assertTrue(p.test().targets() != null && p.test().targets().length == p.test().rows(), "real targets, not classes");
        assertTrue(p.modelFormat().contains("output: a regression value"), p.modelFormat());

        // The same one-unit model on a label of three text classes is refused, naming the rule and the classes.
        Path three = dir.resolve("three-classes.csv");
        Files.writeString(three, "a,b,y\n" + "1,2,x\n3,4,y\n5,6,z\n".repeat(5));
        AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(f, three, "y", null, 1));
        assertTrue(e.getMessage().contains("reg.onnx: the ONNX model has one output unit, read as the logit of a binary classifier or as a"
                + " regression of a numeric label, but the label column 'y' of three-classes.csv has 3 classes (\"x\", \"y\", \"z\")"), e.getMessage());
    }

    @Test
    void featureCountMustMatchTheInputWidth() throws Exception {
        Path narrow = dir.resolve("narrow.csv");
        List<String> lines = Files.readAllLines(standardized);
        StringBuilder b = new StringBuilder();
        for (String line : lines) b.append(line.substring(line.indexOf(',') + 1)).append('\n'); // drop the first column
        Files.writeString(narrow, b);
        AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(onnxFile, narrow, "diagnosis", null, 1));
        assertTrue(e.getMessage().contains("narrow.csv: 29 feature columns, but the ONNX model bc.onnx takes 30 values per row"
                + " (input 'input' of shape [N, 30])"), e.getMessage());
    }

    @Test
    void hostileAndUnsuitableFilesAreRefusedNamingFileAndProblem() throws Exception {
        byte[] valid = Files.readAllBytes(onnxFile);
        Path random = dir.resolve("random.onnx");
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        Files.write(random, junk);
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(valid, valid.length / 2));
        Path unsupported = dir.resolve("einsum.onnx");
        Files.write(unsupported, new OnnxBuilder("g", 17).input("x", -1, 30).output("y", -1, 30)
                .node("Einsum", "mix", new String[]{"x"}, new String[]{"y"}, "equation", "ij->ij").build());
        Path twoInputs = dir.resolve("two.onnx");
        Files.write(twoInputs, new OnnxBuilder("g", 17).input("x", -1, 30).input("z", -1, 30).output("y", -1, 30)
                .node("Add", "add", new String[]{"x", "z"}, new String[]{"y"}).build());
        Path symbolic = dir.resolve("symbolic.onnx");
        Files.write(symbolic, new OnnxBuilder("g", 17).input("x", -1, -1).output("y", -1, -1)
                .node("Relu", "relu", new String[]{"x"}, new String[]{"y"}).build());

        for (Path p : List.of(random, truncated, unsupported, twoInputs, symbolic)) {
            AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(p, standardized, "diagnosis", null, 1));
            String m = e.getMessage();
            assertTrue(m.startsWith(p + ": "), "names the file: " + m);
            assertFalse(m.contains("\n"), "one line: " + m);
            switch (p.getFileName().toString()) {
                case "random.onnx", "truncated.onnx" -> assertTrue(m.contains("not a valid ONNX model"), m);
                case "einsum.onnx" -> assertTrue(m.endsWith("unsupported ONNX operator Einsum (opset 17) at node mix"), m);
                case "two.onnx" -> assertTrue(m.contains("takes 2 inputs ('x', 'z')"), m);
                default -> assertTrue(m.contains("symbolic dimension at axis 1"), m);
            }
        }
        AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(dir.resolve("absent.onnx"), raw, "diagnosis", null, 1));
        assertTrue(e.getMessage().contains("no such model file"), e.getMessage());
    }

    @Test
    void aFolderHoldingOneOnnxFileIsThatModel() throws Exception {
        Path folder = dir.resolve("onnx-folder");
        Files.createDirectories(folder);
        Files.copy(onnxFile, folder.resolve("model.onnx"));
        assertEquals(folder.resolve("model.onnx"), AuditInputs.resolveModel(folder));
        Files.copy(lucentFile, folder.resolve("model.lucent"));
        AuditException e = assertThrows(AuditException.class, () -> AuditInputs.resolveModel(folder));
        assertTrue(e.getMessage().contains("exactly one .lucent or .onnx model file, found 2"), e.getMessage());
    }

    /** PyTorch's conformance Linear case was exported with a fixed batch; an audit runs it on any number of rows. */
    @Test
    void fixedBatchModelsRunOnBatchesOfAnySize() throws Exception {
        Path linear = Path.of("../core-network/src/test/resources/onnx-conformance/pytorch-converted/test_Linear/model.onnx");
        OnnxModel inner = new OnnxImporter().read(linear);
        long[] dims = inner.graphInputs().get(0).dims();
        int b = (int) dims[0], in = (int) dims[1];
        assertTrue(b > 1, "the case has a fixed batch: " + Arrays.toString(dims));
        OnnxModel m = inner; // pads a batch that is not a multiple of its fixed batch itself
        Random r = new Random(2);
        int n = 2 * b + 1; // two whole chunks and one padded
        float[] x = new float[3 * b * in];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Tensor full = Tensor.of(x, 3 * b, in), part = Tensor.of(Arrays.copyOf(x, n * in), n, in);
        int k = inner.outputCount();
        float[] ref = inner.predict(full).toArray();
        assertArrayEquals(Arrays.copyOf(ref, n * k), m.predict(part).toArray(), "the padded run's real rows are the unpadded ones");
        int[] targets = new int[3 * b];
        for (int i = 0; i < targets.length; i++) targets[i] = i % k;
        float[] gref = inner.inputGradient(full, targets).toArray();
        assertArrayEquals(Arrays.copyOf(gref, n * in), m.inputGradient(part, Arrays.copyOf(targets, n)).toArray());
        String layer = inner.layerNames().get(0);
        var t = m.traceLayer(layer, part, Arrays.copyOf(targets, n));
        assertEquals(n, t.activations().shape()[0]);
        assertArrayEquals(Arrays.copyOf(inner.traceLayer(layer, full, targets).activations().toArray(), n * k), t.activations().toArray());

        // Through an audit: labels are the model's own decisions, so the held-out accuracy must be exactly 1.
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < in; j++) csv.append('x').append(j).append(',');
        csv.append("label\n");
        int rows = 40 * b;
        float[] data = new float[rows * in];
        for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
        float[] out = inner.predict(Tensor.of(data, rows, in)).toArray();
        int[] counts = new int[k];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (out[i * k + c] > out[i * k + best]) best = c;
            counts[best]++;
            for (int j = 0; j < in; j++) csv.append(data[i * in + j]).append(',');
            csv.append(best).append('\n');
        }
        Path f = dir.resolve("linear.csv");
        Files.writeString(f, csv);
        // a class with one or two rows cannot be split three ways (absent classes are fine: labels are unit numbers)
        assertTrue(Arrays.stream(counts).allMatch(c -> c == 0 || c >= 3), "rows per unit: " + Arrays.toString(counts));
        AuditInputs.Prepared p = AuditInputs.load(linear, f, "label", null, 4);
        assertInstanceOf(OnnxModel.class, p.model());
        assertTrue(p.modelFormat().contains("produced by pytorch") && p.modelFormat().contains("fixed batch of " + b), p.modelFormat());
        float[] pred = p.model().predict(p.test().features()).toArray();
        int[] labels = p.test().labels();
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (pred[i * k + c] > pred[i * k + best]) best = c;
            assertEquals(Integer.parseInt(p.schema().classNames().get(labels[i])), best, "row " + i + ": class index is the unit");
        }
    }

    /** PyTorch's shape of export: {@code x [batch, features] -> MatMul W [features, 2] -> y [batch, 2]}; a few hundred bytes. */
    static byte[] fixedBatchMlp(long batch, int features) {
        return new OnnxBuilder("fixed", 17).input("x", batch, features).init("W", new float[features * 2], features, 2)
                .output("y", batch, 2).node("MatMul", "fc", new String[]{"x", "W"}, new String[]{"y"}).build();
    }

    /** The CLI's {@code audit} over the real runner; its worker is {@code true}, which a refused input never reaches. */
    static dev.lucent.audit.cli.AuditCommand cli(Path data) {
        InstalledExplainers installed = new InstalledExplainers();
        installed.addExplainer(WorkerCommandTest.explainer("probe", c -> List.of()), WorkerCommandTest.ref());
        WorkerAuditRunner runner = new WorkerAuditRunner(installed, folder -> { }, (job, mb) -> List.of("true"), data, "test");
        return new dev.lucent.audit.cli.AuditCommand(runner, null, new dev.lucent.audit.report.ReportExports());
    }

    /** Bytes this thread allocated so far (HotSpot's per-thread counter). */
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Issue #19 point 8: a tiny file declaring a huge fixed batch, or input dimensions whose product overflows, is
     * refused before anything of that size is allocated (in the host's check, as by the CLI: exit 2 and one line
     * naming the file and what is too large). Before, 2^31 crashed the CLI with a NegativeArraySizeException
     * (exit 3), 5e6 ran out of memory, and overflowing dimensions were misreported as "takes 0 values per row".
     */
    @Test
    void hugeFixedBatchesAndOverflowingDimensionsAreRefusedBeforeAllocation() throws Exception {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("batch-2e31.onnx", fixedBatchMlp(1L << 31, 30));
        files.put("batch-5e6.onnx", fixedBatchMlp(5_000_000, 30));
        files.put("batch-1e6.onnx", fixedBatchMlp(1_000_000, 30)); // within the importer's budget, over one run's share
        files.put("int-overflow.onnx", new OnnxBuilder("g", 17).input("x", -1, 65536, 65537).output("y", -1, 2)
                .node("Relu", "r", new String[]{"x"}, new String[]{"y"}).build());
        files.put("long-overflow.onnx", new OnnxBuilder("g", 17).input("x", 4, 1L << 40, 1L << 40).output("y", 4, 2)
                .node("Relu", "r", new String[]{"x"}, new String[]{"y"}).build());
        Map<String, String> said = Map.of(
                "batch-2e31.onnx", "graph input 'x' declares shape [2147483648, 30]: 64424509440 values",
                "batch-5e6.onnx", OnnxInputs.LIMITS.valuesBytes() < 600_000_000 // the bound on computed values follows the heap
                        ? "graph input 'x' declares shape [5000000, 30]: 150000000 values (600000000 bytes) per run,"
                        + " over the memory budget of " + OnnxInputs.LIMITS.valuesBytes() + " bytes"
                        : "the fixed batch of 5000000 rows x 30 values per row needs 600000000 bytes per run, over the"
                        + " audit's limit of " + OnnxInputs.FIXED_BATCH_BYTES + " bytes",
                "batch-1e6.onnx", "the fixed batch of 1000000 rows x 30 values per row needs 120000000 bytes per run, over the"
                        + " audit's limit of " + OnnxInputs.FIXED_BATCH_BYTES + " bytes",
                "int-overflow.onnx", "graph input 'x' declares shape [N, 65536, 65537]: 4295032832 values",
                "long-overflow.onnx", "graph input 'x' declares shape [4, 1099511627776, 1099511627776], whose element count overflows");
        dev.lucent.audit.cli.AuditCommand cli = cli(dir.resolve("cli-data"));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.write(p, f.getValue());
            assertTrue(f.getValue().length < 1024, "a tiny file: " + f.getValue().length + " bytes");
            long before = allocated();
            AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(p, standardized, "diagnosis", null, 1));
            long used = allocated() - before;
            String m = e.getMessage();
            assertTrue(m.startsWith(p + ": ") && m.contains(said.get(f.getKey())), m);
            assertFalse(m.contains("\n"), m);
            assertTrue(used < 16L << 20, f.getKey() + ": refused after allocating " + used + " bytes");

            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
            int code = cli.run(new String[]{"--model", p.toString(), "--data", standardized.toString(), "--label", "diagnosis"},
                    new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
            String errText = err.toString().strip();
            assertEquals(2, code, errText);
            assertEquals("lucent audit: " + m, errText, "one line, the same problem");
        }
    }

    /**
     * Labels that are unit numbers let a model name its classes by its output size; a declared output of 5,000 or
     * 2^31 - 1 units is the file's word and must not size the class list (before: 5,000 classes were listed and
     * audited, 2^31 - 1 ran out of memory).
     */
    @Test
    void aDeclaredOutputOfMoreUnitsThanAnAuditReadsIsRefused() throws Exception {
        StringBuilder b = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 24; i++) b.append(i).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        Path csv = dir.resolve("units.csv");
        Files.writeString(csv, b);
        for (long units : new long[]{5000, Integer.MAX_VALUE}) {
            Path p = dir.resolve("units-" + units + ".onnx");
            Files.write(p, new OnnxBuilder("g", 17).input("x", -1, 2).output("y", -1, units)
                    .node("Relu", "r", new String[]{"x"}, new String[]{"y"}).build());
            AuditException e = assertThrows(AuditException.class, () -> AuditInputs.load(p, csv, "label", null, 1));
            assertEquals(p + ": the ONNX model declares " + units + " output units, more than the 1000 classes an audit reads"
                    + " (LoadLimits.maxClasses)", e.getMessage());
        }
    }

    /**
     * Issue 12: the budget follows the heap (3/4 of -Xmx) unless --max-model-mb sets it; a model over it is refused
     * with one line saying what was counted, the limit and where it came from.
     */
    @Test
    void theBudgetFollowsTheHeapOrMaxModelMb() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals((long) (heap * 0.75), OnnxInputs.limits(null).maxBytes());
        assertTrue(OnnxInputs.limits(null).origin().contains("maximum heap of " + (heap >> 20) + " MiB"), OnnxInputs.limits(null).origin());
        assertEquals(3L << 20, OnnxInputs.limits("3").maxBytes());
        // a 4 MiB weight under --max-model-mb 3
        Path big = dir.resolve("big.onnx");
        Files.write(big, new OnnxBuilder("big", 17).input("x", -1, 4).output("y", -1, 4).init("w", new float[1 << 20], 1 << 18, 4)
                .initLongs("i", new long[]{0}, 1).node("Gather", "g", new String[]{"w", "i"}, new String[]{"v"})
                .node("Identity", "id", new String[]{"x"}, new String[]{"y"}).build());
        OnnxException e = assertThrows(OnnxException.class, () -> new OnnxImporter(OnnxInputs.limits("3")).read(big));
        assertTrue(e.getMessage().startsWith(big + " is ") && e.getMessage().endsWith("bytes, over the memory budget of 3145728 bytes (--max-model-mb 3)"),
                e.getMessage());
        e = assertThrows(OnnxException.class, () -> new OnnxImporter(OnnxInputs.limits("10")).read(big)); // file, raw copy, values
        assertTrue(e.getMessage().startsWith("initializer 'w' needs 4194304 bytes; with the ") && e.getMessage().endsWith(
                "over the memory budget of 10485760 bytes (--max-model-mb 10)"), e.getMessage());
        assertEquals(4, new OnnxImporter(OnnxInputs.limits("16")).read(big).outputCount());
    }
}
