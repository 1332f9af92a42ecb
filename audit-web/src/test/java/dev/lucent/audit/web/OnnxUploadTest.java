package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.web.upload.UploadStore;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.onnx.OnnxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models page and ONNX uploads: the file's facts, and unusable files named and not kept. */
class OnnxUploadTest {
    @TempDir
    Path dir;

    static Model mlp() {
        return Sequential.of("bc-mlp", OutputKind.CLASS_LOGITS, 3, new int[]{30}, new Linear(30, 16), Activation.relu(), new Linear(16, 2));
    }

    @Test
    void factsAreWhatTheFileDeclares() {
        var imported = new OnnxImporter().read(new OnnxExporter().export(mlp()));
        UploadsServlet.OnnxFacts f = UploadsServlet.onnxFacts(imported);
        assertEquals(17, f.opset());
        assertEquals("lucent", f.producer());
        assertEquals(List.of("'input' FLOAT [N, 30]"), f.inputs());
        assertEquals(List.of("'output' FLOAT [N, 2]"), f.outputs());
        assertEquals(String.format(java.util.Locale.ROOT, "%,d", 30 * 16 + 16 + 16 * 2 + 2), f.parameters(), "weights and biases of both layers");
        assertTrue(f.output().startsWith("2 units, read as one logit per class"), f.output());
        // two linear layers (MatMul + Add each) and a ReLU: five nodes Grad-CAM could target
        assertEquals(5, f.layers(), f.layerNames());
        assertEquals(String.join(", ", imported.layerNames()), f.layerNames());
    }

    @Test
    void unusableUploadsAreNamedByTheirUploadedNameAndRemoved() throws Exception {
        UploadStore store = new UploadStore(dir, 1 << 20);
        byte[] junk = new byte[2048];
        new Random(3).nextBytes(junk);
        byte[] valid = new OnnxExporter().export(mlp());
        byte[] unsupported = new OnnxBuilder("g", 17).input("x", -1, 4).output("y", -1, 4)
                .node("Einsum", "mix", new String[]{"x"}, new String[]{"y"}, "equation", "ij->ij").build();
        // issue #19 point 8: a few hundred bytes declaring a fixed batch of 5e6 rows is refused at upload, not kept for an audit
        byte[] hugeBatch = new OnnxBuilder("g", 17).input("x", 5_000_000, 30).init("W", new float[60], 30, 2).output("y", 5_000_000, 2)
                .node("MatMul", "fc", new String[]{"x", "W"}, new String[]{"y"}).build();
        Map<String, byte[]> files = Map.of("random.onnx", junk, "truncated.onnx", Arrays.copyOf(valid, valid.length - 40),
                "einsum.onnx", unsupported, "broken.lucent", junk, "good.onnx", valid, "batch.onnx", hugeBatch);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            UploadStore.Stored s = store.storeMade(UploadStore.Kind.MODEL, e.getKey().substring(e.getKey().indexOf('.') + 1), e.getKey(),
                    "eve", t -> Files.write(t, e.getValue()));
            String problem = UploadsServlet.unusable(s);
            if (e.getKey().equals("good.onnx")) {
                assertNull(problem);
                continue;
            }
            assertTrue(problem != null && problem.startsWith(e.getKey() + ": "), e.getKey() + ": " + problem);
            assertFalse(problem.contains(dir.toString()), "where Lucent keeps files is not shown: " + problem);
            if (e.getKey().equals("einsum.onnx")) assertTrue(problem.endsWith("unsupported ONNX operator Einsum (opset 17) at node mix"), problem);
            if (e.getKey().equals("batch.onnx"))
                assertTrue(problem.contains("graph input 'x' declares shape [5000000, 30]: 150000000 values (600000000 bytes) per run,"
                        + " over the memory budget of") // under a heap of 4.8 GB or less, else the fixed batch's share refuses it
                        || problem.contains("the fixed batch of 5000000 rows x 30 values per row needs 600000000 bytes per run"), problem);
            else if (e.getKey().endsWith(".onnx") && !e.getKey().equals("einsum.onnx")) assertTrue(problem.contains("not a valid ONNX model"), problem);
            assertTrue(store.delete(UploadStore.Kind.MODEL, s.id()));
            assertTrue(store.find(UploadStore.Kind.MODEL, s.id()).isEmpty());
            assertFalse(Files.exists(s.file()));
        }
        assertEquals(1, store.list(UploadStore.Kind.MODEL).size(), "only the usable model is kept");
    }

    @Test
    void modelPageShowsTheFactsEscaped() {
        String hostile = "<script>window.__xss=1</script>";
        Map<String, Object> m = new HashMap<>();
        m.put("csrf", "tok");
        m.put("me", new Console.Me("eve", "auditor", true, true));
        m.put("nav", "models");
        m.put("version", "1");
        m.put("item", new UploadsServlet.UploadRow("id", "m.onnx", "onnx", "1 KiB", "ab".repeat(32), "eve", "now"));
        m.put("onnx", new UploadsServlet.OnnxFacts(13, hostile, List.of("'x' FLOAT [N, 30]"), List.of("'y' FLOAT [N, 2]"), "530", 3,
                "fc1, relu, fc2", "2 units"));
        String html = new Pages().render("model", m);
        assertTrue(html.contains("ONNX, opset <span>13</span>") || html.contains("13"), html);
        assertTrue(html.contains("&#39;x&#39; FLOAT [N, 30]") || html.contains("'x' FLOAT [N, 30]"), html);
        assertTrue(html.contains("&lt;script&gt;"), "the producer is shown as text");
        assertFalse(html.contains(hostile));
        m.remove("onnx");
        m.put("onnxError", hostile);
        html = new Pages().render("model", m);
        assertTrue(html.contains("id=\"onnx-error\"") && html.contains("&lt;script&gt;") && !html.contains(hostile), html);
    }
}
