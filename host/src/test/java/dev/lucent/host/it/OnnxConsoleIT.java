package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.network.onnx.OnnxBuilder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console with ONNX models, through its HTTP endpoints as a browser uses them: an uploaded {@code .onnx} shows
 * what the file declares, is offered for a new audit, and is audited through {@code POST /audits}; hostile files are
 * refused on the page, nothing of them is kept, and the host keeps serving.
 */
class OnnxConsoleIT {

    @TempDir
    static Path dir;
    static LucentProcess lucent;
    static OnnxFixtures.Case bc;

    @BeforeAll
    static void start() throws Exception {
        bc = OnnxFixtures.breastCancer(dir);
        lucent = LucentProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (lucent != null) lucent.close();
    }

    static WebClient admin() throws Exception {
        return lucent.signIn();
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("location").orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode() + " " + r.body()));
    }

    @Test
    void anUploadedOnnxModelShowsItsFactsAndIsAuditedThroughTheConsole() throws Exception {
        WebClient c = admin();
        c.get("/models");
        HttpResponse<String> up = c.upload("/models/upload", "bc-mlp.onnx", Files.readAllBytes(bc.model()));
        assertEquals(303, up.statusCode(), up.body());
        String modelPage = location(up);
        assertTrue(modelPage.matches("/models/[0-9a-f-]{36}"), modelPage);
        String modelId = modelPage.substring("/models/".length());
        String page = c.get(modelPage).body();
        assertTrue(page.contains("What the ONNX file says"), page);
        assertTrue(page.contains("opset <span>17</span>"), "opset");
        assertTrue(page.contains("&#39;input&#39; FLOAT [N, 30]") || page.contains("'input' FLOAT [N, 30]"), "input shape");
        assertTrue(page.contains("&#39;output&#39; FLOAT [N, 2]") || page.contains("'output' FLOAT [N, 2]"), "output shape");
        // fc1 30x32 + 32, fc2 32x16 + 16, fc3 16x2 + 2 weights and biases
        assertTrue(page.contains(">" + String.format(java.util.Locale.ROOT, "%,d", 30 * 32 + 32 + 32 * 16 + 16 + 16 * 2 + 2) + "<"), "parameter count");
        assertTrue(page.contains(">lucent<"), "producer");

        c.get("/datasets");
        HttpResponse<String> dup = c.upload("/datasets/upload", "bc-standardized.csv", Files.readAllBytes(bc.csv()));
        assertEquals(303, dup.statusCode(), dup.body());
        String dataId = location(dup).substring("/datasets/".length());

        String form = c.get("/audits/new").body();
        assertTrue(form.contains("value=\"" + modelId + "\""), "the ONNX model is offered on the new-audit page");

        assertTrue(form.contains("name=\"pixels\""), "the form asks how an ONNX model expects its pixels");
        String badPixels = "_csrf=" + URLEncoder.encode(c.csrf, StandardCharsets.UTF_8) + "&model=" + modelId + "&data=" + dataId
                + "&label=diagnosis&explainer=saliency&pixels=0-2";
        HttpResponse<String> refused = c.send(c.request("/audits").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(badPixels)).build());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().replace("&#39;", "'").contains("pixel scaling '0-2': the range 0-2 is neither 0-1 nor 0-255"), refused.body());

        StringBuilder body = new StringBuilder();
        for (String[] kv : new String[][]{{"_csrf", c.csrf}, {"model", modelId}, {"data", dataId}, {"label", "diagnosis"},
                {"seed", "42"}, {"timeLimit", "300"}, {"memory", "1024"}, {"test", ""}, {"parameters", "integrated-gradients.steps = 256"},
                {"explainer", "saliency"}, {"explainer", "integrated-gradients"}, {"explainer", "classification-metrics"}}) {
            if (body.length() > 0) body.append('&');
            body.append(URLEncoder.encode(kv[0], StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(kv[1], StandardCharsets.UTF_8));
        }
        HttpResponse<String> started = c.send(c.request("/audits").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        assertEquals(303, started.statusCode(), started.body());
        String job = location(started);
        String report = awaitJob(c, job);
        assertTrue(report.matches("/reports/[^/]+"), report);

        String json = c.get(report + "/export.json").body().replace("\\u0027", "'");
        assertEquals(List.of("saliency=OK", "integrated-gradients=OK", "classification-metrics=OK"), OnnxFixtures.runStatuses(json));
        assertTrue(json.contains("\"modelSha256\":\"" + OnnxFixtures.sha256(bc.model()) + "\""), "the hash of the uploaded .onnx");
        assertTrue(json.contains("\"modelFormat\":\"ONNX, opset 17, produced by lucent"), json.substring(0, Math.min(1500, json.length())));
        assertTrue(OnnxFixtures.metric(json, "Accuracy") > 0.9, "accuracy");
        double worst = OnnxFixtures.metric(json, "Integrated gradients: worst completeness error");
        assertTrue(worst < 0.01, "completeness error " + worst);
        String shown = c.get(report).body();
        assertTrue(shown.contains("Model format") && shown.contains("ONNX, opset 17"), "the report page says the model format");
    }

    /** Polls a job's JSON until it has finished (15 minutes at most); returns its "next" path. */
    static String awaitJob(WebClient c, String jobPath) throws Exception {
        String id = jobPath.substring(jobPath.lastIndexOf('/') + 1);
        String json = "";
        for (int i = 0; i < 1800; i++) {
            json = c.get("/api/jobs/" + id).body();
            if (json.contains("\"finished\":true")) {
                assertTrue(json.contains("\"state\":\"done\""), json);
                return json.replaceAll(".*\"next\":\"([^\"]+)\".*", "$1");
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + id + " did not finish; last seen: " + json);
    }

    static List<Path> modelFiles() throws Exception {
        Path models = lucent.data.resolve("uploads/models");
        if (!Files.isDirectory(models)) return List.of();
        try (Stream<Path> s = Files.list(models)) {
            return new ArrayList<>(s.sorted().toList());
        }
    }

    @Test
    void hostileOnnxUploadsAreRefusedOnThePageAndNothingIsKept() throws Exception {
        WebClient c = admin();
        c.get("/models");
        byte[] junk = new byte[3000];
        new Random(9).nextBytes(junk);
        byte[] valid = Files.readAllBytes(bc.model());
        byte[] einsum = new OnnxBuilder("g", 17).input("x", -1, 30).output("y", -1, 30)
                .node("Einsum", "mix", new String[]{"x"}, new String[]{"y"}, "equation", "ij->ij").build();
        List<Path> before = modelFiles();
        for (Map.Entry<String, byte[]> e : List.of(Map.entry("random.onnx", junk), Map.entry("truncated.onnx", Arrays.copyOf(valid, 700)),
                Map.entry("einsum.onnx", einsum))) {
            HttpResponse<String> r = c.upload("/models/upload", e.getKey(), e.getValue());
            assertEquals(422, r.statusCode(), e.getKey() + ": " + r.body());
            String body = r.body().replace("&#39;", "'");
            assertTrue(body.contains("'" + e.getKey() + "' was not kept: " + e.getKey() + ": "), body);
            assertTrue(body.contains(e.getKey().equals("einsum.onnx") ? "unsupported ONNX operator Einsum (opset 17) at node mix"
                    : "not a valid ONNX model"), body);
            assertFalse(body.contains(lucent.data.toString()), "where Lucent keeps uploads is not shown");
        }
        assertEquals(before, modelFiles(), "nothing of the refused uploads is kept");
        assertEquals(200, c.get("/models").statusCode(), "the host keeps serving");
        assertEquals(200, c.get("/health").statusCode());
    }
}
