package dev.lucent.spark;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.AuditReport;
import dev.lucent.audit.api.AuditRequest;
import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.audit.api.Provenance;
import dev.lucent.audit.report.ReportJson;
import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.audit.runner.OnnxInputs;
import dev.lucent.audit.runner.Retraining;
import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Table;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.ExplainerInfo;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Stage;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.api.attribution.AttributionFindings;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.partition.CurrentDataPartitionedExplainer;
import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.explain.attribution.Backgrounds;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Preprocessing;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * An audit as a Spark job, on the driver: reads the data where it lies, gives every row its id (its position as read),
 * broadcasts the model's bytes, summarizes each partition on the executors ({@link PartitionWork}), merges the
 * summaries exactly and turns them into the same sealed report the single-machine runner writes. A failed job (a
 * malformed row, a task past its retries) throws: nothing is sealed from a partial run.
 */
final class SparkAudit {
    static final String MALFORMED = "_lucent_malformed", FILE = "_lucent_file";

    private SparkAudit() {
    }

    /** Bad input, said in one line (exit 2). */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    static AuditReport run(SparkSession spark, SparkAuditOptions o) throws BadInput, AuditCancelledException {
        Instant started = Instant.now();
        byte[] modelBytes;
        try {
            modelBytes = Files.readAllBytes(o.model());
        } catch (IOException e) {
            throw new BadInput(o.model() + ": cannot read the model file: " + e.getMessage());
        }
        Dataset<Row> df = read(spark, o);
        List<String> columns = Arrays.asList(df.columns());
        if (!columns.contains(o.label()))
            throw new BadInput(o.data() + ": no label column '" + o.label() + "' among " + columns.stream().filter(c -> !c.startsWith("_lucent_")).toList());
        List<String> features = columns.stream().filter(c -> !c.equals(o.label()) && !c.startsWith("_lucent_")).toList();
        ModelSpec spec = spec(o, modelBytes, features, df);
        int[] featureAt = features.stream().mapToInt(columns::indexOf).toArray();
        boolean singleCsv = !isParquet(o.data()) && Files.isRegularFile(java.nio.file.Path.of(o.data()));
        RowReader reader = new RowReader(featureAt, columns.indexOf(o.label()), columns.indexOf(MALFORMED), columns.indexOf(FILE),
                spec.schema().classNames(), singleCsv ? 2 : -1);

        CurrentData currentData = o.current() == null ? null : currentData(spark, o, features, spec);
        JavaPairRDD<Row, Long> indexed = RowIds.index(df);
        int readPartitions = indexed.getNumPartitions();
        ModelSpec.Built driverModel = spec.build();
        List<Tuple2<Row, Long>> drawn;
        try {
            drawn = SeededSample.draw(indexed, o.sample(), o.seed()); // in id order
        } catch (RuntimeException e) {
            throw failed(e);
        }
        int m = features.size();
        float[] bgCsv = new float[drawn.size() * m];
        int[] bgLabels = reader.regression() ? null : new int[drawn.size()];
        float[] bgTargets = reader.regression() ? new float[drawn.size()] : null;
        for (int i = 0; i < drawn.size(); i++) {
            try {
                int y = reader.read(drawn.get(i)._1(), drawn.get(i)._2(), bgCsv, i * m);
                if (bgLabels != null) bgLabels[i] = y;
                else bgTargets[i] = reader.target(drawn.get(i)._1(), drawn.get(i)._2());
            } catch (MalformedRowException e) {
                throw new BadInput("malformed row: " + MalformedRowException.find(e));
            }
        }
        DataSplit backgroundCsv = new DataSplit("background", Tensor.of(bgCsv, drawn.size(), m), bgLabels, bgTargets);
        DataSplit background = driverModel.standardization() == null ? backgroundCsv : driverModel.standardization().apply(backgroundCsv);
        RowsContext driver = new RowsContext(driverModel.model(), spec.schema(), background, backgroundCsv, background, backgroundCsv,
                driverModel.standardization(), o.seed(), Map.of(), null, null);

        // which explainer runs how
        Map<String, Explainer> builtIns;
        try {
            builtIns = Catalog.builtIns(Thread.currentThread().getContextClassLoader());
        } catch (IOException e) {
            throw new BadInput("cannot list the explainers on the classpath: " + e.getMessage());
        }
        Map<String, Explainer> known = new LinkedHashMap<>(builtIns);
        for (String c : o.classes()) {
            try {
                Explainer e = JobSpec.instantiate(c);
                known.put(e.info().id(), e);
            } catch (RuntimeException e) {
                throw new BadInput("--explainer-class " + c + ": not a PartitionedExplainer with a public constructor without arguments (" + e.getMessage() + ")");
            }
        }
        List<String> chosen = new ArrayList<>(o.explainers());
        if (chosen.isEmpty()) {
            chosen.addAll(known.keySet());
            RowMethods.BY_ID.keySet().forEach(id -> { if (!chosen.contains(id)) chosen.add(id); });
        }
        List<String> partitioned = new ArrayList<>(), partitionedIds = new ArrayList<>(), methods = new ArrayList<>();
        List<String> planned = new ArrayList<>(), plannedIds = new ArrayList<>();
        for (String id : chosen) {
            if (RowMethods.BY_ID.containsKey(id)) methods.add(id);
            else if (known.get(id) instanceof PartitionedExplainer<?> p) {
                partitioned.add(p.getClass().getName());
                partitionedIds.add(id);
            } else if (known.get(id) instanceof CurrentDataPartitionedExplainer<?, ?, ?> && currentData == null) {
                continue; // said in its finding: no --current
            } else if (known.get(id) instanceof PlannedPartitionedExplainer<?, ?, ?> p) {
                planned.add(p.getClass().getName());
                plannedIds.add(id);
            } else if (!known.containsKey(id))
                throw new BadInput("unknown explainer '" + id + "'; on Spark: " + String.join(", ", known.keySet()));
        }
        // --param as the CLI holds it: each to what its explainer declares, before any job starts
        Map<String, ExplainerInfo> declared = new LinkedHashMap<>();
        for (String id : chosen)
            declared.put(id, RowMethods.BY_ID.containsKey(id) ? RowMethods.BY_ID.get(id).explainer().get().info() : known.get(id).info());
        try {
            AuditRequest.of(o.model(), java.nio.file.Path.of(o.data()), o.label()).withExplainers(chosen).withParameters(o.parameters())
                    .checkParameters(declared);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        KMeans.Summary shapBackground = methods.contains("kernel-shap") ? Backgrounds.of(driver) : null;

        JobSpec job = new JobSpec(reader, o.seed(), o.blockRows(), partitioned, planned, methods, o.parameters(), o.rows(), o.shown(),
                bgCsv, bgLabels, bgTargets, shapBackground == null ? null : shapBackground.centres().toArray(),
                shapBackground == null ? null : shapBackground.weights());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelSpec> model = jsc.broadcast(spec);
        String app = spark.sparkContext().applicationId();
        JavaPairRDD<Row, Long> rows = o.partitions() > 0 ? indexed.repartition(o.partitions()) : indexed;
        int partitions = rows.getNumPartitions();
        PartitionSummary total;
        List<PlannedPartitionedExplainer<Serializable, Serializable, Serializable>> plannedInstances =
                planned.stream().map(JobSpec::planned).toList();
        List<Serializable> plans = new ArrayList<>();
        Broadcast<ArrayList<Serializable>> broadcastPlans = null;
        try {
            // a planned explainer's first pass over every row, merged here into its plan, which every partition is sent
            if (!planned.isEmpty()) {
                PartitionSummary first = pass(rows, job, model, app, null, o.data());
                String positiveClass = positiveClass(first, reader);
                if (currentData != null) withCurrent(first, pass(currentData.rows(o), job, model, app, null, o.current(), currentData.reader()), Pass.first(job));
                for (int k = 0; k < plannedInstances.size(); k++) {
                    try {
                        plans.add(plannedInstances.get(k).plan(driverContext(driver, o, plannedIds.get(k), positiveClass, reader),
                                first.summaries.get(k)));
                    } catch (IllegalArgumentException e) {
                        throw new BadInput(plannedIds.get(k) + ": " + AuditInputs.oneLine(String.valueOf(e.getMessage())));
                    }
                }
            }
            broadcastPlans = jsc.broadcast(new ArrayList<>(plans));
            total = pass(rows, job, model, app, broadcastPlans, o.data());
            if (currentData != null && !planned.isEmpty())
                withCurrent(total, pass(currentData.rows(o), job, model, app, broadcastPlans, o.current(), currentData.reader()), Pass.second(job, plans));
        } finally {
            model.destroy();
            if (broadcastPlans != null) broadcastPlans.destroy();
            ExecutorModels.forget(app);
        }

        List<ExplainerRun> runs = new ArrayList<>();
        List<PartitionedExplainer<Serializable>> instances = explainers(job);
        String positiveClass = positiveClass(total, reader);
        for (String id : chosen) {
            long t0 = System.nanoTime();
            RowsContext findingsContext = driverContext(driver, o, id, positiveClass, reader);
            List<Finding> findings;
            ExplainerInfo info;
            int p = partitionedIds.indexOf(id), q = plannedIds.indexOf(id), a = methods.indexOf(id);
            if (p >= 0) {
                info = instances.get(p).info();
                findings = instances.get(p).findings(findingsContext, total.summaries.get(p));
            } else if (q >= 0) {
                info = plannedInstances.get(q).info();
                findings = plannedInstances.get(q).findings(findingsContext, plans.get(q), total.summaries.get(instances.size() + q));
            } else if (a >= 0) {
                RowMethods.Method method = RowMethods.BY_ID.get(id);
                info = method.explainer().get().info();
                findings = attributionFindings(findingsContext, method.title(), total.attributions.get(a));
            } else if (ON_SAMPLE.contains(id) || FROM_HISTORY.contains(id)) {
                info = known.get(id).info();
                findings = onDriver(known.get(id), findingsContext, ON_SAMPLE.contains(id), spec, modelBytes, total.rows);
            } else if (known.get(id) instanceof CurrentDataPartitionedExplainer<?, ?, ?> || NOT_MERGEABLE.containsKey(id)) {
                info = known.get(id).info();
                findings = List.of(Verdict.notApplicable(info.name() + " at scale", Stage.DEPLOYMENT_READINESS,
                        currentData == null ? "Not run on Spark: the audit was given no current data to compare with (--current PATH, as on"
                                + " lucent.jar audit; any path Spark reads)." : "Not run on Spark: " + NOT_MERGEABLE.get(id),
                        currentData == null ? "Give --current with the data the model sees today." : "Run it with lucent.jar audit --current on a sample of both data sets."));
            } else {
                info = known.get(id).info();
                findings = List.of(Verdict.notApplicable(info.name() + " at scale", Stage.VALIDATION,
                        "Not run on Spark: " + info.name() + " compares the training split with a held-out split, looks other"
                                + " explainers up as services, or needs every row in one JVM; an audit distributed over partitions"
                                + " has one data set, read a partition at a time.",
                        "Run it with lucent.jar audit on a sample of the data."));
            }
            runs.add(new ExplainerRun(new ExplainerRef(info.id(), info.name(), info.version(), info.family(), null, null),
                    ExplainerRun.Status.OK, findings, (System.nanoTime() - t0) / 1_000_000));
        }
        Map<String, String> versions = new LinkedHashMap<>();
        for (ExplainerRun r : runs) versions.put(r.explainerId(), r.version() + " (on Spark)");
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("runner", "Apache Spark " + spark.version());
        machine.put("master", spark.sparkContext().master());
        machine.put("partitions", partitions + (partitions == readPartitions ? "" : " (repartitioned from " + readPartitions + " as read)"));
        machine.put("rows", Long.toString(total.rows));
        machine.put("sample", Integer.toString(o.sample())); // what a replay with spark-submit passes again (ReplayNote)
        if (o.rows() != Long.MAX_VALUE) machine.put("explainedRows", Long.toString(o.rows()));
        machine.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        machine.put("driverProcessors", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String split = String.format(Locale.ROOT, "held-out: every one of the %d rows of %s as Spark read them, row ids by position;"
                + " background: %d rows drawn by seeded row id (--sample)", total.rows, o.data(), drawn.size());
        Provenance provenance = new Provenance(o.model().getFileName().toString(), dev.lucent.network.api.data.Sha256.hex(modelBytes), o.data(), null, null, null,
                o.label(), split, o.seed(), versions, o.parameters(), SparkAudit.class.getPackage().getImplementationVersion() == null
                ? "dev" : SparkAudit.class.getPackage().getImplementationVersion(), started, Instant.now(), machine,
                (spec.onnx() ? "ONNX model" : "Lucent model file") + ", run on Spark executors", null, null, null, Map.of(), o.current(), null, null);
        String modelName = driverModel.model().name();
        return ReportJson.seal(UUID.randomUUID().toString(), "Audit of " + modelName + " on " + o.data() + " (Spark)", modelName, provenance, runs);
    }

    /** The global finding from the merged sums, and the first rows' own findings as the explainers give them. */
    static List<Finding> attributionFindings(RowsContext context, String title, AttributionSummary s) {
        List<String> names = context.schema().featureNames();
        List<Finding> out = new ArrayList<>();
        out.add(new FeatureAttribution(title + ": mean |attribution| per feature", Stage.EXPLANATIONS, "mean over " + s.rows() + " rows",
                names, s.means(), s.halfWidths(), (s.note() == null ? "" : s.note() + "; ")
                + "uncertainty: half-width of the 95% interval of the mean over rows"));
        if (s.kept().isEmpty()) return out;
        int n = s.kept().size(), m = names.size();
        List<AttributionSummary.Kept> kept = new ArrayList<>(s.kept().values());
        int perRow = kept.get(0).values().length;
        float[] values = new float[n * perRow], inputs = new float[n * m];
        int[] targets = new int[n];
        String[] notes = new String[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(kept.get(i).values(), 0, values, i * perRow, perRow);
            System.arraycopy(kept.get(i).inputs(), 0, inputs, i * m, m);
            targets[i] = kept.get(i).target();
            notes[i] = kept.get(i).note();
        }
        List<Finding> rows = AttributionFindings.of(context, title, new Attributions(values, null, notes, s.note()),
                Tensor.of(inputs, n, m), targets, n);
        out.addAll(rows.subList(1, rows.size())); // its first finding summarizes only these rows
        return out;
    }

    /**
     * Explainers that read only the training rows and retrain on them (label-noise's neighbour search, the
     * shuffled-label probe): at scale they run on the driver on the {@code --sample} rows, said in their first finding.
     */
    static final Set<String> ON_SAMPLE = Set.of("label-noise", "shuffled-label-probe");
    /** Explainers that read only the model file's training history: they run on the driver, no rows needed. */
    static final Set<String> FROM_HISTORY = Set.of("learning-curves", "early-stopping", "norm-trends");

    /**
     * An explainer run on the driver: on the sample as its training split (with the model file's history and
     * retrainer), or NOT_APPLICABLE naming the need the audit does not meet (an ONNX model has no history and cannot
     * be retrained).
     */
    private static List<Finding> onDriver(Explainer explainer, RowsContext driver, boolean onSample, ModelSpec spec, byte[] modelBytes,
                                          long rows) throws AuditCancelledException {
        ExplainerInfo info = explainer.info();
        TrainingHistory history = null;
        AuditContext.Retrainer retrainer = null;
        if (!spec.onnx()) {
            try {
                ModelFile.Saved saved = ModelFile.fromBytes(modelBytes);
                history = saved.history();
                retrainer = Retraining.of(saved, spec.schema(), () -> false);
            } catch (IOException e) {
                throw new IllegalStateException("the model file read before cannot be read again: " + e.getMessage(), e);
            }
        }
        DataSplit bg = driver.background(), bgCsv = driver.backgroundInCsvUnits();
        RowsContext c = driver.onSample(new DataSplit("sample", bg.features(), bg.labels(), bg.targets()),
                new DataSplit("sample", bgCsv.features(), bgCsv.labels(), bgCsv.targets()), history, retrainer);
        java.util.Optional<String> unmet = info.unmetNeed(c);
        if (unmet.isPresent())
            return List.of(Verdict.notApplicable(info.name() + " at scale", Stage.VALIDATION, "Not run on Spark: " + unmet.get() + ".",
                    "Run it with lucent.jar audit where the model can be retrained or its history is known."));
        List<Finding> out = new ArrayList<>();
        if (onSample)
            out.add(new Table(info.name() + ": the rows it ran on", Stage.VALIDATION, List.of("rows", "of the data set's", "drawn"),
                    List.of(List.of(Integer.toString(bg.rows()), Long.toString(rows), "the smallest seeded hashes of the row ids (--sample, --seed)")),
                    "at scale this explainer runs on the driver on the --sample rows: it needs its rows in one JVM"));
        out.addAll(explainer.explain(c));
        return out;
    }

    /**
     * One pass over every row: each partition summarized on the executors, the summaries merged (in whatever order
     * Spark merges), checked to cover every row id once. The first pass has no plans; the last has them all and also
     * runs the per-row methods.
     */
    private static PartitionSummary pass(JavaPairRDD<Row, Long> rows, JobSpec job, Broadcast<ModelSpec> model, String app,
                                         Broadcast<ArrayList<Serializable>> plans, String data) throws BadInput {
        return pass(rows, job, model, app, plans, data, null);
    }

    /** As above over the current data's rows ({@code currentReader} not null): only the passes that compare with them. */
    private static PartitionSummary pass(JavaPairRDD<Row, Long> rows, JobSpec job, Broadcast<ModelSpec> model, String app,
                                         Broadcast<ArrayList<Serializable>> plans, String data, RowReader currentReader) throws BadInput {
        PartitionSummary total;
        try {
            total = rows.mapPartitions(it -> {
                ModelSpec.Built built = ExecutorModels.get(app, model.id(), model.value());
                List<Pass> passes = plans == null ? Pass.first(job) : Pass.second(job, plans.value());
                return List.of((currentReader == null ? new PartitionWork(job, model.value(), built, passes, plans != null)
                        : new PartitionWork(job, model.value(), built, passes, false, currentReader, true)).run(it)).iterator();
            }).reduce((a, b) -> a.merge(b, plans == null ? Pass.first(job) : Pass.second(job, plans.value())));
        } catch (RuntimeException e) {
            throw failed(e);
        }
        if (total.rows == 0) throw new BadInput(data + ": no rows");
        if (total.minId != 0 || total.maxId != total.rows - 1)
            throw new IllegalStateException("the partitions summarized " + total.rows + " rows with ids " + total.minId + ".." + total.maxId
                    + ": some rows were lost or counted twice; no report is written");
        return total;
    }

    /**
     * Explainers that compare the data with the current data by a statistic over pairs of rows or a classifier trained
     * on both: nothing that merges from partition summaries, so not run at scale (said in their finding).
     */
    static final Map<String, String> NOT_MERGEABLE = Map.of(
            "activation-drift", "activation drift compares a layer's activations on reference and current rows by the maximum mean"
                    + " discrepancy, a kernel statistic over every pair of rows with a permutation test, which no partition summary merges into.",
            "domain-classifier", "the domain classifier trains a model to tell reference rows from current ones and scores it on held-out rows"
                    + " of both, which needs both data sets' rows in one JVM.");

    /** The current data ({@code --current}): its rows with their ids, and how they are read. */
    record CurrentData(JavaPairRDD<Row, Long> indexed, RowReader reader) {
        JavaPairRDD<Row, Long> rows(SparkAuditOptions o) {
            return o.partitions() > 0 ? indexed.repartition(o.partitions()) : indexed;
        }
    }

    /**
     * Reads {@code --current} as {@code --data} is read: the same feature columns by name (in any order; others
     * ignored), the label when it has one, row ids by position.
     */
    private static CurrentData currentData(SparkSession spark, SparkAuditOptions o, List<String> features, ModelSpec spec) throws BadInput {
        Dataset<Row> df = read(spark, o.current(), o.label());
        List<String> columns = Arrays.asList(df.columns());
        List<String> missing = features.stream().filter(f -> !columns.contains(f)).toList();
        if (!missing.isEmpty())
            throw new BadInput(o.current() + ": the current data has no column" + (missing.size() > 1 ? "s " : " ") + missing + " of the data's features");
        boolean singleCsv = !isParquet(o.current()) && Files.isRegularFile(java.nio.file.Path.of(o.current()));
        RowReader reader = new RowReader(features.stream().mapToInt(columns::indexOf).toArray(), columns.indexOf(o.label()),
                columns.indexOf(MALFORMED), columns.indexOf(FILE), spec.schema().classNames(), singleCsv ? 2 : -1);
        return new CurrentData(RowIds.index(df), reader);
    }

    /** The current data's summaries merged into the data's, explainer by explainer, for those that compare the two. */
    private static void withCurrent(PartitionSummary total, PartitionSummary current, List<Pass> passes) {
        for (int e = 0; e < passes.size(); e++)
            if (passes.get(e).ofCurrent() != null)
                total.summaries.set(e, passes.get(e).merge().apply(total.summaries.get(e), current.summaries.get(e)));
    }

    /**
     * The driver's context for one explainer's plan or findings: its parameters, and for a classifier the default
     * positive class. The driver's context has the sample as its training labels; the default positive class is
     * chosen as on one machine, but from every row's label, so that a sample's chance counts cannot pick another class.
     */
    private static RowsContext driverContext(RowsContext driver, SparkAuditOptions o, String id, String positiveClass, RowReader reader) {
        Map<String, String> given = new LinkedHashMap<>(o.parameters().getOrDefault(id, Map.of()));
        if (!reader.regression()) given.putIfAbsent("positive-class", positiveClass);
        return driver.withParameters(given);
    }

    private static String positiveClass(PartitionSummary total, RowReader reader) {
        return reader.regression() ? null : Integer.toString(ModelOutputs.minorityClass(total.perClass));
    }

    static List<PartitionedExplainer<Serializable>> explainers(JobSpec job) {
        return job.partitioned().stream().map(JobSpec::instantiate).toList();
    }

    static Dataset<Row> read(SparkSession spark, SparkAuditOptions o) throws BadInput {
        return read(spark, o.data(), o.label());
    }

    private static Dataset<Row> read(SparkSession spark, String data, String label) throws BadInput {
        Dataset<Row> df;
        try {
            if (isParquet(data)) {
                df = spark.read().parquet(data);
                for (String c : df.columns())
                    df = df.withColumn(c, functions.col(c).cast(c.equals(label) ? DataTypes.StringType : DataTypes.DoubleType));
            } else {
                String[] header = spark.read().option("header", "true").csv(data).columns();
                List<StructField> fields = new ArrayList<>();
                for (String c : header)
                    fields.add(DataTypes.createStructField(c, c.equals(label) ? DataTypes.StringType : DataTypes.DoubleType, true));
                fields.add(DataTypes.createStructField(MALFORMED, DataTypes.StringType, true));
                df = spark.read().option("header", "true").option("mode", "PERMISSIVE")
                        .option("columnNameOfCorruptRecord", MALFORMED).schema(new StructType(fields.toArray(StructField[]::new))).csv(data);
            }
        } catch (RuntimeException e) {
            throw new BadInput(data + ": Spark cannot read it: " + AuditInputs.oneLine(String.valueOf(e.getMessage())));
        }
        return df.withColumn(FILE, functions.input_file_name());
    }

    private static boolean isParquet(String data) {
        return data.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** The model's spec: a Lucent model file's own schema and classes, or an ONNX model read as the host reads it. */
    private static ModelSpec spec(SparkAuditOptions o, byte[] bytes, List<String> features, Dataset<Row> df) throws BadInput {
        String name = o.model().getFileName().toString();
        int m = features.size();
        if (AuditInputs.isOnnx(o.model())) {
            AuditableModel onnx;
            try {
                onnx = OnnxInputs.read(o.model());
            } catch (AuditException e) {
                throw new BadInput(e.getMessage());
            }
            checkWidth(o, onnx, m);
            int units = onnx.outputCount();
            OutputKind kind = OutputKind.CLASS_LOGITS;
            if (units < 2) {
                // the single-machine rule on the label's distinct values; three are enough to tell two from more
                List<String> values = labelValues(df, o.label(), 3);
                kind = OnnxInputs.oneOutputKind(onnx.outputKind(), values);
                if (kind == null)
                    throw new BadInput(o.model() + ": " + OnnxInputs.oneOutputReadings(onnx.outputKind()) + ", but the label column '" + o.label() + "' of " + o.data() + " has " + (values.size() > 2 ? "values such as " : "")
                            + values);
                if (kind == OutputKind.REGRESSION) return new ModelSpec(name, bytes, true, kind, features, o.label(), List.of());
            }
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < Math.max(2, units); i++) classes.add(Integer.toString(i));
            return new ModelSpec(name, bytes, true, kind, features, o.label(), classes);
        }
        ModelFile.Saved saved;
        try {
            saved = ModelFile.fromBytes(bytes);
        } catch (IOException e) {
            throw new BadInput(o.model() + ": " + AuditInputs.oneLine(e.getMessage()));
        }
        AuditableModel model = saved.model();
        checkWidth(o, model, m);
        Preprocessing pre = saved.preprocessing();
        if (pre != null && !pre.featureNames().isEmpty() && !pre.featureNames().equals(features))
            throw new BadInput(o.data() + ": the feature columns " + features + " are not the model's " + pre.featureNames());
        // a regression model's label is a number to predict (no classes), as the single-machine runner reads it
        if (model.outputKind() == OutputKind.REGRESSION)
            return new ModelSpec(name, bytes, false, model.outputKind(), features, o.label(), List.of());
        List<String> classes = pre != null && !pre.classNames().isEmpty() ? pre.classNames() : new ArrayList<>();
        if (classes.isEmpty())
            for (int i = 0; i < Math.max(2, model.outputCount()); i++) classes.add(Integer.toString(i));
        return new ModelSpec(name, bytes, false, model.outputKind(), features, o.label(), classes);
    }

    /** Up to {@code most} distinct values of the label column (trimmed, as {@link RowReader} reads them), sorted. */
    private static List<String> labelValues(Dataset<Row> df, String label, int most) throws BadInput {
        try {
            List<String> values = new ArrayList<>(df.select(functions.trim(functions.col(label))).na().drop().distinct().limit(most)
                    .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
            values.sort(null);
            return values;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    private static void checkWidth(SparkAuditOptions o, AuditableModel model, int m) throws BadInput {
        int need = Arrays.stream(model.inputShape()).reduce(1, (x, y) -> x * y);
        if (need != m)
            throw new BadInput(o.data() + ": " + m + " feature columns, but the model " + o.model().getFileName() + " takes " + need + " values per row");
    }

    /** A failed job as one line: a malformed row names itself; anything else is the job's own message. */
    static BadInput failed(RuntimeException e) {
        String malformed = MalformedRowException.find(e);
        if (malformed != null) return new BadInput("malformed row: " + malformed);
        throw e;
    }
}
