package dev.lucent.explain.drift;

import dev.lucent.explain.support.Proportions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift statistics against scipy 1.10 (Debian's python3-scipy, run as /usr/bin/python3 on the same numbers) and
 * against closed forms worked by hand.
 */
class TwoSampleTest {

    @TempDir
    Path dir;

    /** Samples with ties (rounded to one decimal), of sizes that take scipy's exact and asymptotic KS. */
    static double[] sample(int n, double shift, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            v[i] = Math.rint(10 * (shift + scale * Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2))) / 10;
        }
        return v;
    }

    static final String SCRIPT = String.join("\n",
            "import sys, numpy as np",
            "from scipy import stats",
            "from scipy.spatial import distance",
            "lines = open(sys.argv[1]).read().split('\\n')",
            "out = []",
            "for i in range(0, len(lines) - 1, 2):",
            "    a = np.array([float(x) for x in lines[i].split(',')]); b = np.array([float(x) for x in lines[i + 1].split(',')])",
            "    mode = 'exact' if len(a) * len(b) <= 25000000 else 'asymp'",
            "    ks = stats.ks_2samp(a, b, method=mode)",
            "    out.append('%r %r %r' % (ks.statistic, ks.pvalue, stats.wasserstein_distance(a, b)))",
            "print('\\n'.join(out))",
            "t = np.array([[30, 12, 7, 1], [22, 20, 3, 4]])",
            "c = stats.chi2_contingency(t, correction=False)",
            "print('%r %r %d' % (c[0], c[1], c[2]))",
            "p = np.array([0.1, 0.2, 0.3, 0.4, 0.0]); q = np.array([0.25, 0.25, 0.2, 0.1, 0.2])",
            "print('%r' % distance.jensenshannon(p, q, base=2))");

    record Case(double[] a, double[] b) {
    }

    @Test
    void ksChiSquaredWassersteinAndJensenShannonAgreeWithScipy() throws Exception {
        List<Case> cases = List.of(
                new Case(sample(40, 0, 1, 1), sample(55, 0.3, 1, 2)),
                new Case(sample(120, 0, 1, 3), sample(120, 0, 1, 4)), // equal sizes
                new Case(sample(300, 0, 1, 5), sample(210, 0.2, 1.3, 6)),
                new Case(sample(6000, 0, 1, 7), sample(5000, 0.05, 1, 8))); // past the exact count: asymptotic
        StringBuilder b = new StringBuilder();
        for (Case c : cases) b.append(csv(c.a())).append('\n').append(csv(c.b())).append('\n');
        Path data = dir.resolve("samples.txt");
        Files.writeString(data, b.toString());
        List<String> out = python(data);
        for (int k = 0; k < cases.size(); k++) {
            String[] s = out.get(k).split(" ");
            TwoSample.Test ks = TwoSample.ks(cases.get(k).a(), cases.get(k).b());
            assertEquals(Double.parseDouble(s[0]), ks.statistic(), 1e-12, "KS statistic, case " + k);
            double p = Double.parseDouble(s[1]);
            if (k < 3) assertEquals(p, ks.p(), 1e-9 + 1e-6 * p, "exact KS p-value, case " + k);
            else assertEquals(p, ks.p(), 0.01 * p + 1e-4, "asymptotic KS p-value, case " + k); // scipy: kstwo at round(n1 n2 / n); here Kolmogorov's limit
            assertEquals(Double.parseDouble(s[2]), TwoSample.wasserstein(cases.get(k).a(), cases.get(k).b()), 1e-9, "Wasserstein, case " + k);
        }
        String[] chi = out.get(cases.size()).split(" ");
        TwoSample.Test c = TwoSample.chiSquared(new long[] {30, 12, 7, 1}, new long[] {22, 20, 3, 4});
        assertEquals(Double.parseDouble(chi[0]), c.statistic(), 1e-10);
        assertEquals(Double.parseDouble(chi[1]), c.p(), 1e-10);
        assertEquals(Integer.parseInt(chi[2]), c.df());
        assertEquals(Double.parseDouble(out.get(cases.size() + 1)),
                TwoSample.jensenShannon(new double[] {0.1, 0.2, 0.3, 0.4, 0.0}, new double[] {0.25, 0.25, 0.2, 0.1, 0.2}), 1e-12);
    }

    @Test
    void psiAndBenjaminiHochbergByHand() {
        // PSI of shares (0.5, 0.5) -> (0.25, 0.75): (0.25-0.5) ln(0.5) + (0.75-0.5) ln(1.5) = 0.25 ln 3 = 0.274653...
        assertEquals(0.25 * Math.log(3), TwoSample.psi(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}), 1e-15);
        // an empty current bin is floored at 1e-4 instead of making the index infinite
        assertEquals((1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2),
                TwoSample.psi(new double[] {0.5, 0.5}, new double[] {0, 1}), 1e-12);
        // p = (0.01, 0.04, 0.03, 0.005): ranked 0.005, 0.01, 0.03, 0.04 -> 0.02, 0.02, 0.04, 0.04 (statsmodels fdr_bh)
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02}, TwoSample.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-15);
        // a large p-value times m/i is capped at 1
        assertArrayEquals(new double[] {1, 1}, TwoSample.benjaminiHochberg(new double[] {0.9, 0.95}), 0.06);
        // identical samples: KS 0 with p 1, Wasserstein 0, JS 0
        double[] x = sample(50, 0, 1, 9);
        assertEquals(0, TwoSample.ks(x, x.clone()).statistic());
        assertEquals(1, TwoSample.ks(x, x.clone()).p());
        assertEquals(0, TwoSample.wasserstein(x, x.clone()));
        assertEquals(0, TwoSample.jensenShannon(new double[] {0.2, 0.8}, new double[] {0.2, 0.8}), 1e-8);
        // a shift by c moves every value by c: Wasserstein exactly c
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] += 0.5;
        assertEquals(0.5, TwoSample.wasserstein(x, y), 1e-12);
        // chi-squared with one degree of freedom: Q(1/2, x/2) = erfc(sqrt(x/2)); at x = 3.841458820694124 p = 0.05
        assertEquals(0.05, TwoSample.upperGamma(0.5, 3.841458820694124 / 2), 1e-12);
    }

    @Test
    void newcombesIntervalMatchesHisWorkedExample() {
        // Newcombe (1998), Table II, example (a): 56/70 - 48/80 = 0.2000, method 10 (hybrid score): 0.0524 to 0.3339
        Proportions.Interval ci = Proportions.difference(48, 80, 56, 70, Proportions.normalQuantile(0.975));
        assertEquals(0.0524, ci.lower(), 5e-5);
        assertEquals(0.3339, ci.upper(), 5e-5);
        assertEquals(1.959963984540054, Proportions.normalQuantile(0.975), 1e-8);
        assertEquals(-2.326347874040841, Proportions.normalQuantile(0.01), 1e-8);
        // 43 of 43 right: Wilson's lower bound stays below 1 (0.918), where a bootstrap of the same rows has no spread
        assertEquals(0.9180, Proportions.wilson(43, 43, Proportions.normalQuantile(0.975)).lower(), 5e-4);
    }

    static String csv(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", v[i]));
        return b.toString();
    }

    List<String> python(Path data) throws IOException, InterruptedException {
        Path script = dir.resolve("oracle.py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = new ArrayList<>(out.lines().toList());
        assertTrue(lines.size() >= 6, out);
        return lines;
    }
}
