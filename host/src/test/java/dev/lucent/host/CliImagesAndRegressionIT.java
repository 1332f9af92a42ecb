package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.report.JsonReader;
import dev.lucent.host.it.LucentProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images and regression end to end through the packaged jar's CLI, from Lucent's own trainer: the shared diabetes
 * data as shipped (features, and targets in a file of their own) trained and audited as regression, with its
 * predicted-versus-actual and residual plots; and a CNN trained on Fashion-MNIST IDX files whose audit shows
 * heatmaps, Grad-CAM and deletion/insertion. CI time: about 1.5 minutes on 2 cores (the Fashion-MNIST part trains on
 * the first 3,000 images; the full set's accuracy is in docs/engine.md).
 */
public class CliImagesAndRegressionIT {
    static final Duration LIMIT = Duration.ofMinutes(8);
    static final Path SHARED = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));
    static final Path FASHION = Path.of(System.getProperty("lucent.fashion", "/usr/share/datasets/fashion-mnist"));

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> findings(Path json) throws IOException {
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(json));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object run : (List<Object>) report.get("runs")) {
            Map<String, Object> r = (Map<String, Object>) run;
            for (Object f : (List<Object>) r.get("findings")) {
                Map<String, Object> m = new java.util.HashMap<>((Map<String, Object>) f);
                m.put("explainer", r.get("explainer"));
                out.add(m);
            }
        }
        return out;
    }

    public static double num(Object o) {
        return o instanceof JsonReader.Num n ? Double.parseDouble(n.text()) : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    public static double[] nums(Object list) {
        return ((List<Object>) list).stream().mapToDouble(CliImagesAndRegressionIT::num).toArray();
    }

    static List<String> gunzipLines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void diabetesAsShippedTrainsAndAuditsAsRegressionWithItsPlots() throws Exception {
        Path data = dir.resolve("data"), model = dir.resolve("model"), json = dir.resolve("r.json"), html = dir.resolve("r.html");
        String x = SHARED.resolve("diabetes_data_raw.csv.gz").toString(), y = SHARED.resolve("diabetes_target.csv.gz").toString();
        LucentProcess.Result t = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data", x, "--labels", y,
                "--out", model.toString());
        assertEquals(0, t.exitCode(), t.err());
        assertTrue(t.err().contains("task: regression"), t.err());
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", model.toString(),
                "--data", x, "--labels", y, "--json", json.toString(), "--out", html.toString());
        assertTrue(a.exitCode() <= 1, "exit " + a.exitCode() + ": " + a.err());
        List<Map<String, Object>> f = findings(json);
        assertFalse(f.stream().anyMatch(m -> "verdict".equals(m.get("kind")) && String.valueOf(m.get("outcome")).equals("ERROR")),
                "no explainer failed on a regression model");

        Map<String, Object> versus = f.stream().filter(m -> "Predicted versus actual".equals(m.get("title"))).findFirst().orElseThrow();
        Map<String, Object> rows = (Map<String, Object>) ((List<Object>) versus.get("series")).get(0);
        double[] actual = nums(rows.get("x")), predicted = nums(rows.get("y"));
        // every plotted actual value is a target of the shared file (the independent data), one point per test row
        Set<Double> targets = new HashSet<>();
        for (String s : gunzipLines(SHARED.resolve("diabetes_target.csv.gz"))) targets.add((double) (float) Double.parseDouble(s));
        Matcher held = Pattern.compile("test (\\d+) held out").matcher(t.err());
        assertTrue(held.find(), t.err());
        assertEquals(Integer.parseInt(held.group(1)), actual.length, "one point per row train held out");
        for (double v : actual) assertTrue(targets.contains(v), v + " is a target of diabetes_target.csv.gz");
        // the metrics beside the plot are the plot's own points: MAE and R^2 recomputed from them
        double mae = 0, mean = 0, ssRes = 0, ssTot = 0;
        for (int i = 0; i < actual.length; i++) {
            mae += Math.abs(actual[i] - predicted[i]) / actual.length;
            mean += actual[i] / actual.length;
        }
        for (int i = 0; i < actual.length; i++) {
            ssRes += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            ssTot += (actual[i] - mean) * (actual[i] - mean);
        }
        assertEquals(mae, metric(f, "MAE"), 1e-6 * mae);
        assertEquals(1 - ssRes / ssTot, metric(f, "R^2"), 1e-6);
        assertTrue(metric(f, "R^2") > 0.3, "the MLP explains a good part of the progression: R^2 " + metric(f, "R^2"));
        Map<String, Object> residuals = f.stream().filter(m -> "Residuals".equals(m.get("title"))).findFirst().orElseThrow();
        double[] r = nums(((Map<String, Object>) ((List<Object>) residuals.get("series")).get(0)).get("y"));
        for (int i = 0; i < r.length; i++) assertEquals(actual[i] - predicted[i], r[i], 1e-3);
        String h = Files.readString(html);
        assertTrue(h.contains("Predicted versus actual") && h.contains("<circle "), "the plots are drawn as points in the HTML");
    }

    static double metric(List<Map<String, Object>> f, String name) {
        return f.stream().filter(m -> "metric".equals(m.get("kind")) && name.equals(m.get("name")) && "regression-metrics".equals(m.get("explainer")))
                .mapToDouble(m -> num(m.get("value"))).findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
    }

    /** The first {@code n} Fashion-MNIST training images and labels, as IDX files cut by byte copying. */
    public static Path[] fashionSubset(Path dir, int n) throws IOException {
        byte[] images, labels;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FASHION.resolve("train-images-idx3-ubyte.gz")))) {
            images = in.readNBytes(16 + n * 784);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(FASHION.resolve("train-labels-idx1-ubyte.gz")))) {
            labels = in.readNBytes(8 + n);
        }
        for (byte[] b : new byte[][]{images, labels}) {
            b[4] = (byte) (n >>> 24);
            b[5] = (byte) (n >>> 16);
            b[6] = (byte) (n >>> 8);
            b[7] = (byte) n;
        }
        Path i = dir.resolve("fashion-images-idx3-ubyte.gz"), l = dir.resolve("fashion-labels-idx1-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(i))) {
            out.write(images);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(l))) {
            out.write(labels);
        }
        return new Path[]{i, l};
    }

    @Test
    void aCnnTrainedOnFashionMnistIdxIsAuditedWithHeatmapsGradCamAndDeletionInsertion() throws Exception {
        Path[] idx = fashionSubset(dir, 3000);
        Path data = dir.resolve("data"), model = dir.resolve("cnn"), json = dir.resolve("f.json");
        LucentProcess.Result t = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data", idx[0].toString(),
                "--labels", idx[1].toString(), "--arch", "cnn", "--epochs", "4", "--out", model.toString());
        assertEquals(0, t.exitCode(), t.err());
        Matcher acc = Pattern.compile("test accuracy ([0-9.]+)").matcher(t.out());
        assertTrue(acc.find(), t.out());
        // 2,100 training images and 4 epochs; the full set reaches the engine's 90% (docs/engine.md)
        assertTrue(Double.parseDouble(acc.group(1)) >= 0.75, "held-out accuracy on 450 images: " + acc.group(1));
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", model.toString(),
                "--data", idx[0].toString(), "--labels", idx[1].toString(), "--explainers", "saliency,grad-cam,deletion-insertion",
                "--json", json.toString());
        assertTrue(a.exitCode() <= 1, "exit " + a.exitCode() + ": " + a.err());
        List<Map<String, Object>> f = findings(json);
        for (String id : List.of("saliency", "grad-cam"))
            assertTrue(f.stream().anyMatch(m -> id.equals(m.get("explainer")) && "image-heatmap".equals(m.get("kind"))
                    && num(m.get("height")) == 28 && num(m.get("width")) == 28), id + " draws 28x28 heatmaps");
        assertTrue(f.stream().anyMatch(m -> "deletion-insertion".equals(m.get("explainer")) && "curve".equals(m.get("kind"))),
                "deletion/insertion curves");
        assertFalse(f.stream().anyMatch(m -> "verdict".equals(m.get("kind")) && (String.valueOf(m.get("outcome")).equals("ERROR")
                || String.valueOf(m.get("outcome")).equals("NOT_APPLICABLE"))), "every one of the three ran: " + f.stream()
                .filter(m -> "verdict".equals(m.get("kind"))).map(m -> m.get("explainer") + " " + m.get("outcome") + " " + m.get("title")).toList());
    }
}
