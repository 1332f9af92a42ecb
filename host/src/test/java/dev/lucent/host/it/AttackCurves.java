package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.host.CliImagesAndRegressionIT;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the robustness ITs check alike in a CLI audit with {@code corruptions} and {@code adversarial-attacks}: the
 * parameters passed as {@code --param}, both explainers ran (no ERROR, no NOT_APPLICABLE), and on each norm's curve PGD
 * is never weaker than FGSM and the largest budget costs accuracy (PGD starts from FGSM's step, so a PGD curve above
 * FGSM's means the attack lost what it had).
 */
final class AttackCurves {
    private AttackCurves() {
    }

    /** {@code args} followed by {@code --param p} for each of {@code params}. */
    static String[] withParams(List<String> args, List<String> params) {
        List<String> all = new ArrayList<>(args);
        for (String p : params) {
            all.add("--param");
            all.add(p);
        }
        return all.toArray(String[]::new);
    }

    static void assertBothRan(List<Map<String, Object>> findings) {
        assertFalse(findings.stream().anyMatch(m -> "verdict".equals(m.get("kind"))
                        && List.of("ERROR", "NOT_APPLICABLE").contains(String.valueOf(m.get("outcome")))),
                "both ran: " + findings.stream().filter(m -> "verdict".equals(m.get("kind")))
                        .map(m -> m.get("explainer") + " " + m.get("summary")).toList());
    }

    /** The held-out accuracy curve under the {@code norm} attack, checked; returned for the caller's own checks. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> assertPgdNeverWeakerThanFgsm(List<Map<String, Object>> findings, String norm) {
        Map<String, Object> c = findings.stream().filter(m -> ("Held-out accuracy under " + norm + " attack").equals(m.get("title")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + norm + " attack curve"));
        List<Object> series = (List<Object>) c.get("series");
        double[] fgsm = CliImagesAndRegressionIT.nums(((Map<String, Object>) series.get(0)).get("y"));
        double[] pgd = CliImagesAndRegressionIT.nums(((Map<String, Object>) series.get(1)).get("y"));
        for (int i = 0; i < fgsm.length; i++) assertTrue(pgd[i] <= fgsm[i], norm + ": PGD never weaker than FGSM");
        assertTrue(pgd[pgd.length - 1] < pgd[0], norm + ": the largest budget costs accuracy");
        return c;
    }
}
