package dev.lucent.audit.runner;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.ImageInput;
import dev.lucent.audit.data.DataFiles;
import dev.lucent.network.api.data.Sha256;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.LoadLimits;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import dev.lucent.network.api.data.Standardizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads what an audit works on: the model file with its preprocessing and history, the data read with the
 * model's label column, split as the model was trained (the seed the {@code train} command recorded, else
 * the audit's), and standardised with the model's own statistics. ONNX files go through {@link OnnxInputs}. The host calls it to refuse bad input
 * before a worker starts; the worker calls it to run.
 */
public final class AuditInputs {

    /** The split the {@code train} command uses; audits draw the same one so the test rows stay unseen. */
    public static final double TRAIN = 0.70, VALIDATION = 0.15, TEST = 0.15;
    public static final String SPLIT_SEED_KEY = "splitSeed";

    /**
     * Everything loaded. {@code test} is never null: a separate file or the held-out split. {@code model} is what
     * explainers see; {@code saved} is the Lucent model file (null for an ONNX model); {@code modelFormat} says in
     * words what the file is and how its inputs and outputs are read, for the report's provenance.
     */
    public record Prepared(Path modelFile, ModelFile.Saved saved, DatasetSchema schema, DataSplit train, DataSplit test,
                           String split, String modelSha256, String dataSha256, String testSha256,
                           AuditableModel model, String modelFormat, DataSplit trainInCsvUnits, DataSplit testInCsvUnits,
                           DataSplit current, DataSplit currentInCsvUnits, String currentSha256) {
        /** Inputs whose features are the CSV's as they are (an ONNX model's): the splits are their own CSV units. */
        public Prepared(Path modelFile, ModelFile.Saved saved, DatasetSchema schema, DataSplit train, DataSplit test,
                        String split, String modelSha256, String dataSha256, String testSha256,
                        AuditableModel model, String modelFormat) {
            this(modelFile, saved, schema, train, test, split, modelSha256, dataSha256, testSha256, model, modelFormat, train, test,
                    null, null, null);
        }

        /** A Lucent model file's inputs: the model is the saved one. */
        public Prepared(Path modelFile, ModelFile.Saved saved, DatasetSchema schema, DataSplit train, DataSplit test,
                        String split, String modelSha256, String dataSha256, String testSha256) {
            this(modelFile, saved, schema, train, test, split, modelSha256, dataSha256, testSha256, saved.model(),
                    "Lucent model file");
        }

        /** The same inputs seen through another model (e.g. one that splits calls into chunks); everything else kept. */
        public Prepared withModel(AuditableModel other) {
            return new Prepared(modelFile, saved, schema, train, test, split, modelSha256, dataSha256, testSha256, other,
                    modelFormat, trainInCsvUnits, testInCsvUnits, current, currentInCsvUnits, currentSha256);
        }

        /**
         * The standardization between the CSV's units and the model's inputs: a Lucent model's own training statistics;
         * null when the features go in as they are.
         */
        public Standardizer standardization() {
            Preprocessing pre = saved == null ? null : saved.preprocessing();
            return pre == null || pre.mean().length == 0 ? null : new Standardizer(pre.mean(), pre.std());
        }
    }

    /**
     * {@link #load(Path, Path, String, Path, long)} and the current data ({@code --current}, null for none), read as
     * the test file is read (the same columns and classes; missing cells get the current file's own means, so a gap
     * does not pass for the reference's typical value) and prepared as the model sees its inputs.
     */
    public static Prepared load(Path model, Path data, String label, Path test, Path current, long seed) throws AuditException {
        return load(model, data, label, test, ImageInput.DEFAULTS, current, seed);
    }

    /** As {@link #load(Path, Path, String, Path, Path, long)}, image data read as {@code image} says (test labels, pixel scaling). */
    public static Prepared load(Path model, Path data, String label, Path test, ImageInput image, Path current, long seed)
            throws AuditException {
        Prepared p = load(model, data, label, test, image, seed);
        if (current == null) return p;
        try {
            Dataset cs = readLike(current, p, label);
            int width = p.schema().featureNames().size();
            if (cs.schema().featureNames().size() != width)
                throw new AuditException(current + ": " + cs.schema().featureNames().size() + " feature columns, but the reference data has " + width);
            if (!cs.schema().featureNames().equals(p.schema().featureNames()))
                for (int i = 0; i < width; i++)
                    if (!cs.schema().featureNames().get(i).equals(p.schema().featureNames().get(i)))
                        throw new AuditException(current + ": column " + (i + 1) + " is " + DataFormatException.quote(cs.schema().featureNames().get(i))
                                + " but the reference data has " + DataFormatException.quote(p.schema().featureNames().get(i)) + " there");
            if (cs.rows() < 2) throw new AuditException(current + ": the current data needs at least 2 rows, found " + cs.rows());
            Splits all = cs.split(new SplitSpec(1.0, 0, 0, seed, false, false)); // its own imputer: missing cells get current's means
            DataSplit csvUnits = cs.asSplit("current", all.imputer(), Standardizer.identity(width));
            Standardizer std = p.standardization();
            DataSplit c = std == null ? csvUnits : std.apply(csvUnits);
            return new Prepared(p.modelFile(), p.saved(), p.schema(), p.train(), p.test(), p.split(), p.modelSha256(),
                    p.dataSha256(), p.testSha256(), p.model(), p.modelFormat(), p.trainInCsvUnits(), p.testInCsvUnits(), c,
                    csvUnits, cs.sha256());
        } catch (DataFormatException e) {
            throw new AuditException(oneLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new AuditException(current + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** Another file of the same columns read as the data was: the same classes (label i stays class i), sample shape and task. */
    private static Dataset readLike(Path file, Prepared p, String label) throws DataFormatException {
        CsvOptions options = csvOptions(label);
        options = p.schema().isClassification() ? options.withClassNames(p.schema().classNames()) : options.regression();
        if (p.schema().isImage()) options = options.withSampleShape(p.schema().sampleShape());
        return Datasets.readCsv(file, options);
    }

    private AuditInputs() {
    }

    /**
     * A model path as given: a Lucent model file ({@code *.lucent}), an ONNX file ({@code *.onnx}), or a folder
     * holding exactly one of them.
     */
    public static Path resolveModel(Path model) throws AuditException {
        if (Files.isDirectory(model)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(model)) {
                files = s.filter(p -> isLucent(p) || isOnnx(p)).sorted().toList();
            } catch (IOException e) {
                throw new AuditException(model + ": cannot list the model folder: " + e.getMessage(), e);
            }
            if (files.size() != 1)
                throw new AuditException(model + ": a model folder must hold exactly one .lucent or .onnx model file, found " + files.size());
            return files.get(0);
        }
        if (!Files.isRegularFile(model)) throw new AuditException(model + ": no such model file");
        return model;
    }

    /** An ONNX file, by its name: the console stores uploads as {@code <id>.onnx}, the CLI takes the user's file. */
    public static boolean isOnnx(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    private static boolean isLucent(Path file) {
        return file.getFileName().toString().endsWith(".lucent");
    }

    public static Prepared load(Path model, Path data, String label, Path test, long seed) throws AuditException {
        return load(model, data, label, test, ImageInput.DEFAULTS, seed);
    }

    static Prepared load(Path model, Path data, String label, Path test, ImageInput image, long seed) throws AuditException {
        Path file = resolveModel(model);
        if (isOnnx(file)) return OnnxInputs.load(file, data, label, test, image, seed);
        if (image.pixelsGiven())
            throw new AuditException("--pixels " + image.pixels() + " is for ONNX models; " + file.getFileName()
                    + " is a Lucent model, which reads pixels as it was trained (its own preprocessing)");
        ModelFile.Saved saved;
        try {
            saved = ModelFile.load(file);
        } catch (IOException e) {
            throw new AuditException(oneLine(e.getMessage()), e);
        }
        Preprocessing pre = saved.preprocessing();
        CsvOptions options = csvOptions(label);
        int[] in = saved.model().inputShape();
        int cells = valuesPerRow(in, file);
        // image models read their rows as [channels, height, width]
        int[] shape = in.length > 1 && pre != null && pre.featureNames().size() == cells ? in : null;
        // a regression model's label is a number to predict, whatever values it takes
        CsvOptions.Task task = saved.model().outputKind() == OutputKind.REGRESSION ? CsvOptions.Task.REGRESSION : CsvOptions.Task.CLASSIFICATION;
        List<String> classes = pre == null || pre.classNames().isEmpty() ? null : pre.classNames();
        try {
            DataFiles.Read read = DataFiles.read(data, label, task, shape, DataFiles.kind(data) == DataFiles.Kind.IDX ? classes : null, options);
            Dataset ds = read.dataset();
            checkMatches(ds.schema(), pre, saved, data);
            Standardizer model_std = pre == null || pre.mean().length == 0 ? null : new Standardizer(pre.mean(), pre.std());
            DataSplit trainSplit, testSplit;
            String split;
            String testSha = null;
            if (test != null) {
                String testLabel = testLabel(test, label, image);
                Dataset ts = DataFiles.read(test, testLabel, task, shape, DataFiles.kind(test) == DataFiles.Kind.IDX ? classes : null, options).dataset();
                checkMatches(ts.schema(), pre, saved, test);
                Splits all = ds.split(new SplitSpec(1.0, 0, 0, seed, false, false));
                trainSplit = all.train();
                testSplit = ts.asSplit("test", all.imputer(), Standardizer.identity(ts.schema().featureNames().size()));
                split = separateTest(data, test, image);
                testSha = ts.sha256();
            } else {
                String recorded = saved.metadata().get(SPLIT_SEED_KEY);
                long splitSeed = recorded == null ? seed : Long.parseLong(recorded);
                Splits s = ds.split(SplitSpec.of(TRAIN, VALIDATION, TEST, splitSeed).withStandardize(false));
                trainSplit = s.train();
                testSplit = s.test();
                split = heldOut(data, splitSeed, recorded != null, trainSplit, testSplit);
            }
            // the rows as the CSV gives them stay beside the standardized ones: groups and bins are named in the CSV's units
            DataSplit trainRaw = trainSplit, testRaw = testSplit;
            if (model_std != null) {
                trainSplit = model_std.apply(trainSplit);
                testSplit = model_std.apply(testSplit);
            }
            String format = "Lucent model file; features " + (model_std == null ? "as they are in the CSV"
                    : "standardized with the model's own training statistics");
            return new Prepared(file, saved, ds.schema(), trainSplit, testSplit, split, sha256(file), ds.sha256(), testSha,
                    saved.model(), format, trainRaw, testRaw, null, null, null);
        } catch (DataFormatException e) {
            throw new AuditException(oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new AuditException(file + ": " + oneLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            throw new AuditException(data + ": " + oneLine(e.getMessage()), e);
        }
    }

    /**
     * How an audit reads its CSV files: the label by name, missing values imputed, and at most a quarter of this JVM's
     * heap in feature values (the reader's own cap when the heap is large), since the host and the worker each hold
     * the rows a few times over (the rows, the splits, their standardized copies). A null label: the last column (the
     * upload preview's guess).
     */
    public static CsvOptions csvOptions(String label) {
        LoadLimits limits = LoadLimits.defaults();
        long cells = Math.max(1, Math.min(limits.maxCells(), Runtime.getRuntime().maxMemory() / 16));
        return (label == null ? CsvOptions.labelLast() : CsvOptions.label(label)).withMissing(CsvOptions.Missing.MEAN).withLimits(limits.withMaxCells(cells));
    }

    /** Values per row of a model input, refusing a shape from the file whose product does not fit an int. */
    static int valuesPerRow(int[] shape, Path file) throws AuditException {
        long n = 1;
        for (int d : shape) {
            n *= Math.max(d, 0);
            if (n > Integer.MAX_VALUE - 8)
                throw new AuditException(file + ": the model's input shape " + java.util.Arrays.toString(shape)
                        + " has more values per row than an audit can hold");
        }
        return (int) n;
    }

    /**
     * How a separate test set's labels are found: its own labels file ({@code --test-labels}) when given; else the
     * data's label column (a CSV), or the test set's own folders (classes, or a folder holding an IDX pair). IDX images
     * alone, or a CSV beside labels kept in a file of their own, are refused naming the option that gives the labels.
     */
    static String testLabel(Path test, String label, ImageInput image) throws AuditException {
        if (image.testLabels() != null) {
            if (!Files.isRegularFile(image.testLabels()))
                throw new AuditException(image.testLabels() + ": no such test labels file (--test-labels)");
            return image.testLabels().toString();
        }
        DataFiles.Kind kind = DataFiles.kind(test);
        if (kind == DataFiles.Kind.IDX && !Files.isDirectory(test))
            throw new AuditException(test + ": IDX test images need their IDX label file: give it with --test-labels LABELS.idx1[.gz]");
        if (kind == DataFiles.Kind.CSV && DataFiles.labelsFile(label) != null)
            throw new AuditException(test + ": the data's labels are in a file of their own, so the test set's must be too:"
                    + " give it with --test-labels FILE");
        return label;
    }

    /** A separate test set, in words: its file and, when in a file of their own, its labels'. */
    static String separateTest(Path data, Path test, ImageInput image) {
        return "train: every row of " + data.getFileName() + "; test: every row of " + test.getFileName()
                + (image.testLabels() == null ? "" : " with the labels in " + image.testLabels().getFileName());
    }

    /** The held-out split, in words. */
    static String heldOut(Path data, long splitSeed, boolean recorded, DataSplit train, DataSplit test) {
        return String.format(Locale.ROOT, (train.labels() == null ? "" : "stratified ") + "%.0f/%.0f/%.0f train/validation/test split of %s with seed %d%s;"
                        + " train %d rows, test %d rows", TRAIN * 100, VALIDATION * 100, TEST * 100, data.getFileName(),
                splitSeed, recorded ? " (the model's training split)" : "", train.rows(), test.rows());
    }

    private static void checkMatches(DatasetSchema schema, Preprocessing pre, ModelFile.Saved saved, Path data)
            throws AuditException {
        int need = valuesPerRow(saved.model().inputShape(), data);
        if (schema.featureNames().size() != need)
            throw new AuditException(data + ": " + schema.featureNames().size() + " feature columns, but the model takes " + need);
        if (pre == null) return;
        if (!pre.featureNames().equals(schema.featureNames())) {
            for (int i = 0; i < need; i++)
                if (!pre.featureNames().get(i).equals(schema.featureNames().get(i)))
                    throw new AuditException(data + ": column " + (i + 1) + " is " + DataFormatException.quote(schema.featureNames().get(i))
                            + " but the model was trained with " + DataFormatException.quote(pre.featureNames().get(i)) + " there");
        }
        if (!pre.classNames().isEmpty() && !pre.classNames().equals(schema.classNames()))
            throw new AuditException(data + ": label classes " + schema.classNames() + " differ from the model's " + pre.classNames());
    }

    public static String sha256(Path file) throws IOException {
        return Sha256.hex(file);
    }

    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
