package dev.lucent.explain.overfitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: membership inference read float32 probabilities, so every row more confident than 1 - 6e-8 had loss
 * exactly 0 and the attack could not rank them. A model whose logit margin is x itself, members at margins 20..39
 * and held-out rows at 18.05..19.95: all round to p = 1 in float32, yet every member's true loss e^-x-ish is below
 * every held-out row's, so the attack's AUC is 1 by construction (a coin, 0.5, when the ties are kept).
 */
class ConfidentMembershipTest {

    @Test
    void confidentRowsAreRankedByTheirTrueLossNotTiedAtZero() throws Exception {
        for (OutputKind kind : new OutputKind[]{OutputKind.CLASS_LOGITS, OutputKind.BINARY_LOGIT}) {
            LinearModel model = kind == OutputKind.BINARY_LOGIT
                    ? new LinearModel(new float[][]{{1}}, new float[1], kind, 1)
                    : new LinearModel(new float[][]{{0}, {1}}, new float[2], kind, 1);
            float[] members = new float[40], held = new float[20];
            for (int i = 0; i < 40; i++) members[i] = 20 + 0.5f * i;
            for (int i = 0; i < 20; i++) held[i] = 18.05f + 0.1f * i;
            // the premise: float32 probabilities tie every row at 1
            for (float[] rows : new float[][]{members, held})
                for (float[] p : model.probabilities(Tensor.of(rows, rows.length, 1)))
                    assertEquals(1f, p[1], 0f, "a row float32 does not round to certainty");
            DatasetSchema schema = new DatasetSchema(List.of("margin"), "label", List.of("no", "yes"), new int[]{1});
            TestContext context = new TestContext(model, schema, split("train", members), split("test", held));
            List<Finding> f = new MembershipInferenceExplainer().explain(context);
            Metric auc = (Metric) f.get(0);
            assertEquals(1.0, auc.value(), 0, kind + ": " + auc);
            assertTrue(auc.lower() > 0.9, kind + ": " + auc);
        }
    }

    private static DataSplit split(String name, float[] margins) {
        int[] labels = new int[margins.length];
        java.util.Arrays.fill(labels, 1);
        return new DataSplit(name, Tensor.of(margins.clone(), margins.length, 1), labels, null);
    }
}
