package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.it.LucentProcess;
import dev.lucent.host.it.OnnxFixtures;
import dev.lucent.network.onnx.OnnxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lucent audit --model model.onnx} on the packaged jar: a Lucent-trained breast cancer MLP exported to ONNX
 * audited by every installed explainer (gradients flow: integrated gradients' completeness holds), Grad-CAM on a
 * named inner convolution of an exported CNN, PyTorch's own fixed-batch export audited on rows labelled by its own
 * decisions (accuracy exactly 1), and hostile files refused with exit code 2 and one line.
 */
class OnnxAuditIT {

    @TempDir
    static Path dir;
    static Path data;
    static OnnxFixtures.Case bc;

    static final Duration LIMIT = Duration.ofMinutes(10);

    @BeforeAll
    static void models() throws Exception {
        data = dir.resolve("data");
        bc = OnnxFixtures.breastCancer(dir);
    }

    /** The JSON text of one explainer's run. */
    static String run(String json, String id) {
        int at = json.indexOf("{\"explainer\":\"" + id + "\"");
        assertTrue(at >= 0, "a run of " + id);
        int next = json.indexOf("{\"explainer\":\"", at + 1);
        return json.substring(at, next < 0 ? json.length() : next);
    }

    @Test
    void everyInstalledExplainerAuditsAnExportedLucentMlp() throws Exception {
        Set<String> ids = LucentProcess.installedExplainers(dir, LIMIT, data);
        assertTrue(ids.size() >= 20, "explainers installed: " + ids);

        Path json = dir.resolve("bc.json"), html = dir.resolve("bc.html");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", bc.model().toString(),
                "--data", bc.csv().toString(), "--label", bc.label(), "--json", json.toString(), "--out", html.toString(), "--seed", "3",
                "--param", "integrated-gradients.steps=256");
        assertTrue(List.of(0, 1, 3).contains(a.exitCode()), "exit " + a.exitCode() + ": " + a.err());
        String j = Files.readString(json).replace("\\u0027", "'");
        List<String> statuses = OnnxFixtures.runStatuses(j);
        for (String id : ids) assertTrue(statuses.contains(id + "=OK"), id + " ran and finished: " + statuses);

        // Provenance: the hash of the .onnx file, and what it is.
        assertTrue(j.contains("\"modelSha256\":\"" + OnnxFixtures.sha256(bc.model()) + "\""), "the model hash is of the .onnx file");
        assertTrue(j.contains("\"modelFormat\":\"ONNX, opset 17, produced by lucent; input 'input' [N, 30] fed the CSV's feature"
                + " columns as they are"), j.substring(0, 1500));
        assertTrue(Files.readString(html).contains("Model format"), "the HTML report says the model format");

        // Gradient explainers produce attributions over the 30 features, not all zero.
        for (String id : List.of("saliency", "integrated-gradients", "smoothgrad", "gradient-x-input")) {
            String r = run(j, id);
            assertTrue(r.contains("\"kind\":\"feature-attribution\""), id + " gave attributions: " + r.substring(0, Math.min(600, r.length())));
            assertTrue(r.matches("(?s).*\"values\":\\[[^\\]]*[1-9][^\\]]*\\].*"), id + " attributions are not all zero");
        }
        // Completeness: IG's attributions add up to f(x) - f(baseline) through the imported graph (with enough steps
        // for the ReLU kinks; gradients that did not flow would miss by about 100%).
        double worst = OnnxFixtures.metric(j, "Integrated gradients: worst completeness error");
        System.out.println("ONNX breast cancer MLP: integrated gradients worst completeness error " + worst);
        assertTrue(worst < 0.01, "completeness error " + worst);
        double accuracy = OnnxFixtures.metric(j, "Accuracy");
        assertTrue(accuracy > 0.9, "the exported MLP classifies its standardized rows: accuracy " + accuracy);
        // An imported graph is not retrained: the training-history explainers say so instead of failing.
        assertTrue(run(j, "shuffled-label-probe").contains("NOT_APPLICABLE"), run(j, "shuffled-label-probe"));
    }

    /**
     * The same trained MLP audited twice: as its Lucent model file on the raw CSV (standardized by the model's own
     * statistics, gradients by Lucent's autodiff) and as its ONNX export on the standardized CSV (gradients through
     * the imported graph). Same split, same seed: the same accuracy and the same saliency, up to float rounding.
     */
    @Test
    void theOnnxExportIsAuditedAsTheLucentModelItCameFrom() throws Exception {
        String seed = Long.toString(OnnxFixtures.BC_SPLIT_SEED); // the ONNX audit draws the split the model was trained with
        Path jl = dir.resolve("lucent.json"), jo = dir.resolve("onnx.json");
        LucentProcess.Result l = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", dir.resolve("bc-mlp.lucent").toString(),
                "--data", dir.resolve("bc-raw.csv").toString(), "--label", "diagnosis", "--explainers", "classification-metrics,saliency",
                "--json", jl.toString(), "--seed", seed);
        LucentProcess.Result o = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", bc.model().toString(),
                "--data", bc.csv().toString(), "--label", "diagnosis", "--explainers", "classification-metrics,saliency",
                "--json", jo.toString(), "--seed", seed);
        assertTrue(List.of(0, 1, 3).contains(l.exitCode()) && List.of(0, 1, 3).contains(o.exitCode()), l.err() + o.err());
        String a = Files.readString(jl).replace("\\u0027", "'"), b = Files.readString(jo).replace("\\u0027", "'");
        assertTrue(a.contains("(the model's training split); train 397 rows, test 86 rows") && b.contains("seed " + seed + "; train 397 rows, test 86 rows"),
                "the same held-out rows: " + a.replaceAll("(?s).*(\"split\":\"[^\"]*\").*", "$1") + " / "
                        + b.replaceAll("(?s).*(\"split\":\"[^\"]*\").*", "$1"));
        assertEquals(OnnxFixtures.metric(a, "Accuracy"), OnnxFixtures.metric(b, "Accuracy"), "the same decisions on the held-out rows");
        double[] sl = OnnxFixtures.firstAttribution(run(a, "saliency")), so = OnnxFixtures.firstAttribution(run(b, "saliency"));
        assertEquals(30, sl.length);
        assertEquals(sl.length, so.length);
        double max = Arrays.stream(sl).map(Math::abs).max().orElseThrow();
        assertTrue(max > 0, "saliency is not all zero");
        for (int i = 0; i < sl.length; i++)
            assertEquals(sl[i], so[i], 1e-3 * max, "saliency of feature " + i + ": Lucent " + Arrays.toString(sl) + " ONNX " + Arrays.toString(so));
    }

    @Test
    void gradCamTargetsANamedInnerConvolutionOfAnExportedCnn() throws Exception {
        OnnxFixtures.Case cnn = OnnxFixtures.digitsCnn(dir);
        assertTrue(cnn.imported().layerNames().contains("conv1"), cnn.imported().layerNames().toString());
        Path json = dir.resolve("cnn.json");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", cnn.model().toString(),
                "--data", cnn.csv().toString(), "--label", cnn.label(), "--explainers", "grad-cam,saliency,integrated-gradients",
                "--param", "grad-cam.layer=conv1", "--param", "integrated-gradients.steps=256", "--json", json.toString());
        assertTrue(List.of(0, 1, 3).contains(a.exitCode()), "exit " + a.exitCode() + ": " + a.err());
        String j = Files.readString(json).replace("\\u0027", "'");
        assertEquals(List.of("grad-cam=OK", "saliency=OK", "integrated-gradients=OK"), OnnxFixtures.runStatuses(j));
        String cam = run(j, "grad-cam");
        assertTrue(cam.contains("\"kind\":\"image-heatmap\"") && cam.contains("layer conv1 (8x8)"), cam.substring(0, Math.min(1500, cam.length())));
        assertTrue(run(j, "saliency").contains("\"kind\":\"image-heatmap\""), "image rows give saliency maps");
        double worst = OnnxFixtures.metric(j, "Integrated gradients: worst completeness error");
        System.out.println("ONNX digits CNN: integrated gradients worst completeness error " + worst);
        assertTrue(worst < 0.01, "completeness error " + worst);
        assertTrue(j.contains("[N, 1, 8, 8]"), "the input shape is in the provenance");
    }

    @Test
    void aPytorchExportIsAuditedOnRowsLabelledByItsOwnDecisions() throws Exception {
        OnnxFixtures.Case torch = OnnxFixtures.pytorchLinear(dir);
        Path json = dir.resolve("torch.json");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", torch.model().toString(),
                "--data", torch.csv().toString(), "--label", torch.label(),
                "--explainers", "classification-metrics,saliency,integrated-gradients", "--json", json.toString());
        assertTrue(List.of(0, 1, 3).contains(a.exitCode()), "exit " + a.exitCode() + ": " + a.err());
        String j = Files.readString(json);
        assertEquals(List.of("classification-metrics=OK", "saliency=OK", "integrated-gradients=OK"), OnnxFixtures.runStatuses(j));
        assertEquals(1.0, OnnxFixtures.metric(j, "Accuracy"), "labels are the model's own decisions, class i is unit i");
        assertTrue(j.contains("produced by pytorch") && j.contains("fixed batch of " + torch.imported().graphInputs().get(0).dims()[0]),
                j.substring(0, 1500));
        double worst = OnnxFixtures.metric(j, "Integrated gradients: worst completeness error");
        assertTrue(worst < 1e-3, "a linear model's IG is exact up to rounding: " + worst);
    }

    @Test
    void hostileOnnxFilesExitTwoWithOneLineNamingTheProblem() throws Exception {
        byte[] valid = Files.readAllBytes(bc.model());
        byte[] junk = new byte[5000];
        new Random(5).nextBytes(junk);
        Path random = dir.resolve("random.onnx"), truncated = dir.resolve("truncated.onnx"), einsum = dir.resolve("einsum.onnx");
        Files.write(random, junk);
        Files.write(truncated, Arrays.copyOf(valid, valid.length * 2 / 3));
        Files.write(einsum, new OnnxBuilder("g", 17).input("x", -1, 30).output("y", -1, 30)
                .node("Einsum", "mix", new String[]{"x"}, new String[]{"y"}, "equation", "ij->ij").build());
        // issue #19 point 8: a few hundred bytes declaring a huge fixed batch crashed the CLI (exit 3) or exhausted its memory
        Path batch31 = dir.resolve("batch-2e31.onnx"), batch5e6 = dir.resolve("batch-5e6.onnx");
        for (Path p : List.of(batch31, batch5e6)) {
            long b = p == batch31 ? 1L << 31 : 5_000_000;
            Files.write(p, new OnnxBuilder("g", 17).input("x", b, 30).init("W", new float[60], 30, 2).output("y", b, 2)
                    .node("MatMul", "fc", new String[]{"x", "W"}, new String[]{"y"}).build());
        }
        for (Path p : List.of(random, truncated, einsum, batch31, batch5e6)) {
            LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", p.toString(),
                    "--data", bc.csv().toString(), "--label", bc.label());
            assertEquals(2, r.exitCode(), p + ": " + r.err());
            String err = r.err().strip();
            assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
            String last = err.lines().reduce((x, y) -> y).orElse("");
            assertTrue(last.startsWith("lucent audit: " + p + ": "), last);
            String name = p.getFileName().toString();
            assertTrue(last.contains(name.equals("einsum.onnx") ? "unsupported ONNX operator Einsum (opset 17) at node mix"
                    : p == batch31 ? "graph input 'x' declares shape [2147483648, 30]"
                    : p == batch5e6 ? "5000000" // the input check under a heap of 4.8 GB or less, else the fixed batch's share
                    : "not a valid ONNX model"), last);
            if (p == batch31) assertTrue(last.contains("over the memory budget"), last);
            if (p == batch5e6) assertTrue(last.contains("over the memory budget") || last.contains("over the audit's limit"), last);
        }
    }

    /** Issue 12: --max-model-mb sets the import budget of the CLI (and the host); the refusal names it. */
    @Test
    void maxModelMbBoundsTheImportAndIsNamedInTheRefusal() throws Exception {
        Path big = dir.resolve("two-mib.onnx");
        Files.write(big, new OnnxBuilder("g", 17).input("x", -1, 30).init("W", new float[60], 30, 2).init("unused", new float[1 << 19], 1 << 19)
                .output("y", -1, 2).node("MatMul", "fc", new String[]{"x", "W"}, new String[]{"y"}).build());
        LucentProcess.Result r = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "audit", "--model", big.toString(),
                "--data", bc.csv().toString(), "--label", bc.label(), "--max-model-mb", "1");
        assertEquals(2, r.exitCode(), r.err());
        String last = r.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("lucent audit: " + big + ": ") && last.endsWith("over the memory budget of 1048576 bytes (--max-model-mb 1)"), last);
    }
}
