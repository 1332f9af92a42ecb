package dev.lucent.network.api.training;

import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Model#trainStep}: the step written out by hand (forward, loss, zeroed gradients, backward, update) with no
 * array reused, bit for bit over steps whose arrays are recycled, and inside a probe session (the probe sees the
 * same activation); a batch of the wrong shape is refused by name.
 */
class TrainStepTest {

    private static Model cnn() {
        return Model.builder("cnn", OutputKind.CLASS_LOGITS, 1, 12, 12).seed(3)
                .add("conv1", new Conv2d(1, 8, 3)).add("relu1", Activation.relu()).add("pool1", Pool2d.max(2, 2))
                .add("flat", new Flatten()).add("fc", new Linear(8 * 5 * 5, 10)).build();
    }

    private static float handStep(Model m, Tensor x, int[] y, Optimizer opt) {
        List<Parameter> ps = m.trainableParameters();
        Tensor loss = Loss.CROSS_ENTROPY.compute(m.forward(x, Mode.train(1)), y, null, null);
        for (Parameter p : ps) p.value().zeroGrad();
        loss.backward();
        opt.step(ps, 0.05f);
        return loss.item();
    }

    @Test
    void recycledStepsEqualTheStepWrittenOut() {
        Tensor x = Tensor.randn(7, 96, 1, 12, 12); // 13,824 values: enough for the model to reuse its arrays
        int[] y = new int[96];
        for (int i = 0; i < y.length; i++) y[i] = (i * 7) % 10;
        Model a = cnn(), b = cnn();
        Optimizer oa = Optimizer.sgd(0.9f, false), ob = Optimizer.sgd(0.9f, false);
        for (int step = 0; step < 4; step++) {
            float want = handStep(a, x, y, oa);
            float got = b.trainStep(x, y, Loss.CROSS_ENTROPY, ob, 0.05f, 1);
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), "loss at step " + step);
        }
        List<Parameter> pa = a.trainableParameters(), pb = b.trainableParameters();
        for (int i = 0; i < pa.size(); i++) assertArrayEquals(pa.get(i).values(), pb.get(i).values(), pa.get(i).name());
        float[] want;
        float wantLoss;
        try (ProbeSession s = ProbeSession.open("relu1")) {
            wantLoss = handStep(a, x, y, oa);
            want = s.activation("relu1").toArray();
        }
        Tensor probed;
        try (ProbeSession s = ProbeSession.open("relu1")) {
            assertEquals(Float.floatToIntBits(wantLoss), Float.floatToIntBits(b.trainStep(x, y, Loss.CROSS_ENTROPY, ob, 0.05f, 1)));
            probed = s.activation("relu1");
        }
        assertArrayEquals(want, probed.toArray(), "the probed activation");
    }

    @Test
    void aBatchOfTheWrongShapeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cnn().trainStep(Tensor.zeros(4, 1, 10, 10), new int[4], Loss.CROSS_ENTROPY, Optimizer.sgd(), 0.1f, 1));
        assertTrue(e.getMessage().contains("[1, 12, 12]") || e.getMessage().contains("12"), e.getMessage());
    }
}
