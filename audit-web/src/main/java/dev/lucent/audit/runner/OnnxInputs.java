package dev.lucent.audit.runner;

import dev.lucent.audit.api.AuditException;
import dev.lucent.audit.api.ImageInput;
import dev.lucent.audit.data.DataFiles;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import dev.lucent.network.api.data.Standardizer;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxLimits;
import dev.lucent.network.api.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The inputs of an audit of an ONNX model. An ONNX file carries no Lucent preprocessing, so the CSV's feature
 * columns, in file order, are the model input as they are (flattened row-major into the input's shape). How the
 * first graph output is read:
 * <ul>
 *   <li>two or more units: one logit per class, class {@code i} in Lucent's class order (numeric labels ascending,
 *       else text order) is unit {@code i}; labels that are whole numbers {@code 0..k-1} name their unit even when
 *       some classes are absent from the data; any other class count is refused, naming both numbers;</li>
 *   <li>one unit and a label column with two classes: the logit of the second class (a final Sigmoid is read
 *       through to its input, so probabilities are the file's own);</li>
 *   <li>one unit, no final Sigmoid, and a numeric label column with more than two values: regression.</li>
 * </ul>
 * A final Softmax or LogSoftmax over the classes is read through to its input in the same way (the importer
 * does this), so gradients are taken on logits, as for Lucent's own models.
 */
public final class OnnxInputs {

    /** The system property {@code --max-model-mb} sets (the host's launcher sets it; workers get it on their command line). */
    public static final String MAX_MODEL_MB = "lucent.maxModelMb";

    /**
     * The importer's bounds: the file, everything decoded from it and the values one pass keeps stay under 3/4 of this
     * JVM's maximum heap ({@link OnnxLimits#followingHeap()}), or under {@code --max-model-mb} when it is given, so a
     * hostile file is refused before it can exhaust the host's or the worker's memory, and a large model needs only a
     * large enough heap ({@code -Xmx}, the worker's {@code --memory}).
     */
    static final OnnxLimits LIMITS = limits(System.getProperty(MAX_MODEL_MB));

    static OnnxLimits limits(String maxModelMb) {
        OnnxLimits heap = OnnxLimits.followingHeap();
        if (maxModelMb == null || maxModelMb.isBlank()) return heap;
        long mb = Long.parseLong(maxModelMb.strip()); // checked by the launcher
        return heap.withMaxBytes(mb << 20, "--max-model-mb " + mb);
    }

    /**
     * Most bytes one run of a fixed-batch model's input may take. The chunk is copied a few times on its way into
     * the graph (the padded batch, the rows the graph reads, their gradient) beside the values the graph keeps, which
     * may use the whole budget, so a chunk gets an eighth of it, and at most 64 MiB (the budget grows with the heap
     * for a model's weights; a fixed batch of input rows has no need to).
     */
    static final long FIXED_BATCH_BYTES = Math.min(64L << 20, LIMITS.maxBytes() / 8);
    private static final Pattern WHOLE = Pattern.compile("0|[1-9][0-9]{0,8}");

    private OnnxInputs() {
    }

    /** Imports and checks an ONNX file as an audit needs it: one float input with a static shape per row. */
    public static OnnxModel read(Path file) throws AuditException {
        OnnxModel m;
        try {
            m = new OnnxImporter(LIMITS).read(file);
        } catch (OnnxException e) {
            throw new AuditException(file + ": " + AuditInputs.oneLine(e.getMessage()), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AuditException(file + ": not a usable ONNX model: " + AuditInputs.oneLine(String.valueOf(e.getMessage())), e);
        }
        try {
            if (m.graphInputs().size() != 1)
                throw new AuditException(file + ": the ONNX model takes " + m.graphInputs().size() + " inputs "
                        + names(m.inputNames()) + "; an audit feeds one, the data set's feature columns");
            m.inputShape(); // refuses integer inputs and symbolic dimensions other than the batch, naming them
            checkFixedBatch(file, m);
            m.outputCount();
        } catch (IllegalStateException | IllegalArgumentException | OnnxException e) {
            throw new AuditException(file + ": " + AuditInputs.oneLine(e.getMessage()), e);
        }
        return m;
    }

    /** A fixed batch is allocated whole for every run, however few rows an audit asks about: it must fit its share. */
    private static void checkFixedBatch(Path file, OnnxModel m) throws AuditException {
        long fixed = m.graphInputs().get(0).dims()[0], perRow = AuditInputs.valuesPerRow(m.inputShape(), file);
        if (fixed <= 1) return;
        long bytes = Math.multiplyExact(Math.multiplyExact(fixed, perRow), 4L); // within the importer's budget, so no overflow
        if (bytes > FIXED_BATCH_BYTES)
            throw new AuditException(file + ": the fixed batch of " + fixed + " rows x " + perRow + " values per row needs "
                    + bytes + " bytes per run, over the audit's limit of " + FIXED_BATCH_BYTES + " bytes (an eighth of the ONNX"
                    + " memory budget, at most 64 MiB); export the model with a dynamic or smaller batch");
    }

    static AuditInputs.Prepared load(Path file, Path data, String label, Path test, ImageInput image, long seed) throws AuditException {
        OnnxModel onnx = read(file);
        int[] in = onnx.inputShape();
        int cells = AuditInputs.valuesPerRow(in, file); // read() bounded it by the memory budget
        int units = onnx.outputCount();
        if (DataFiles.kind(data) != DataFiles.Kind.CSV) return loadImages(file, onnx, data, label, test, image, seed);
        if (image.pixelsGiven())
            throw new AuditException("--pixels is for IDX images or a folder of images; the feature columns of " + data.getFileName()
                    + " go to the ONNX model as they are");
        if (image.testLabels() != null)
            throw new AuditException("--test-labels is for IDX test images; the test CSV " + (test == null ? "" : test.getFileName() + " ")
                    + "carries its labels in the column '" + label + "'");
        try {
            CsvOptions options = AuditInputs.csvOptions(label);
            Dataset ds = Datasets.readCsv(data, options);
            int features = ds.schema().featureNames().size();
            if (features != cells)
                throw new AuditException(data + ": " + features + " feature columns, but the ONNX model " + file.getFileName()
                        + " takes " + cells + " values per row (input '" + onnx.inputNames().get(0) + "' of shape "
                        + dims(onnx.graphInputs().get(0).dims()) + ")");
            OutputKind kind;
            boolean reread = in.length > 1;
            List<String> classes = ds.schema().classNames();
            if (units >= 2) {
                kind = OutputKind.CLASS_LOGITS;
                if (classes.size() != units) {
                    if (!wholeNumbersBelow(classes, units))
                        throw new AuditException(file + ": the ONNX model has " + units + " output units (one per class) but the label column '"
                                + label + "' of " + data.getFileName() + " has " + classes.size() + " classes " + shown(classes));
                    int most = options.limits().maxClasses(); // the declared size is the file's word: bound the list it sizes
                    if (units > most)
                        throw new AuditException(file + ": the ONNX model declares " + units + " output units, more than the "
                                + most + " classes an audit reads (LoadLimits.maxClasses)");
                    List<String> all = new ArrayList<>();
                    for (int i = 0; i < units; i++) all.add(Integer.toString(i));
                    options = options.withClassNames(all); // label i is unit i, whichever classes the rows hold
                    reread = true;
                }
            } else if ((kind = oneOutputKind(onnx.outputKind(), classes)) == OutputKind.REGRESSION) {
                options = options.regression();
                reread = true;
            } else if (kind == null) {
                throw new AuditException(file + ": " + oneOutputReadings(onnx.outputKind()) + ", but the label column '" + label + "' of " + data.getFileName() + " has " + classes.size()
                        + " classes " + shown(classes));
            }
            if (in.length > 1) options = options.withSampleShape(in); // image rows read as [channels, height, width]
            if (reread) ds = Datasets.readCsv(data, options);
            AuditableModel model = onnx.outputKind() == kind ? onnx : onnx.withOutputKind(kind);
            long fixed = onnx.graphInputs().get(0).dims()[0]; // the model pads a last partial chunk itself; named in the report

            DataSplit trainSplit, testSplit;
            String split, testSha = null;
            if (test != null) {
                CsvOptions testOptions = kind == OutputKind.REGRESSION ? options : options.withClassNames(ds.schema().classNames());
                Dataset ts = Datasets.readCsv(test, testOptions);
                if (ts.schema().featureNames().size() != cells)
                    throw new AuditException(test + ": " + ts.schema().featureNames().size() + " feature columns, but the ONNX model "
                            + file.getFileName() + " takes " + cells + " values per row");
                Splits all = ds.split(new SplitSpec(1.0, 0, 0, seed, false, false));
                trainSplit = all.train();
                testSplit = ts.asSplit("test", all.imputer(), Standardizer.identity(cells));
                split = "train: every row of " + data.getFileName() + "; test: every row of " + test.getFileName();
                testSha = ts.sha256();
            } else {
                Splits s = ds.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, seed)
                        .withStratify(kind != OutputKind.REGRESSION).withStandardize(false));
                trainSplit = s.train();
                testSplit = s.test();
                split = AuditInputs.heldOut(data, seed, false, trainSplit, testSplit);
            }
            String format = format(onnx, kind, units, fixed, readsThroughFinalNode(onnx, testSplit));
            return new AuditInputs.Prepared(file, null, ds.schema(), trainSplit, testSplit, split, AuditInputs.sha256(file),
                    ds.sha256(), testSha, model, format);
        } catch (DataFormatException e) {
            throw new AuditException(AuditInputs.oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new AuditException(file + ": " + AuditInputs.oneLine(e.getMessage()), e);
        } catch (OnnxException e) {
            throw new AuditException(file + ": " + AuditInputs.oneLine(e.getMessage()), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AuditException(data + ": " + AuditInputs.oneLine(e.getMessage()), e);
        }
    }

    /**
     * An ONNX model audited on IDX images or a folder of images per class: the images must have the shape of the
     * graph's input ([C, H, W] per row); pixels are read as bytes / 255 and then put into the units the model expects
     * ({@link ImageInput#scaling()}, {@code 0-1} unless {@code --pixels} says otherwise). Classes: IDX labels
     * {@code 0..k-1} are units {@code 0..k-1}; image folders' classes are their names in Lucent's class order, one per
     * output unit.
     */
    private static AuditInputs.Prepared loadImages(Path file, OnnxModel onnx, Path data, String label, Path test, ImageInput image,
                                                   long seed) throws AuditException {
        int[] in = onnx.inputShape();
        int units = onnx.outputCount();
        String input = "input '" + printable(onnx.inputNames().get(0)) + "' of shape " + dims(onnx.graphInputs().get(0).dims());
        if (in.length != 3)
            throw new AuditException(file + ": the ONNX model's " + input + " is not an image [N, C, H, W]; " + data.getFileName()
                    + " holds images (export the model with an image input, or give the pixels as a CSV)");
        ImageInput.Scaling scaling;
        try {
            scaling = image.scaling();
            scaling.onZeroOneScale(0, in[0]); // refuses per-channel numbers that do not match the channels
        } catch (IllegalArgumentException e) {
            throw new AuditException(AuditInputs.oneLine(e.getMessage()), e);
        }
        try {
            CsvOptions options = AuditInputs.csvOptions(label);
            List<String> unitNames = null;
            if (units >= 2) {
                unitNames = new ArrayList<>();
                for (int i = 0; i < units; i++) unitNames.add(Integer.toString(i));
            }
            Dataset ds = readImages(file, data, label, in, unitNames, options, input);
            OutputKind kind = imageOutputKind(file, data, ds.schema().classNames(), units);
            AuditableModel model = onnx.outputKind() == kind ? onnx : onnx.withOutputKind(kind);
            Standardizer pixels = pixelScaling(scaling, in);
            DataSplit trainSplit, testSplit;
            String split, testSha = null;
            if (test != null) {
                Dataset ts = readImages(file, test, AuditInputs.testLabel(test, label, image), in, unitNames, options, input);
                if (!ts.schema().classNames().equals(ds.schema().classNames()))
                    throw new AuditException(test + ": classes " + shown(ts.schema().classNames()) + " differ from the data's "
                            + shown(ds.schema().classNames()));
                Splits all = ds.split(new SplitSpec(1.0, 0, 0, seed, false, false));
                trainSplit = all.train();
                testSplit = ts.asSplit("test", all.imputer(), Standardizer.identity(ts.schema().featureNames().size()));
                split = AuditInputs.separateTest(data, test, image);
                testSha = ts.sha256();
            } else {
                Splits s = ds.split(SplitSpec.of(AuditInputs.TRAIN, AuditInputs.VALIDATION, AuditInputs.TEST, seed).withStandardize(false));
                trainSplit = s.train();
                testSplit = s.test();
                split = AuditInputs.heldOut(data, seed, false, trainSplit, testSplit);
            }
            // the rows in 0..1 stay beside the scaled ones, as a Lucent model's rows in CSV units do
            DataSplit trainRaw = trainSplit, testRaw = testSplit;
            trainSplit = pixels.apply(trainSplit);
            testSplit = pixels.apply(testSplit);
            long fixed = onnx.graphInputs().get(0).dims()[0];
            String format = format(onnx, kind, units, fixed, readsThroughFinalNode(onnx, testSplit))
                    .replace("fed the CSV's feature columns as they are (an ONNX file carries no Lucent preprocessing)",
                            "fed the images' pixels as " + scaling.describe() + " (--pixels " + scaling.text()
                                    + (image.pixelsGiven() ? "" : ", the default") + "; an ONNX file carries no Lucent preprocessing)");
            return new AuditInputs.Prepared(file, null, ds.schema(), trainSplit, testSplit, split, AuditInputs.sha256(file),
                    ds.sha256(), testSha, model, format, trainRaw, testRaw, null, null, null);
        } catch (DataFormatException e) {
            throw new AuditException(AuditInputs.oneLine(e.getMessage()), e);
        } catch (IOException | OnnxException e) {
            throw new AuditException(file + ": " + AuditInputs.oneLine(e.getMessage()), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new AuditException(data + ": " + AuditInputs.oneLine(e.getMessage()), e);
        }
    }

    /** IDX images or an image folder, of the model's input shape; IDX labels read as the units' names when given. */
    private static Dataset readImages(Path file, Path images, String label, int[] shape, List<String> unitNames, CsvOptions options,
                                      String input) throws AuditException, DataFormatException {
        DataFiles.Read r = DataFiles.read(images, label, CsvOptions.Task.CLASSIFICATION, null,
                DataFiles.kind(images) == DataFiles.Kind.IDX ? unitNames : null, options);
        int[] got = r.dataset().schema().sampleShape();
        if (!Arrays.equals(got, shape))
            throw new AuditException(images + ": images of shape " + DataFiles.shapeText(got) + ", but the ONNX model "
                    + file.getFileName() + " takes " + DataFiles.shapeText(shape) + " (" + input + ")");
        Dataset d = r.dataset();
        List<String> classes = d.schema().classNames();
        if (unitNames == null || classes.size() == unitNames.size() || !wholeNumbersBelow(classes, unitNames.size())) return d;
        // sub-folders named by unit numbers (0 .. 9 of an ImageNet model's 1000): folder j is unit j, as a CSV's label j is
        int[] labels = new int[d.labels().length];
        for (int i = 0; i < labels.length; i++) labels[i] = Integer.parseInt(classes.get(d.labels()[i]).strip());
        DatasetSchema s = d.schema();
        return new Dataset(new DatasetSchema(s.featureNames(), s.labelName(), unitNames, s.sampleShape()), d.features(), labels, null,
                d.sourceLines(), d.missingPerFeature(), d.missing(), d.sources());
    }

    /** How the output units read the image classes: one logit per class, or one for two classes. */
    private static OutputKind imageOutputKind(Path file, Path data, List<String> classes, int units) throws AuditException {
        if (units >= 2 && classes.size() == units) return OutputKind.CLASS_LOGITS;
        if (units == 1 && classes.size() == 2) return OutputKind.BINARY_LOGIT;
        throw new AuditException(file + ": the ONNX model has " + units + " output unit" + (units == 1 ? "" : "s")
                + (units == 1 ? " (the logit of a binary classifier)" : " (one per class)") + " but the images of " + data.getFileName()
                + " have " + classes.size() + " classes " + shown(classes));
    }

    /** The pixel scaling as a standardization of each value: {@code (v - mean) / std} with its channel's numbers on the 0..1 scale. */
    static Standardizer pixelScaling(ImageInput.Scaling scaling, int[] chw) {
        int channels = chw[0], plane = chw[1] * chw[2];
        float[] mean = new float[channels * plane], std = new float[channels * plane];
        for (int c = 0; c < channels; c++) {
            double[] ms = scaling.onZeroOneScale(c, channels);
            Arrays.fill(mean, c * plane, (c + 1) * plane, (float) ms[0]);
            Arrays.fill(std, c * plane, (c + 1) * plane, (float) ms[1]);
        }
        return new Standardizer(mean, std);
    }

    /**
     * True when the values read as the model's outputs are not the file's first output (the importer reads a final
     * Softmax, LogSoftmax or Sigmoid through to its input): seen by running one row both ways.
     */
    private static boolean readsThroughFinalNode(OnnxModel onnx, DataSplit rows) {
        if (rows.rows() == 0) return false;
        long fixed = onnx.graphInputs().get(0).dims()[0];
        int n = Math.toIntExact(Math.max(1, fixed)); // read() bounded one run of the fixed batch
        int[] shape = rows.features().shape();
        int per = rows.features().size() / shape[0];
        float[] x = new float[Math.multiplyExact(n, per)];
        float[] first = Arrays.copyOf(rows.features().toArray(), per);
        for (int i = 0; i < n; i++) System.arraycopy(first, 0, x, i * per, per);
        shape[0] = n;
        Tensor batch = Tensor.of(x, shape);
        float[] raw = onnx.predict(batch).toArray();
        float[] out = onnx.run(List.of(batch)).get(0).toArray();
        return !Arrays.equals(raw, out);
    }

    /** What the file is and how Lucent reads it, in words, for the report's provenance. */
    static String format(OnnxModel m, OutputKind kind, int units, long fixedBatch, boolean throughFinal) {
        StringBuilder b = new StringBuilder("ONNX, opset ").append(m.opset());
        String producer = (printable(m.producerName()) + " " + printable(m.producerVersion())).strip();
        if (!producer.isEmpty()) b.append(", produced by ").append(producer);
        b.append("; input '").append(printable(m.inputNames().get(0))).append("' ").append(dims(m.graphInputs().get(0).dims()))
                .append(" fed the CSV's feature columns as they are (an ONNX file carries no Lucent preprocessing)");
        if (fixedBatch > 1) b.append(", in chunks of the fixed batch of ").append(fixedBatch).append(" rows (the last padded)");
        b.append("; output: ").append(switch (kind) {
            case CLASS_LOGITS -> units + " class logits";
            case BINARY_LOGIT -> "the logit of the second class";
            case REGRESSION -> "a regression value";
        });
        if (throughFinal) b.append(", read before the graph's final ")
                .append(kind == OutputKind.BINARY_LOGIT ? "Sigmoid" : "Softmax/LogSoftmax");
        return b.toString();
    }

    /** {@code [N, 30]}: symbolic dimensions shown as N. */
    public static String dims(long[] d) {
        if (d == null) return "(no declared shape)";
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < d.length; i++) b.append(i == 0 ? "" : ", ").append(d[i] < 0 ? "N" : Long.toString(d[i]));
        return b.append(']').toString();
    }

    /** Text from a file, safe to put on one line: control characters dropped, at most 100 characters. */
    public static String printable(String s) {
        if (s == null) return "";
        String t = s.replaceAll("\\p{Cntrl}", "").strip();
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    private static boolean wholeNumbersBelow(List<String> classes, int units) {
        for (String c : classes) if (!WHOLE.matcher(c).matches() || Integer.parseInt(c) >= units) return false;
        return true;
    }

    /**
     * How the one output unit of an ONNX model is read, from the label column's distinct values: the logit of a
     * binary classifier when there are two, a regression value when the graph's output is a plain value and every
     * value is a number; null when neither fits (refused). One rule for the single-machine and the Spark audit.
     */
    public static OutputKind oneOutputKind(OutputKind declared, java.util.Collection<String> labelValues) {
        if (labelValues.size() == 2) return OutputKind.BINARY_LOGIT;
        if (declared == OutputKind.REGRESSION && labelValues.stream().allMatch(OnnxInputs::numeric)) return OutputKind.REGRESSION;
        return null;
    }

    /** How a one-output model can be read, for the message that refuses a label fitting neither. */
    public static String oneOutputReadings(OutputKind declared) {
        return "the ONNX model has one output unit, read as the logit of a binary classifier"
                + (declared == OutputKind.REGRESSION ? " or as a regression of a numeric label" : "");
    }

    private static boolean numeric(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String shown(List<String> classes) {
        List<String> q = classes.stream().limit(10).map(DataFormatException::quote).toList();
        return "(" + String.join(", ", q) + (classes.size() > 10 ? ", ..." : "") + ")";
    }

    private static String names(List<String> names) {
        return "(" + String.join(", ", names.stream().limit(10).map(n -> "'" + printable(n) + "'").toList()) + ")";
    }
}
