package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.CliImagesAndRegressionIT;
import java.net.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The robustness family end to end through the packaged jar: a CNN trained one epoch on 1,000 Fashion-MNIST IDX images, audited
 * by the CLI with corruption and attack curves in the JSON, HTML and PDF reports, then the same model and data through
 * the console (the IDX pair uploaded as a zip). Small settings (rows, steps) keep it near a minute on 2 cores.
 */
class RobustnessIT {
    static final Duration LIMIT = Duration.ofMinutes(5);
    static final List<String> PARAMS = List.of("corruptions.rows=60", "corruptions.bootstrap-resamples=200", "adversarial-attacks.rows=20",
            "adversarial-attacks.steps=4", "adversarial-attacks.flip-search-steps=4", "adversarial-attacks.bootstrap-resamples=200");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void aFashionMnistCnnIsAuditedForCorruptionsAndAttacksByTheCliAndTheConsole() throws Exception {
        Path[] idx = CliImagesAndRegressionIT.fashionSubset(dir, 1000);
        Path data = dir.resolve("data"), model = dir.resolve("cnn"), json = dir.resolve("r.json"), html = dir.resolve("r.html"),
                pdf = dir.resolve("r.pdf");
        LucentProcess.Result t = LucentProcess.run(dir, LIMIT, "--data", data.toString(), "train", "--data", idx[0].toString(),
                "--labels", idx[1].toString(), "--arch", "cnn", "--epochs", "1", "--out", model.toString());
        assertEquals(0, t.exitCode(), t.err());
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, AttackCurves.withParams(List.of("--data", data.toString(), "audit", "--model", model.toString(),
                "--data", idx[0].toString(), "--labels", idx[1].toString(), "--explainers", "corruptions,adversarial-attacks",
                "--json", json.toString(), "--out", html.toString(), "--pdf", pdf.toString()), PARAMS));
        assertTrue(a.exitCode() <= 1, "exit " + a.exitCode() + ": " + a.err());
        List<Map<String, Object>> f = CliImagesAndRegressionIT.findings(json);
        AttackCurves.assertBothRan(f);
        Map<String, Object> corruptions = f.stream().filter(m -> "corruptions".equals(m.get("explainer")) && "curve".equals(m.get("kind")))
                .findFirst().orElseThrow();
        assertEquals(6, ((List<Object>) corruptions.get("series")).size(), "six image corruptions");
        for (String norm : List.of("L-inf", "L2")) AttackCurves.assertPgdNeverWeakerThanFgsm(f, norm);
        assertTrue(f.stream().anyMatch(m -> "adversarial-attacks".equals(m.get("explainer")) && "image-heatmap".equals(m.get("kind"))
                && CliImagesAndRegressionIT.num(m.get("height")) == 28), "flipped images drawn");
        String h = Files.readString(html);
        for (String title : List.of("Held-out accuracy under corruption", "Held-out accuracy under L-inf attack", "the least flipping perturbation"))
            assertTrue(h.contains(title), title + " in the HTML");
        assertTrue(h.contains("<polyline"), "curves drawn");
        byte[] p = Files.readAllBytes(pdf);
        assertTrue(p.length > 10_000 && new String(p, 0, 5).equals("%PDF-"), "a PDF");

        // the console: the same model file and the IDX pair as a zip, the same explainers and parameters
        try (LucentProcess host = LucentProcess.start()) {
            WebClient admin = host.admin();
            ConsoleAudit console = new ConsoleAudit(admin).inputs("cnn.lucent", Files.readAllBytes(model.resolve("model.lucent")), "fashion.zip", zip(idx));
            String job = console.start(List.of("corruptions", "adversarial-attacks"), 300, 1024, String.join("\n", PARAMS));
            String report = ConsoleAudit.reportPath(console.awaitJob(job, LIMIT));
            HttpResponse<String> page = admin.get(report);
            assertEquals(200, page.statusCode(), report);
            for (String title : List.of("Held-out accuracy under corruption", "Held-out accuracy under L2 attack", "the least flipping perturbation"))
                assertTrue(page.body().contains(title), title + " on the console's report page");
            assertTrue(page.body().contains("<polyline"), "curves drawn on the console");
        }
    }

    static byte[] zip(Path[] files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Path p : files) {
                z.putNextEntry(new ZipEntry(p.getFileName().toString()));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
