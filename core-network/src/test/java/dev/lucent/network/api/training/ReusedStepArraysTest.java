package dev.lucent.network.api.training;

import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A hand-written loop's steps with reused arrays train exactly as without them; what a kept tensor risks. */
class ReusedStepArraysTest {

    private static Model mlp() {
        return Sequential.of("mlp", OutputKind.CLASS_LOGITS, 3, new int[]{20},
                new Linear(20, 32), Activation.relu(), new Linear(32, 16), Activation.relu(), new Linear(16, 4));
    }

    private static float step(Model m, Tensor x, int[] labels, Optimizer sgd) {
        List<Parameter> params = m.trainableParameters();
        Tensor loss = Loss.CROSS_ENTROPY.compute(m.forward(x, Mode.train(1)), labels, null, null);
        for (Parameter p : params) p.value().zeroGrad();
        loss.backward();
        sgd.step(params, 0.05f);
        return loss.item();
    }

    @Test
    void stepsWithReusedArraysGiveTheSameLossesAndWeightsBitForBit() {
        Model plain = mlp(), reused = mlp();
        Optimizer a = Optimizer.sgd(), b = Optimizer.sgd();
        ReusedStepArrays arrays = new ReusedStepArrays();
        for (int s = 0; s < 6; s++) {
            Tensor x = Tensor.randn(100 + s, 64, 20);
            int[] labels = new int[64];
            for (int i = 0; i < 64; i++) labels[i] = (i * 7 + s) % 4;
            float expected = step(plain, x, labels, a);
            float got;
            try (ReusedStepArrays.Step st = arrays.step()) {
                got = step(reused, x, labels, b);
            }
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), "loss at step " + s);
        }
        List<Parameter> pp = plain.trainableParameters(), pr = reused.trainableParameters();
        for (int i = 0; i < pp.size(); i++)
            assertArrayEquals(pp.get(i).value().toArray(), pr.get(i).value().toArray(), 0f, pp.get(i).name());
    }

    @Test
    void aTensorKeptPastItsStepIsRecycledUnlessAProbeSessionIsOpen() {
        Model m = mlp();
        ReusedStepArrays arrays = new ReusedStepArrays();
        Tensor first, second = Tensor.randn(8, 64, 20);
        try (ReusedStepArrays.Step st = arrays.step()) {
            first = m.forward(Tensor.randn(7, 64, 20), Mode.train(1));
        }
        float[] kept = first.toArray();
        try (ReusedStepArrays.Step st = arrays.step()) {
            m.forward(second, Mode.train(1));
        }
        // the documented hazard, shown so that the reuse is known to happen: the next step wrote into the kept output
        assertFalse(java.util.Arrays.equals(kept, first.toArray()), "the next step reuses the step's arrays");

        try (ProbeSession probes = ProbeSession.open("linear1")) {
            try (ReusedStepArrays.Step st = arrays.step()) {
                first = m.forward(Tensor.randn(7, 64, 20), Mode.train(1));
            }
            kept = first.toArray();
            try (ReusedStepArrays.Step st = arrays.step()) {
                m.forward(second, Mode.train(1));
            }
            assertArrayEquals(kept, first.toArray(), 0f, "with probes open nothing is recycled");
        }
    }
}
