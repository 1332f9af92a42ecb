package dev.lucent.host.it;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Init;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.training.Preprocessing;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.training.Optimizer;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Pool2d;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.SplitSpec;
import dev.lucent.network.api.data.Splits;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * ONNX models and the CSVs to audit them on, for the host's ONNX integration tests: a Lucent-trained breast cancer
 * MLP exported with {@link OnnxExporter} (with its CSV standardized as it was trained, since the exported graph
 * holds no preprocessing), a Lucent CNN on the 8x8 digits exported the same way, and PyTorch's own Linear export
 * from the ONNX conformance cases (a "foreign" model) with a CSV labelled by its own decisions.
 */
public final class OnnxFixtures {

    /** A model file and the CSV (label column {@code label}) to audit it on. */
    public record Case(Path model, Path csv, String label, OnnxModel imported) {
    }

    private OnnxFixtures() {
    }

    /** The seed of the breast cancer MLP's training split, recorded in its {@code .lucent} file. */
    public static final long BC_SPLIT_SEED = 7;

    /**
     * The breast cancer MLP: 30 standardized features, classes benign and malignant, label column "diagnosis". The
     * same model is also saved as Lucent model file {@code bc-mlp.lucent} with its preprocessing and split seed
     * (audited on {@code bc-raw.csv}), so the two paths can be compared.
     */
    public static Case breastCancer(Path dir) throws Exception {
        Path raw = dir.resolve("bc-raw.csv");
        try (InputStream in = OnnxFixtures.class.getClassLoader().getResourceAsStream("demo/breast_cancer.csv")) {
            if (in == null) throw new IOException("demo/breast_cancer.csv is not on the test class path (audit-web)");
            Files.copy(in, raw);
        }
        Dataset ds = Datasets.readCsv(raw, CsvOptions.label("diagnosis"));
        Splits s = ds.split(SplitSpec.of(0.7, 0.15, 0.15, BC_SPLIT_SEED).withStratify(true).withStandardize(true));
        Model m = Model.builder("bc-mlp", OutputKind.CLASS_LOGITS, 30)
                .add("fc1", new Linear(30, 32, true, Init.HE_NORMAL, 1)).add("relu1", Activation.relu())
                .add("fc2", new Linear(32, 16, true, Init.HE_NORMAL, 2)).add("relu2", Activation.relu())
                .add("fc3", new Linear(16, 2, true, Init.XAVIER_UNIFORM, 3)).seed(7).build();
        TrainingHistory h = Trainer.fit(m, s.train(), s.validation(), TrainingConfig.builder(Loss.CROSS_ENTROPY)
                .optimizer(Optimizer.adam()).learningRate(2e-3f).epochs(30).batchSize(32).seed(7).build());
        ModelFile.save(dir.resolve("bc-mlp.lucent"), m, new Preprocessing(ds.schema().featureNames(), "diagnosis",
                ds.schema().classNames(), s.standardizer().mean(), s.standardizer().std()), h,
                Map.of("splitSeed", Long.toString(BC_SPLIT_SEED)));
        Path onnx = dir.resolve("bc-mlp.onnx");
        Files.write(onnx, new OnnxExporter().export(m));
        // The graph starts at fc1: standardize the CSV with the training statistics, as the model saw its rows.
        float[] mean = s.standardizer().mean(), std = s.standardizer().std();
        List<String> lines = Files.readAllLines(raw);
        StringBuilder b = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            for (int j = 0; j < 30; j++) b.append((Float.parseFloat(f[j]) - mean[j]) / std[j]).append(',');
            b.append(f[30]).append('\n');
        }
        Path csv = dir.resolve("bc-standardized.csv");
        Files.writeString(csv, b);
        return new Case(onnx, csv, "diagnosis", new OnnxImporter().read(onnx));
    }

    /** A CNN on the 8x8 digits (pixels 0..16 as they are), two named convolutions, label column "digit". */
    public static Case digitsCnn(Path dir) throws Exception {
        Path shared = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), "digits.csv.gz");
        if (!Files.isRegularFile(shared)) shared = Path.of("/work/shared/datasets/digits.csv.gz"); // a worktree outside the clone's folder
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 64; i++) b.append('p').append(i).append(',');
        b.append("digit\n");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(shared))) {
            b.append(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
        Path csv = dir.resolve("digits.csv");
        Files.writeString(csv, b);
        Dataset ds = Datasets.readCsv(csv, CsvOptions.label("digit").withSampleShape(1, 8, 8));
        Splits s = ds.split(SplitSpec.of(0.7, 0.15, 0.15, 3).withStratify(true).withStandardize(false));
        Model m = Model.builder("digits-cnn", OutputKind.CLASS_LOGITS, 1, 8, 8)
                .add("conv1", new Conv2d(1, 8, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 1)).add("relu1", Activation.relu())
                .add("conv2", new Conv2d(8, 8, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 2)).add("relu2", Activation.relu())
                .add("pool", Pool2d.max(2, 2)).add("gap", Pool2d.globalAvg())
                .add("fc", new Linear(8, 10, true, Init.XAVIER_UNIFORM, 3)).seed(3).build();
        Trainer.fit(m, s.train(), s.validation(), TrainingConfig.builder(Loss.CROSS_ENTROPY).optimizer(Optimizer.adam())
                .learningRate(1e-2f).epochs(6).batchSize(32).seed(3).build());
        Path onnx = dir.resolve("digits-cnn.onnx");
        Files.write(onnx, new OnnxExporter().export(m));
        return new Case(onnx, csv, "digit", new OnnxImporter().read(onnx));
    }

    /**
     * PyTorch's export of {@code nn.Linear} from the ONNX conformance cases (a fixed batch, as PyTorch exports by
     * default) and a CSV of random Gaussian rows labelled with the model's own decision (the argmax of its outputs,
     * as the unit number), so that its held-out accuracy must be exactly 1.
     */
    public static Case pytorchLinear(Path dir) throws IOException {
        Path src = Path.of("../core-network/src/test/resources/onnx-conformance/pytorch-converted/test_Linear/model.onnx");
        Path onnx = dir.resolve("torch-linear.onnx");
        Files.copy(src, onnx);
        OnnxModel m = new OnnxImporter().read(onnx);
        long[] dims = m.graphInputs().get(0).dims();
        int batch = (int) dims[0], in = (int) dims[1], k = m.outputCount();
        Random r = new Random(11);
        int rows = 60 * batch;
        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] out = m.predict(Tensor.of(x, rows, in)).toArray();
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < in; j++) b.append('x').append(j).append(',');
        b.append("label\n");
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (out[i * k + c] > out[i * k + best]) best = c;
            for (int j = 0; j < in; j++) b.append(x[i * in + j]).append(',');
            b.append(best).append('\n');
        }
        Path csv = dir.resolve("torch-linear.csv");
        Files.writeString(csv, b);
        return new Case(onnx, csv, "label", m);
    }

    public static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The value of the first metric finding titled {@code title} in a report's JSON. */
    public static double metric(String json, String title) {
        Matcher m = Pattern.compile("\"title\":\"" + Pattern.quote(title) + "\"[^{}]*?\"value\":(-?[0-9.eE+-]+|\"?NaN\"?)").matcher(json);
        if (!m.find()) throw new AssertionError("no metric '" + title + "' in " + json.substring(0, Math.min(2000, json.length())));
        return Double.parseDouble(m.group(1).replace("\"", ""));
    }

    /** The {@code values} array of the first feature attribution in a JSON text. */
    public static double[] firstAttribution(String json) {
        Matcher m = Pattern.compile("(?s)\"kind\":\"feature-attribution\".*?\"values\":\\[([^\\]]*)\\]").matcher(json);
        if (!m.find()) throw new AssertionError("no feature attribution in " + json.substring(0, Math.min(1500, json.length())));
        return java.util.Arrays.stream(m.group(1).split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Every explainer run of a report's JSON with its status, e.g. {@code saliency=OK}. */
    public static List<String> runStatuses(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"explainer\":\"([^\"]+)\"[^\\[]*?\"status\":\"([A-Z_]+)\"").matcher(json);
        while (m.find()) out.add(m.group(1) + "=" + m.group(2));
        return out;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
