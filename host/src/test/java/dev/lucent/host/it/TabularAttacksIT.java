package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.CliImagesAndRegressionIT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's tabular attacks end to end through the packaged jar: the shared breast cancer MLP ({@link BreastCancerMlp})
 * audited by the CLI with {@code corruptions} and {@code adversarial-attacks}, the counterfactuals' constraints given as
 * {@code --param} (two immutable features, a monotone one, a range). The JSON and HTML reports show the corruption and
 * attack curves and the flipped rows before and after, and every change shown keeps the constraints and flips the
 * decision (as the model, re-run on it, states in the table's note).
 */
class TabularAttacksIT {
    static final Duration LIMIT = Duration.ofMinutes(6);
    static final List<String> PARAMS = List.of("corruptions.rows=60", "corruptions.bootstrap-resamples=200",
            "adversarial-attacks.rows=40", "adversarial-attacks.steps=4", "adversarial-attacks.flip-search-steps=5",
            "adversarial-attacks.bootstrap-resamples=200", "adversarial-attacks.shown=6",
            "adversarial-attacks.immutable=mean radius,worst radius", "adversarial-attacks.monotone-increasing=mean texture",
            "adversarial-attacks.ranges=mean area:300..1500");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theBreastCancerMlpIsAttackedWithinItsConstraintsThroughTheCli() throws Exception {
        BreastCancerMlp bc = BreastCancerMlp.trainIn(dir, LIMIT);
        Path json = dir.resolve("a.json"), html = dir.resolve("a.html");
        LucentProcess.Result a = LucentProcess.run(dir, LIMIT, AttackCurves.withParams(List.of("--data", bc.data().toString(), "audit",
                "--model", bc.model().toString(), "--data", bc.csv().toString(), "--label", "diagnosis",
                "--explainers", "corruptions,adversarial-attacks", "--json", json.toString(), "--out", html.toString(), "--seed", "3"), PARAMS));
        assertTrue(a.exitCode() <= 1, "exit " + a.exitCode() + ": " + a.err());
        List<Map<String, Object>> f = CliImagesAndRegressionIT.findings(json);
        AttackCurves.assertBothRan(f);
        assertTrue(f.stream().anyMatch(m -> "corruptions".equals(m.get("explainer")) && "curve".equals(m.get("kind"))), "a corruption curve");
        for (String norm : List.of("L-inf", "L2")) {
            Map<String, Object> c = AttackCurves.assertPgdNeverWeakerThanFgsm(f, norm);
            assertTrue(String.valueOf(c.get("note")).contains("the constraints kept"), norm + " curve's note: " + c.get("note"));
        }
        Pattern decides = Pattern.compile("the model decides (\\w+) on this row and (\\w+) when re-run on the perturbed one");
        int tables = 0, values = 0;
        for (Map<String, Object> t : f) {
            if (!"table".equals(t.get("kind")) || !String.valueOf(t.get("title")).startsWith("Held-out row")) continue;
            tables++;
            Matcher d = decides.matcher(String.valueOf(t.get("note")));
            assertTrue(d.find(), "the note states the re-run decision: " + t.get("note"));
            assertNotEquals(d.group(1), d.group(2), t.get("title") + ": the perturbed row flips when re-run");
            assertFalse(((List<Object>) t.getOrDefault("emphasized", List.of())).isEmpty(), "changed values emphasized");
            for (Object r : (List<Object>) t.get("rows")) {
                List<String> cells = (List<String>) r;
                String feature = cells.get(0);
                double before = Double.parseDouble(cells.get(1)), after = Double.parseDouble(cells.get(2));
                assertFalse(feature.equals("mean radius") || feature.equals("worst radius"), "an immutable feature changed: " + t.get("title"));
                assertNotEquals(before, after, feature + ": a row of the table is a change");
                if (feature.startsWith("mean texture")) {
                    assertEquals("mean texture (may only increase)", feature);
                    assertTrue(after >= before, "mean texture fell: " + before + " -> " + after);
                }
                if (feature.equals("mean area"))
                    assertTrue(after >= Math.min(300, before) - 1e-3 && after <= Math.max(1500, before) + 1e-3, "mean area left 300..1500: " + after);
                values++;
            }
        }
        assertTrue(tables >= 3 && values >= 10, "flipped rows shown: " + tables + " tables, " + values + " changed values");
        String h = Files.readString(html);
        for (String title : List.of("Held-out accuracy under corruption", "Held-out accuracy under L-inf attack", "the least flipping L2 perturbation"))
            assertTrue(h.contains(title), title + " in the HTML");
        assertTrue(h.contains("<polyline"), "curves drawn");
        assertTrue(h.contains("<td class=\"emphasized\">"), "the perturbed values set apart in the HTML");
    }
}
