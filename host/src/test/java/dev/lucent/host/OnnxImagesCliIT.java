package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.report.JsonReader;
import dev.lucent.host.it.LucentProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15.3 and the separate test set through the packaged jar's CLI: an ONNX CNN exported by Debian's python3-torch
 * (scripts/onnx-image-fixture.py; 300 Fashion-MNIST training images as IDX, 100 test images as IDX and as PNGs in a
 * folder per class) audited on IDX with a separate {@code --test} and its {@code --test-labels}, and on the PNG folder
 * as the test set. The oracle is torch's own accuracy of the model on the 100 test images, written by the script: the
 * report's accuracy on the test set must be it. A Lucent model trained on the IDX pair takes the same {@code --test}
 * and {@code --test-labels}. Bad image options exit 2 with one line naming the problem. CI time: about 2 minutes (8 at
 * load 30 on 2 cores).
 */
class OnnxImagesCliIT {
    static final Duration LIMIT = Duration.ofMinutes(6);
    static final String PIXELS = "0-1,mean=0.5,std=0.5";

    @TempDir
    static Path dir;
    static double torchAccuracy;

    @BeforeAll
    static void fixtures() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/onnx-image-fixture.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--out", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fixture script timed out");
        assertEquals(0, p.exitValue(), out);
        torchAccuracy = Double.parseDouble(Files.readString(dir.resolve("torch.txt")).strip());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> report(Path json) throws Exception {
        return (Map<String, Object>) JsonReader.parse(Files.readString(json));
    }

    static double accuracy(Path json) throws Exception {
        List<Map<String, Object>> f = CliImagesAndRegressionIT.findings(json);
        return f.stream().filter(m -> "metric".equals(m.get("kind")) && "classification-metrics".equals(m.get("explainer"))
                        && "Accuracy".equals(m.get("title")))
                .mapToDouble(m -> CliImagesAndRegressionIT.num(m.get("value"))).findFirst().orElseThrow(() -> new AssertionError("no accuracy"));
    }

    private LucentProcess.Result audit(Path json, String... options) throws Exception {
        String[] base = {"--data", dir.resolve("home").toString(), "audit", "--data", dir.resolve("images.idx").toString(),
                "--labels", dir.resolve("labels.idx").toString(), "--json", json.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, all, base.length, options.length);
        return LucentProcess.run(dir, LIMIT, all);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOnnxCnnIsAuditedOnIdxWithItsOwnTestLabelsAndOnAPngFolder() throws Exception {
        Path idx = dir.resolve("idx.json"), png = dir.resolve("png.json");
        LucentProcess.Result a = audit(idx, "--model", dir.resolve("cnn.onnx").toString(), "--test", dir.resolve("test-images.idx").toString(),
                "--test-labels", dir.resolve("test-labels.idx").toString(), "--pixels", PIXELS,
                "--explainers", "classification-metrics,permutation-importance,saliency", "--time-limit", "40"); // 20 s of shuffles at most, by plan
        assertTrue(a.exitCode() <= 1, "exit " + a.exitCode() + ": " + a.err());
        assertEquals(torchAccuracy, accuracy(idx), 1e-9, "the report's accuracy on the 100 IDX test images is torch's");
        Map<String, Object> prov = (Map<String, Object>) report(idx).get("provenance");
        assertTrue(String.valueOf(prov.get("modelFormat")).contains("(v - mean) / std with mean 0.5 and std 0.5 (--pixels " + PIXELS + ";"),
                String.valueOf(prov.get("modelFormat")));
        assertTrue(String.valueOf(prov.get("split")).contains("test: every row of test-images.idx with the labels in test-labels.idx"),
                String.valueOf(prov.get("split")));
        assertTrue(CliImagesAndRegressionIT.findings(idx).stream().anyMatch(m -> String.valueOf(m.get("note")).startsWith("plan: 100 rows, ")),
                "permutation importance states its plan");

        LucentProcess.Result b = audit(png, "--model", dir.resolve("cnn.onnx").toString(), "--test", dir.resolve("test-folder").toString(),
                "--pixels", PIXELS, "--explainers", "classification-metrics");
        assertTrue(b.exitCode() <= 1, "exit " + b.exitCode() + ": " + b.err());
        assertEquals(torchAccuracy, accuracy(png), 1e-9, "the report's accuracy on the same 100 images as PNGs is torch's");
    }

    @Test
    void aLucentModelTakesASeparateIdxTestWithItsLabels() throws Exception {
        Path model = dir.resolve("lucent-model"), json = dir.resolve("lucent.json");
        LucentProcess.Result t = LucentProcess.run(dir, LIMIT, "--data", dir.resolve("home").toString(), "train", "--data",
                dir.resolve("images.idx").toString(), "--labels", dir.resolve("labels.idx").toString(), "--epochs", "3", "--out", model.toString());
        assertEquals(0, t.exitCode(), t.err());
        LucentProcess.Result a = audit(json, "--model", model.toString(), "--test", dir.resolve("test-images.idx").toString(),
                "--test-labels", dir.resolve("test-labels.idx").toString(), "--explainers", "classification-metrics");
        assertTrue(a.exitCode() <= 1, "exit " + a.exitCode() + ": " + a.err());
        String note = CliImagesAndRegressionIT.findings(json).stream().filter(m -> "Accuracy".equals(m.get("title")))
                .map(m -> String.valueOf(m.get("note"))).findFirst().orElseThrow();
        assertTrue(note.contains("on 100 test rows"), note);
    }

    @Test
    void badImageOptionsExitTwoNamingTheProblem() throws Exception {
        String onnx = dir.resolve("cnn.onnx").toString(), test = dir.resolve("test-images.idx").toString();
        Path json = dir.resolve("bad.json");
        LucentProcess.Result noLabels = audit(json, "--model", onnx, "--test", test, "--explainers", "classification-metrics");
        assertEquals(2, noLabels.exitCode(), noLabels.err());
        assertTrue(noLabels.err().contains("IDX test images need their IDX label file: give it with --test-labels"), noLabels.err());
        LucentProcess.Result pixels = audit(json, "--model", onnx, "--pixels", "0-1,mean=0.5", "--explainers", "classification-metrics");
        assertEquals(2, pixels.exitCode(), pixels.err());
        assertTrue(pixels.err().contains("give mean and std together"), pixels.err());
        LucentProcess.Result orphan = audit(json, "--model", onnx, "--test-labels", dir.resolve("test-labels.idx").toString());
        assertEquals(2, orphan.exitCode(), orphan.err());
        assertTrue(orphan.err().contains("without test data (--test)"), orphan.err());
        assertTrue(Files.notExists(json), "nothing was audited");
    }
}
