package dev.lucent.explain.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FGSM and PGD in Lucent on an imported ONNX model give the rows the same attacks give in PyTorch on the model that
 * was exported (Debian's python3-torch; {@code torch_attacks.py} is the attack as a PyTorch engineer writes it).
 */
class TorchOracleTest {

    @Test
    void attacksOnAnImportedModelMatchPyTorchs(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("torch_attacks.py");
        try (var in = TorchOracleTest.class.getResourceAsStream("/robustness/torch_attacks.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "torch_attacks.py failed (python3-torch and python3-onnx, see .ci/run): " + log);
        OnnxModel model = new OnnxImporter().read(dir.resolve("mlp.onnx"));
        float[] x = read(dir.resolve("x.txt"));
        int[] y = Arrays.stream(Files.readString(dir.resolve("y.txt")).trim().split(",")).mapToInt(Integer::parseInt).toArray();
        int n = y.length, m = 6;
        float[] scale = new float[m], lo = new float[m], hi = new float[m];
        boolean[] mutable = new boolean[m];
        Arrays.fill(scale, 1f);
        Arrays.fill(lo, -1.5f);
        Arrays.fill(hi, 1.5f);
        Arrays.fill(mutable, true);
        Attack attack = new Attack(model, new Attack.Space(scale, lo, hi, mutable), 16);
        double[] linf = new double[n], l2 = new double[n];
        Arrays.fill(linf, 0.3);
        Arrays.fill(l2, 0.8);
        Attack.Check never = () -> { };
        compare("FGSM L-inf 0.3", read(dir.resolve("fgsm.txt")), attack.run(x, y, linf, Attack.Settings.fgsm(Attack.Norm.LINF), 0, never));
        compare("PGD L2 0.8", read(dir.resolve("pgd.txt")), attack.run(x, y, l2, Attack.Settings.pgd(Attack.Norm.L2, 10, 0), 0, never));
    }

    private static void compare(String what, float[] torch, Attack.Result lucent) {
        double worst = 0;
        for (int k = 0; k < torch.length; k++) worst = Math.max(worst, Math.abs(torch[k] - lucent.rows()[k]));
        assertTrue(worst < 1e-4, what + ": largest difference from PyTorch's attacked rows " + worst);
        assertTrue(lucent.brokenCount() > 0, what + " broke no row: the comparison would be idle");
    }

    private static float[] read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.stream().flatMap(l -> Arrays.stream(l.split(","))).map(String::trim).reduce(new StringBuilder(), (sb, v) -> sb.append(v).append(' '),
                StringBuilder::append).toString().lines().findFirst().map(s -> {
                    String[] parts = s.trim().split(" ");
                    float[] f = new float[parts.length];
                    for (int i = 0; i < f.length; i++) f[i] = Float.parseFloat(parts[i]);
                    return f;
                }).orElseThrow();
    }
}
