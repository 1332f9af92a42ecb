package dev.lucent.explain.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.onnx.OnnxExporter;
import dev.lucent.network.api.onnx.OnnxImporter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The digits CNN and its ONNX export, imported again, are attacked alike: the same rows broken, the same rows within float tolerance. */
class NativeAndOnnxTest {

    @Test
    void theExportIsAttackedAsTheNativeModelIs() throws Exception {
        AuditableModel cnn = EngineModels.digitsCnn();
        AuditableModel onnx = new OnnxImporter().read(new OnnxExporter().export(EngineModels.digitsCnn())).withOutputKind(OutputKind.CLASS_LOGITS);
        int n = 60, m = 64;
        float[] x = EngineModels.heldOut(n, true).toArray();
        int[] y = EngineModels.heldOutLabels(n);
        float[] scale = new float[m], lo = new float[m], hi = new float[m];
        boolean[] mutable = new boolean[m];
        Arrays.fill(scale, 1f);
        Arrays.fill(hi, 1f); // the digits scaled to [0, 1]
        Arrays.fill(mutable, true);
        Attack.Space space = new Attack.Space(scale, lo, hi, mutable);
        for (Attack.Norm norm : Attack.Norm.values()) {
            double[] budget = new double[n];
            Arrays.fill(budget, norm == Attack.Norm.LINF ? 0.05 : 0.5);
            Attack.Settings pgd = Attack.Settings.pgd(norm, 8, 1);
            Attack.Result a = new Attack(cnn, space, 32).run(x, y, budget, pgd, 5, () -> { });
            Attack.Result b = new Attack(onnx, space, 32).run(x, y, budget, pgd, 5, () -> { });
            assertArrayEquals(a.broken(), b.broken(), norm + ": the same rows broken");
            assertTrue(a.brokenCount() > 0 && a.brokenCount() < n, norm + ": " + a.brokenCount() + " broken, a comparison that can differ");
            double worst = 0;
            for (int k = 0; k < a.rows().length; k++) worst = Math.max(worst, Math.abs(a.rows()[k] - b.rows()[k]));
            assertTrue(worst < 1e-3, norm + ": largest difference " + worst);
        }
    }
}
