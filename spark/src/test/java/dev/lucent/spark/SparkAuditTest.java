package dev.lucent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.attribution.Intervals;
import dev.lucent.explain.attribution.Backgrounds;
import dev.lucent.explain.attribution.OcclusionExplainer;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.attribution.core.KernelShap;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.datachecks.ClassBalanceExplainer;
import dev.lucent.explain.datachecks.ConstantFeaturesExplainer;
import dev.lucent.explain.datachecks.DuplicateRowsExplainer;
import dev.lucent.explain.datachecks.MissingValuesExplainer;
import dev.lucent.explain.performance.CalibrationExplainer;
import dev.lucent.explain.performance.ClassificationMetricsExplainer;
import dev.lucent.explain.performance.RecallThresholdExplainer;
import dev.lucent.explain.performance.RocPrExplainer;
import dev.lucent.explain.integratedgradients.IntegratedGradientsExplainer;
import dev.lucent.explain.saliency.GradientTimesInputExplainer;
import dev.lucent.explain.saliency.VanillaGradientsExplainer;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.training.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark runner against the single-machine path, on real Spark (local masters): the same findings for any
 * partitioning, the same findings as the explainers called directly, a malformed row refused with exit 2. One
 * session at a time, shared by the tests (local[1] only in the first test, local[2] after it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkAuditTest {
    static final long SEED = 7;
    static final String CHEAP = "test-counts,saliency,gradient-x-input,integrated-gradients,occlusion";
    /** The built-in partitioned explainers for classifiers, as the host's bundles provide them. */
    static final List<PartitionedExplainer<?>> BUILT_INS = List.of(new ClassificationMetricsExplainer(), new RocPrExplainer(),
            new CalibrationExplainer(), new RecallThresholdExplainer());
    static final String PERFORMANCE = String.join(",", BUILT_INS.stream().map(e -> e.info().id()).toList());
    /** The data checks that distribute (constant-features in two passes: its plan from a first pass over every row). */
    static final List<Explainer> DATA_CHECKS = List.of(new ClassBalanceExplainer(), new MissingValuesExplainer(), new DuplicateRowsExplainer(),
            new ConstantFeaturesExplainer());
    static final String CHECKS = String.join(",", DATA_CHECKS.stream().map(e -> e.info().id()).toList());

    @TempDir
    static Path dir;
    static Path model, small, large;
    static SparkSession spark;

    @BeforeAll
    static void fixtures() throws Exception {
        model = BreastCancerRows.model(dir.resolve("bc.lucent"));
        small = dir.resolve("small.csv");
        BreastCancerRows.write(small, 3000, 1);
        large = dir.resolve("large.csv");
        BreastCancerRows.write(large, 100_000, 2);
    }

    @AfterAll
    static void stop() {
        stopSession();
    }

    /** The session is shared by the test classes of this module (one SparkContext per JVM). */
    static void stopSession() {
        if (spark != null) spark.stop();
        spark = null;
    }

    static SparkSession session(String master) {
        if (spark != null && spark.sparkContext().master().equals(master)) return spark;
        if (spark != null) spark.stop();
        spark = SparkSession.builder().master(master).appName("lucent-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        return spark;
    }

    static SparkAuditOptions options(Path data, String explainers, long rows, int partitions, Path json, String... more) {
        List<String> args = new ArrayList<>(List.of("audit", "--model", model.toString(), "--data", data.toString(), "--label",
                BreastCancerRows.LABEL, "--explainers", explainers, "--explainer-class", CountsAndLoss.class.getName(),
                "--seed", Long.toString(SEED), "--json", json.toString()));
        if (rows < Long.MAX_VALUE) args.addAll(List.of("--rows", Long.toString(rows)));
        if (partitions > 0) args.addAll(List.of("--partitions", Integer.toString(partitions)));
        args.addAll(List.of(more));
        return SparkAuditOptions.parse(args.toArray(String[]::new));
    }

    static AuditReport audit(String master, SparkAuditOptions o) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkAuditMain.audit(session(master), o, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertTrue(code == 0 || code == 1, "exit " + code + ": " + err);
        // the file is the sealed report: reading it checks both hashes
        return ReportJson.read(Files.readString(o.json()));
    }

    @Test
    @Order(1)
    void sameFindingsOnAnyMasterAndPartitioning() throws Exception {
        String explainers = CHEAP + ",kernel-shap," + PERFORMANCE + "," + CHECKS;
        AuditReport one = audit("local[1]", options(small, explainers, 30, 0, dir.resolve("d1.json")));
        AuditReport two = audit("local[2]", options(small, explainers, 30, 0, dir.resolve("d2.json")));
        AuditReport three = audit("local[2]", options(small, explainers, 30, 3, dir.resolve("d3.json")));
        AuditReport seven = audit("local[2]", options(small, explainers, 30, 7, dir.resolve("d7.json")));
        assertEquals("7", seven.provenance().machine().get("partitions").split(" ")[0]);
        assertEquals("3000", one.provenance().machine().get("rows"));
        String expected = ReportJson.findingsCanonical(one.runs());
        for (Explainer e : java.util.stream.Stream.concat(BUILT_INS.stream(), DATA_CHECKS.stream()).toList()) // run on the executors, not refused as not distributed
            assertFalse(run(one, e.info().id()).findings().get(0) instanceof dev.lucent.explain.api.Verdict v
                    && v.outcome() == dev.lucent.explain.api.Verdict.Outcome.NOT_APPLICABLE, e.info().id());
        for (AuditReport r : List.of(two, three, seven)) {
            assertEquals(expected, ReportJson.findingsCanonical(r.runs()), r.provenance().machine().toString());
            assertEquals(one.findingsHash(), r.findingsHash());
        }
    }

    /** Rows of the 100,000 the per-row methods explain: the counts and metrics take every row. */
    static final int ATTRIBUTED = 200;

    @Test
    @Order(2)
    void agreesWithTheSingleMachineExplainersOn100kRows() throws Exception {
        long t0 = System.nanoTime();
        // one audit: counts and the built-in metrics over every row, the per-row methods on the first rows, the rows
        // repartitioned so that the attributed ones lie in several partitions
        AuditReport report = audit("local[2]", options(large, CHEAP + ",kernel-shap," + PERFORMANCE + "," + CHECKS, ATTRIBUTED, 4, dir.resolve("eq.json")));
        System.out.printf("Spark audit of 100000 rows on local[2]: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        // the single-machine side: the same file read by Java, the model from its file, the same background sample
        ModelFile.Saved saved = ModelFile.load(model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit raw = BreastCancerRows.read(large);
        DataSplit all = std.apply(raw);
        int n = all.rows();
        DataSplit background = rowsOf(all, sampleIds(n, 1000));
        DatasetSchema schema = schema();
        TestContext context = new TestContext(saved.model(), schema, background, Blocks.rows(all, 0, ATTRIBUTED)).seed(SEED)
                .with("rows", Integer.toString(n));

        // counts and metrics over every row: exactly
        TestContext everyRow = new TestContext(saved.model(), schema, all, all).seed(SEED).standardization(std).csvUnits(raw, raw);
        List<Finding> counts = new CountsAndLoss().explain(everyRow);
        List<Finding> spark = run(report, "test-counts").findings();
        assertEquals(counts, spark);
        assertEquals(100_000.0, ((Metric) spark.get(0)).value());
        // the built-ins bit for bit: the explainer's own explain(context) on one machine, in blocks (Blocks), with the
        // data set as its training labels too (the default positive class is the rarest class of every row on Spark)
        for (PartitionedExplainer<?> e : BUILT_INS) sameFindings(e, everyRow, report);
        // the data checks over the data set as one machine checks a training split (no test split)
        TestContext checked = new TestContext(saved.model(), schema, all, null).seed(SEED).standardization(std).csvUnits(raw, null);
        for (Explainer e : DATA_CHECKS) sameFindings(e, checked, report);

        // attributions: the explainers themselves over the same rows, within 1e-6
        sameAttributions(new VanillaGradientsExplainer(), context, report);
        sameAttributions(new GradientTimesInputExplainer(), context, report);
        sameAttributions(new IntegratedGradientsExplainer(), context, report);
        sameAttributions(new OcclusionExplainer(), context, report);

        // KernelSHAP, each row seeded by its id, against the background the explainer draws
        KMeans.Summary bg = Backgrounds.of(context);
        double[][] abs = new double[30][ATTRIBUTED];
        for (int i = 0; i < ATTRIBUTED; i++) {
            KernelShap shapley = new KernelShap(bg.centres(), bg.weights(), 0, RowMethods.rowSeed(SEED, "kernel-shap", i), 4096);
            Tensor x = Blocks.rows(all, i, i + 1).features();
            int target = 0; // one logit: the explained output is unit 0
            float[] v = shapley.attribute(saved.model(), x, null, new int[] {target}, Monitor.NONE).values();
            for (int j = 0; j < 30; j++) abs[j][i] = Math.abs(v[j]);
        }
        FeatureAttribution global = (FeatureAttribution) run(report, "kernel-shap").findings().get(0);
        assertEquals("mean over " + ATTRIBUTED + " rows", global.subject());
        for (int j = 0; j < 30; j++) {
            assertClose(Intervals.mean(abs[j]), global.values()[j], "KernelSHAP mean, feature " + j);
            assertClose(Intervals.ci95HalfWidth(abs[j]), global.uncertainty()[j], "KernelSHAP interval, feature " + j);
        }
    }

    /**
     * The default positive class on Spark is the rarest class over every row, as one machine finds it in the data set,
     * not the rarest in the background sample: here the sample's rows are mostly malignant while malignant is rare overall.
     */
    @Test
    @Order(3)
    void thePositiveClassComesFromEveryRowNotTheSample() throws Exception {
        int n = 3000, sample = 50;
        long[] drawn = sampleIds(n, sample);
        List<String> lines = new ArrayList<>(Files.readAllLines(small));
        for (int i = 0; i < n; i++) {
            int at = java.util.Arrays.binarySearch(drawn, i);
            String label = at >= 0 && at < 40 ? "0" : "1"; // 40 malignant rows, all in the sample
            lines.set(i + 1, lines.get(i + 1).replaceFirst("[^,]*$", label));
        }
        Path skewed = dir.resolve("skewed.csv");
        Files.write(skewed, lines);
        AuditReport report = audit("local[2]", options(skewed, PERFORMANCE, Long.MAX_VALUE, 0, dir.resolve("skewed.json"),
                "--sample", Integer.toString(sample)));

        ModelFile.Saved saved = ModelFile.load(model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit raw = BreastCancerRows.read(skewed), all = std.apply(raw);
        assertEquals(40, java.util.Arrays.stream(rowsOf(all, drawn).labels()).filter(y -> y == 0).count(), "the sample's malignant rows");
        TestContext everyRow = new TestContext(saved.model(), schema(), all, all).seed(SEED).standardization(std).csvUnits(raw, raw);
        for (PartitionedExplainer<?> e : BUILT_INS) sameFindings(e, everyRow, report);
        assertTrue(ReportJson.findingsCanonical(List.of(run(report, "roc-pr"))).contains("malignant"));
    }

    /** The ids of the background sample the runner draws: the smallest seeded hashes of the row ids, in id order. */
    static long[] sampleIds(int n, int size) {
        return LongStream.range(0, n).boxed()
                .sorted(Comparator.comparingLong((Long id) -> RowMethods.rowSeed(SEED, "sample", id)).thenComparingLong(id -> id))
                .limit(size).sorted().mapToLong(Long::longValue).toArray();
    }

    static DatasetSchema schema() {
        return new DatasetSchema(BreastCancerRows.names(), BreastCancerRows.LABEL, List.of("malignant", "benign"), new int[] {30});
    }

    /** The explainer's findings on one machine and on Spark, compared as the report's canonical JSON: bit for bit. */
    private static void sameFindings(Explainer explainer, TestContext context, AuditReport report) throws Exception {
        ExplainerRun spark = run(report, explainer.info().id());
        ExplainerRun single = new ExplainerRun(spark.explainer(), ExplainerRun.Status.OK, explainer.explain(context), 0);
        assertEquals(ReportJson.findingsCanonical(List.of(single)), ReportJson.findingsCanonical(List.of(spark)), explainer.info().id());
    }

    private static void sameAttributions(Explainer explainer, TestContext context, AuditReport report) throws Exception {
        List<Finding> single = explainer.explain(context);
        List<Finding> spark = run(report, explainer.info().id()).findings();
        FeatureAttribution a = (FeatureAttribution) single.get(0), b = (FeatureAttribution) spark.get(0);
        assertEquals(a.title(), b.title());
        assertEquals(a.subject(), b.subject());
        assertEquals(a.features(), b.features());
        for (int j = 0; j < a.values().length; j++) {
            assertClose(a.values()[j], b.values()[j], a.title() + " feature " + j);
            assertClose(a.uncertainty()[j], b.uncertainty()[j], a.title() + " interval, feature " + j);
        }
        for (int row = 1; row <= 4; row++) { // the first rows' own values
            FeatureAttribution r = (FeatureAttribution) single.get(row), s = (FeatureAttribution) spark.get(row);
            assertEquals(r.title(), s.title());
            for (int j = 0; j < r.values().length; j++) assertClose(r.values()[j], s.values()[j], r.title() + " feature " + j);
        }
    }

    static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= 1e-6 * Math.max(1, Math.abs(expected)), what + ": " + expected + " vs " + actual);
    }

    static ExplainerRun run(AuditReport report, String id) {
        return report.runs().stream().filter(r -> r.explainerId().equals(id)).findFirst().orElseThrow();
    }

    static DataSplit rowsOf(DataSplit split, long[] ids) {
        float[] all = split.features().toArray(), x = new float[ids.length * 30];
        int[] y = new int[ids.length];
        for (int k = 0; k < ids.length; k++) {
            System.arraycopy(all, (int) ids[k] * 30, x, k * 30, 30);
            y[k] = split.labels()[(int) ids[k]];
        }
        return new DataSplit("background", Tensor.of(x, ids.length, 30), y, null);
    }

    /**
     * The data checks on planted rows: copies of earlier rows (two with the other label), a constant and a near-constant
     * column. Spark (3 partitions, constant-features in two passes) finds what one machine finds, bit for bit.
     */
    @Test
    @Order(4)
    void dataChecksFindWhatOneMachineFinds() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(small));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            f[2] = "7.5"; // constant
            f[3] = rng.nextInt(100) < 97 ? "0" : f[3]; // near-constant
            lines.set(i, String.join(",", f));
        }
        for (int c = 0; c < 30; c++) {
            int from = 1 + 50 * c + rng.nextInt(50), to = 1501 + 50 * c + rng.nextInt(50); // 30 groups of two
            String copy = lines.get(from);
            lines.set(to, c < 2 ? copy.replaceFirst("[^,]*$", copy.endsWith("0") ? "1" : "0") : copy);
        }
        Path planted = dir.resolve("planted.csv");
        Files.write(planted, lines);
        AuditReport report = audit("local[2]", options(planted, CHECKS, Long.MAX_VALUE, 3, dir.resolve("planted.json")));

        ModelFile.Saved saved = ModelFile.load(model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit raw = BreastCancerRows.read(planted), all = std.apply(raw);
        TestContext checked = new TestContext(saved.model(), schema(), all, null).seed(SEED).standardization(std).csvUnits(raw, null);
        for (Explainer e : DATA_CHECKS) sameFindings(e, checked, report);
        String found = ReportJson.findingsCanonical(List.of(run(report, "duplicate-rows"), run(report, "constant-features")));
        assertTrue(found.contains("2 groups with conflicting labels"), found);
        assertTrue(found.contains("1 constant and 1 near-constant of 30 features in 3000 data rows"), found);
    }

    @Test
    @Order(6)
    void aMalformedRowNamesItsFileAndLineAndWritesNoReport() throws Exception {
        Path bad = dir.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(small).subList(0, 200));
        lines.set(49, lines.get(49).replaceFirst("^[^,]+,", "1.5,twelve,"));
        Files.write(bad, lines);
        refused(options(bad, "test-counts,saliency", Long.MAX_VALUE, 0, dir.resolve("bad.json")), "bad.csv, line 50, row id 48");
    }

    /**
     * The explainers that need their rows in one JVM or retrain run on the driver on the stated --sample rows (said in
     * their first finding), with the model file's history and retrainer: label-noise as one machine runs it on those
     * rows, bit for bit; the shuffled-label probe retrains; learning curves read the file's history.
     */
    @Test
    @Order(5)
    void retrainingExplainersRunOnTheStatedSample() throws Exception {
        int sample = 300;
        AuditReport report = audit("local[2]", options(small, "label-noise,shuffled-label-probe,learning-curves", Long.MAX_VALUE, 3,
                dir.resolve("sample.json"), "--sample", Integer.toString(sample), "--param", "shuffled-label-probe.epochs=3"));
        ModelFile.Saved saved = ModelFile.load(model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit raw = BreastCancerRows.read(small);
        long[] drawn = sampleIds(3000, sample);
        DataSplit rows = rowsOf(std.apply(raw), drawn), rowsCsv = rowsOf(raw, drawn);
        DataSplit named = new DataSplit("sample", rows.features(), rows.labels(), null);
        TestContext onSample = new TestContext(saved.model(), schema(), named, null).seed(SEED).standardization(std)
                .csvUnits(new DataSplit("sample", rowsCsv.features(), rowsCsv.labels(), null), null).history(saved.history());

        for (String id : List.of("label-noise", "shuffled-label-probe")) {
            dev.lucent.explain.api.Table stated = (dev.lucent.explain.api.Table) run(report, id).findings().get(0);
            assertEquals(List.of(List.of("300", "3000", "the smallest seeded hashes of the row ids (--sample, --seed)")), stated.rows(), id);
        }
        List<Finding> noise = run(report, "label-noise").findings();
        ExplainerRun spark = new ExplainerRun(run(report, "label-noise").explainer(), ExplainerRun.Status.OK, noise.subList(1, noise.size()), 0);
        ExplainerRun single = new ExplainerRun(spark.explainer(), ExplainerRun.Status.OK,
                new dev.lucent.explain.datachecks.LabelNoiseExplainer().explain(onSample), 0);
        assertEquals(ReportJson.findingsCanonical(List.of(single)), ReportJson.findingsCanonical(List.of(spark)));
        Metric shuffled = (Metric) run(report, "shuffled-label-probe").findings().get(1);
        assertEquals("Accuracy on shuffled training labels", shuffled.title());
        assertTrue(shuffled.note().contains(sample + " rows, 3 epochs"), shuffled.note());
        ExplainerRun curves = run(report, "learning-curves");
        assertEquals(ReportJson.findingsCanonical(List.of(new ExplainerRun(curves.explainer(), ExplainerRun.Status.OK,
                new dev.lucent.explain.overfitting.LearningCurvesExplainer().explain(onSample), 0))), ReportJson.findingsCanonical(List.of(curves)));
    }

    /** Bad input: exit 2, one line naming the problem, no report written. */
    static void refused(SparkAuditOptions o, String naming) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkAuditMain.audit(session("local[2]"), o, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains(naming), message);
        assertEquals(1, message.strip().lines().count(), message);
        assertFalse(Files.exists(o.json()));
    }

    /** --param as on the CLI: checked against what the explainer declares, and given to its contexts on the executors and the driver. */
    @Test
    @Order(7)
    void parametersReachTheExplainersAndUnknownOnesAreRefused() throws Exception {
        AuditReport report = audit("local[2]", options(small, "calibration", Long.MAX_VALUE, 3, dir.resolve("p.json"), "--param", "calibration.bins=5"));
        assertEquals("{calibration={bins=5}}", report.provenance().parameters().toString());
        ModelFile.Saved saved = ModelFile.load(model);
        Standardizer std = new Standardizer(saved.preprocessing().mean(), saved.preprocessing().std());
        DataSplit raw = BreastCancerRows.read(small), all = std.apply(raw);
        TestContext everyRow = new TestContext(saved.model(), schema(), all, all).seed(SEED).standardization(std).csvUnits(raw, raw);
        TestContext fiveBins = new TestContext(saved.model(), schema(), all, all).seed(SEED).standardization(std).csvUnits(raw, raw)
                .with("bins", "5");
        sameFindings(new CalibrationExplainer(), fiveBins, report);
        ExplainerRun byDefault = new ExplainerRun(run(report, "calibration").explainer(), ExplainerRun.Status.OK,
                new CalibrationExplainer().explain(everyRow), 0);
        assertFalse(ReportJson.findingsCanonical(List.of(byDefault)).equals(ReportJson.findingsCanonical(List.of(run(report, "calibration")))),
                "five bins give other findings than the default fifteen");

        Path json = dir.resolve("unknown.json");
        refused(options(small, "calibration", Long.MAX_VALUE, 0, json, "--param", "calibration.binz=5"), "'calibration' has no parameter 'binz'");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> options(small, "calibration", Long.MAX_VALUE, 0, json, "--param", "bins=5"));
        assertTrue(e.getMessage().contains("is not 'explainer-id.name = value'"), e.getMessage());
    }
}
