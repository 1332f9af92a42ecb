package dev.lucent.explain.attribution;

import static dev.lucent.explain.testkit.Fixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Explainer;
import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.testkit.Mlp;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: exact Shapley and KernelSHAP in one audit summarised the training data with different k-means seeds,
 * so one report printed two base values E[f(background)] for the same rows. Both must use one background, and
 * the exact values say they are exact relative to it.
 */
class SharedBackgroundTest {
    private static final Pattern BASE = Pattern.compile("base value E\\[f\\(background\\)\\] = (\\S+), f\\(x\\) = (\\S+):");

    @Test
    void exactShapleyAndKernelShapReportTheSameBaseValueInOneAudit() throws Exception {
        Mlp mlp = new Mlp(6, 8, 2, OutputKind.CLASS_LOGITS, 3);
        float[] x = random(200 * 6, 9);
        int[] y = new int[200];
        for (long seed : new long[]{42, 7}) {
            List<double[]> exact = bases(new ExactShapleyExplainer(), mlp, x, y, seed);
            List<double[]> kernel = bases(new KernelShapExplainer(), mlp, x, y, seed);
            assertEquals(4, exact.size());
            for (int i = 0; i < exact.size(); i++) {
                assertEquals(exact.get(i)[0], kernel.get(i)[0], 0, "row " + i + ", seed " + seed + ": base values differ");
                assertEquals(exact.get(i)[1], kernel.get(i)[1], 0, "row " + i + ": f(x) differs");
                // f(x) from the model itself: the rows and targets are the same in both
                double fx = mlp.predict(dev.lucent.network.api.Tensor.of(java.util.Arrays.copyOfRange(x, i * 6, i * 6 + 6), 1, 6))
                        .toArray()[(int) exact.get(i)[2]];
                assertEquals(fx, exact.get(i)[1], 1e-3 * Math.max(1, Math.abs(fx)));
            }
        }
    }

    @Test
    void theExactValuesSayWhatTheyAreExactFor() throws Exception {
        Mlp mlp = new Mlp(6, 8, 2, OutputKind.CLASS_LOGITS, 3);
        List<Finding> f = new ExactShapleyExplainer().explain(TestContext.tabular(mlp, random(200 * 6, 9), new int[200], 2));
        String note = ((FeatureAttribution) f.get(0)).note();
        assertTrue(note.contains("exact relative to the background of 10 k-means centres"), note);
        assertTrue(note.contains("shared by exact Shapley and KernelSHAP"), note);
    }

    /** Per shown row: base value, f(x), the target's index (from the subject "row i, logit of c&lt;k&gt;"). */
    private static List<double[]> bases(Explainer explainer, Mlp mlp, float[] x, int[] y, long seed) throws Exception {
        List<double[]> out = new ArrayList<>();
        for (Finding f : explainer.explain(TestContext.tabular(mlp, x, y, 2).seed(seed))) {
            if (!(f instanceof FeatureAttribution a) || a.note() == null) continue;
            Matcher m = BASE.matcher(a.note());
            if (!m.find()) continue;
            int target = Integer.parseInt(a.subject().replaceAll(".*\\bc(\\d+)$", "$1"));
            out.add(new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), target});
        }
        return out;
    }
}
