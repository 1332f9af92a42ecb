package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the baseline's note says "C = 1" the way scikit-learn does, but it fitted the two-class multinomial
 * form, which is scikit-learn's binary LogisticRegression(C=2). The oracle is scikit-learn's binary fit with C=1 on
 * the same rows, computed once by {@code src/test/resources/sklearn/logistic_breast_cancer.py} (beside its output,
 * so the build does not need Python).
 */
class BinaryLogisticAgainstSklearnTest {

    @Test
    void coefficientsAreScikitLearnsBinaryFitWithTheSameC() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        int n = raw.rows().size(), train = 400;
        float[][] rows = raw.rows().toArray(new float[0][]);
        int[] labels = raw.labels().stream().mapToInt(Integer::intValue).toArray();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < 30; j++) names.add("f" + j);
        TestContext c = Fixtures.context(new LinearModel(new float[2][30], new float[2], OutputKind.CLASS_LOGITS, 30),
                new dev.lucent.network.api.DatasetSchema(names, "diagnosis", List.of("malignant", "benign"), new int[]{30}),
                Fixtures.split("train", java.util.Arrays.copyOf(rows, train), java.util.Arrays.copyOf(labels, train), null),
                Fixtures.split("test", java.util.Arrays.copyOfRange(rows, train, n), java.util.Arrays.copyOfRange(labels, train, n), null))
                .with("max-iterations", "20000").with("tol", "1e-7"); // solved as tightly as the reference (tol 1e-12)
        List<Finding> f = new LogisticRegressionBaselineExplainer().explain(c);
        FeatureAttribution coef = f.stream().filter(x -> x instanceof FeatureAttribution).map(x -> (FeatureAttribution) x)
                .findFirst().orElseThrow();
        assertTrue(coef.note().contains("LogisticRegression(C=1.0)") && !coef.note().contains("not converged"), coef.note());
        double[] sklearn = reference();
        double[] v = coef.values();
        for (int j = 0; j < 30; j++)
            assertEquals(sklearn[j], v[j], 2e-3 * Math.max(1, Math.abs(sklearn[j])), "feature " + j + ": " + java.util.Arrays.toString(v));
    }

    private static double[] reference() throws IOException {
        try (InputStream in = BinaryLogisticAgainstSklearnTest.class.getResourceAsStream("/sklearn/logistic_breast_cancer.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().mapToDouble(Double::parseDouble).toArray();
        }
    }
}
