package dev.lucent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.report.JsonReader;
import dev.lucent.host.it.LucentProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's audit point, end to end through the packaged jar's CLI: a real torchvision network (SqueezeNet 1.1, seeded
 * random weights and ten classes, exported by Debian's python3-torch at 64 x 64 pixels so CI stays short) audited on PNG
 * folders of ten classes as an ImageNet model expects them ({@code --pixels imagenet}), two images per class in each split,
 * with every default explainer, no {@code --memory} (the worker's heap sized to the inputs), an audit budget of 30 s
 * (every explainer that costs more than a few model calls plans its work from it, so the audit's time follows the budget,
 * not the images) and a time limit of 900 s, room for a loaded machine.
 * Every explainer must finish: no ERROR run (thrown, timed out, out of memory), no finding refusing for memory, and an
 * explainer that does not apply says why in a NOT_APPLICABLE verdict. The same folders also go to the model with
 * ImageNet's 1000 units, sub-folders 0..9 read as units 0..9 (as a CSV's labels are). CI time: was about 9 minutes on 2
 * cores with the default 100 s budget.
 */
class VisionAuditCliIT {
    static final Duration LIMIT = Duration.ofMinutes(25);

    @TempDir
    static Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void everyDefaultExplainerFinishesOnARealVisionModel() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/vision-models.py");
        python(script, "--out", dir.toString(), "--audit-model", "squeezenet1_1", "--side", "64", "--opsets", "17", "--classes", "10");
        python(script, "--out", dir.toString(), "--audit-folder", dir.resolve("images").toString(), "--side", "64", "--rows", "20");
        Path json = dir.resolve("report.json");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", dir.resolve("home").toString(), "audit",
                "--model", dir.resolve("squeezenet1_1-64px-op17.onnx").toString(), "--data", dir.resolve("images/train").toString(),
                "--test", dir.resolve("images/test").toString(), "--pixels", "imagenet", "--json", json.toString(),
                "--budget", "30", "--time-limit", "900");
        assertTrue(a.exitCode() <= 1, "exit " + a.exitCode() + ": " + a.err()); // 1: a verdict failed, which random weights may
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(json));
        Map<String, Object> machine = (Map<String, Object>) ((Map<String, Object>) report.get("provenance")).get("machine");
        assertTrue(String.valueOf(machine.get("workerHeap")).startsWith("sized to the inputs: "), String.valueOf(machine));
        List<String> problems = new ArrayList<>();
        int runs = 0;
        for (Object o : (List<Object>) report.get("runs")) {
            Map<String, Object> run = (Map<String, Object>) o;
            runs++;
            String id = String.valueOf(run.get("explainer"));
            if (!"OK".equals(run.get("status"))) problems.add(id + " " + run.get("status") + ": " + titles(run));
            for (Object f : (List<Object>) run.get("findings")) {
                Map<String, Object> m = (Map<String, Object>) f;
                String text = m.get("title") + " " + m.get("summary") + " " + m.get("note");
                if (text.contains("memory budget") || text.contains("out of memory"))
                    problems.add(id + " refused for memory: " + m.get("summary"));
                if ("ERROR".equals(m.get("outcome"))) problems.add(id + " ERROR verdict: " + m.get("summary"));
                if ("NOT_APPLICABLE".equals(m.get("outcome")) && String.valueOf(m.get("summary")).isBlank())
                    problems.add(id + " not applicable without a reason");
            }
        }
        assertTrue(runs >= 30, runs + " explainers ran");
        assertEquals(List.of(), problems, "every default explainer finishes or says why it does not apply");
    }

    @Test
    void foldersNamedByUnitNumbersAreThoseUnitsOfAThousandClassModel() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("scripts/vision-models.py");
        Path out = dir.resolve("thousand");
        python(script, "--out", out.toString(), "--audit-model", "squeezenet1_1", "--side", "64", "--opsets", "17");
        python(script, "--out", out.toString(), "--audit-folder", out.resolve("images").toString(), "--side", "64", "--rows", "10");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, "--data", dir.resolve("home2").toString(), "audit",
                "--model", out.resolve("squeezenet1_1-64px-op17.onnx").toString(), "--data", out.resolve("images/train").toString(),
                "--test", out.resolve("images/test").toString(), "--pixels", "imagenet", "--explainers", "saliency",
                "--json", out.resolve("r.json").toString());
        assertEquals(0, a.exitCode(), a.err()); // was exit 2: "the ONNX model has 1000 output units ... images of train have 10 classes"
    }

    @SuppressWarnings("unchecked")
    private static String titles(Map<String, Object> run) {
        List<String> t = new ArrayList<>();
        for (Object f : (List<Object>) run.get("findings")) t.add(String.valueOf(((Map<String, Object>) f).get("title")));
        return String.join("; ", t);
    }

    private static void python(Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "vision-models.py timed out");
        assertEquals(0, p.exitValue(), out);
    }
}
