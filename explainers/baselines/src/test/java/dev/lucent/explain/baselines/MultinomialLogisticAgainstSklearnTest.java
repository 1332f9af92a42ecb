package dev.lucent.explain.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.support.Standardizer;
import dev.lucent.explain.testkit.Digits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the L-BFGS solver (which replaced accelerated gradient descent, 3,000 iterations without converging on
 * Fashion-MNIST) reaches scikit-learn's multinomial optimum. The oracle is scikit-learn's LogisticRegression(C=1)
 * on the first 1000 rows of the shared digits set, computed by {@code src/test/resources/sklearn/logistic_digits.py}
 * (its output checked in beside it, so the build needs no Python).
 */
class MultinomialLogisticAgainstSklearnTest {

    @Test
    void lbfgsReachesScikitLearnsMultinomialCoefficients() throws Exception {
        int n = 1000;
        double[][] x = new double[n][64];
        int[] y = new int[n];
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(Digits.FILE)),
                StandardCharsets.UTF_8))) {
            for (int i = 0; i < n; i++) {
                String[] f = r.readLine().split(",");
                for (int j = 0; j < 64; j++) x[i][j] = Float.parseFloat(f[j]) / 16f;
                y[i] = (int) Float.parseFloat(f[64]);
            }
        }
        double[][] z = Standardizer.fit(x).apply(x);
        LogisticRegression lr = LogisticRegression.fit(z, y, 10, 1.0, 3000, 1e-7, null); // tight, as the reference
        assertTrue(lr.converged(), "converged within 3000 iterations");
        assertTrue(lr.iterations() < 1000, "iterations " + lr.iterations());
        double[][] sklearn = reference();
        double largest = 0;
        for (double[] row : sklearn) for (double v : row) largest = Math.max(largest, Math.abs(v));
        for (int k = 0; k < 10; k++) {
            for (int j = 0; j < 64; j++)
                assertEquals(sklearn[k][j], lr.coefficient(k, j), 2e-3 * largest, "class " + k + ", pixel " + j);
            assertEquals(sklearn[k][64], lr.intercept(k), 2e-3 * largest, "class " + k + ", intercept");
        }
    }

    private static double[][] reference() throws IOException {
        try (InputStream in = MultinomialLogisticAgainstSklearnTest.class.getResourceAsStream("/sklearn/logistic_digits.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .map(l -> java.util.Arrays.stream(l.trim().split(" ")).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
        }
    }
}
