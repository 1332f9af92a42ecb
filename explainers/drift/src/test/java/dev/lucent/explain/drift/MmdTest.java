package dev.lucent.explain.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unbiased MMD^2 and its median-heuristic kernel width against numpy, written out from Gretton et al. (2012), eq. 3. */
class MmdTest {

    @TempDir
    Path dir;

    @Test
    void unbiasedMmdSquaredAndKernelWidthAgreeWithNumpy() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        double[][] x = new double[10][3], y = new double[12][3];
        for (double[] row : x) for (int k = 0; k < 3; k++) row[k] = r.nextDouble();
        for (double[] row : y) for (int k = 0; k < 3; k++) row[k] = r.nextDouble() + (k == 0 ? 0.4 : 0);
        StringBuilder b = new StringBuilder();
        for (double[][] side : new double[][][] {x, y}) {
            for (double[] row : side) b.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(';');
            b.append('\n');
        }
        Path data = dir.resolve("xy.txt");
        Files.writeString(data, b.toString());
        Path script = dir.resolve("mmd.py");
        Files.writeString(script, String.join("\n",
                "import sys, numpy as np",
                "x, y = [np.array([[float(v) for v in r.split(',')] for r in l.split(';') if r]) for l in open(sys.argv[1]).read().split('\\n')[:2]]",
                "z = np.vstack([x, y]); d = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(-1))",
                "s = np.median(d[np.triu_indices(len(z), 1)]); k = np.exp(-d ** 2 / (2 * s * s))",
                "m, n = len(x), len(y); kxx = k[:m, :m]; kyy = k[m:, m:]; kxy = k[:m, m:]",
                "mmd = (kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1)) - 2 * kxy.mean()",
                "print('%r %r' % (mmd, s))"));
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), data.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        String[] v = out.split(" ");
        Mmd.Result m = Mmd.test(x, y, 99, 1, null);
        assertEquals(Double.parseDouble(v[0]), m.mmd2(), 1e-12);
        assertEquals(Double.parseDouble(v[1]), m.sigma(), 1e-12);
        assertTrue(m.p() > 0 && m.p() <= 1);
        // the same sample twice: MMD^2 below zero or near it (unbiased), p-value large
        Mmd.Result same = Mmd.test(x, x.clone(), 99, 1, null);
        assertTrue(same.p() > 0.5, same.toString());
    }
}
