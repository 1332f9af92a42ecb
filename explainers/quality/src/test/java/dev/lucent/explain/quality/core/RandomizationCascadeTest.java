package dev.lucent.explain.quality.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.saliency.core.Gradients;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Layer;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.training.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A deep model's cascade in groups: at most {@link RandomizationCheck#MAX_STEPS} steps, and its last step (every layer
 * re-drawn with the one seed) the same model, so the same correlation bit for bit, as the cascade of one layer a step.
 */
class RandomizationCascadeTest {

    @Test
    void theCascadeTakesEveryLayerInAtMostTheStepsAllowedEndingWithAllOfThem() {
        for (int n = 1; n <= 130; n++) {
            int[] c = RandomizationCheck.cascade(n, 16);
            assertEquals(Math.min(n, 16), c.length, "steps for " + n + " layers");
            assertEquals(n, c[c.length - 1], "the last step re-draws every layer of " + n);
            assertTrue(c[0] >= 1);
            for (int i = 1; i < c.length; i++) assertTrue(c[i] > c[i - 1], "growing steps for " + n + " layers");
            if (n <= 16) for (int i = 0; i < n; i++) assertEquals(i + 1, c[i], "one layer a step for " + n + " layers");
            // steps as even as whole layers allow
            for (int i = 1; i < c.length; i++) assertTrue(c[i] - c[i - 1] <= (n + 15) / 16, "a step of " + (c[i] - c[i - 1]));
        }
    }

    @Test
    void aDeepModelsGroupedCascadeEndsOnTheSameModelAsOneLayerAStep() throws Exception {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Linear(6, 8));
        for (int i = 0; i < 18; i++) {
            layers.add(Activation.tanh());
            layers.add(new Linear(8, 8));
        }
        layers.add(Activation.tanh());
        layers.add(new Linear(8, 3));
        Model model = Sequential.of("deep", OutputKind.CLASS_LOGITS, 7, new int[] {6}, layers.toArray(new Layer[0]));
        List<String> names = model.layerNames();
        assertTrue(names.size() > RandomizationCheck.MAX_STEPS, names.size() + " layers");
        float[] x = new float[5 * 6];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Tensor inputs = Tensor.of(x, 5, 6);
        int[] targets = {0, 1, 2, 0, 1};

        RandomizationCheck.Result grouped = RandomizationCheck.run(model, inputs, targets, new Gradients(8), names, 11, Monitor.NONE);
        RandomizationCheck.Result single = RandomizationCheck.run(model, inputs, targets, new Gradients(8), names, 11, 1_000, Monitor.NONE);

        assertTrue(grouped.correlation().length <= RandomizationCheck.MAX_STEPS, grouped.correlation().length + " steps");
        assertEquals(20, single.correlation().length, "one step a layer with parameters (the 20 linear layers)");
        assertEquals(single.finalCorrelation(), grouped.finalCorrelation(), 0.0, "every layer re-drawn: the same model");
        assertArrayEquals(single.lastRows(), grouped.lastRows(), 0.0);
        List<String> all = grouped.randomized().get(grouped.randomized().size() - 1);
        for (String name : names) assertTrue(all.contains(name), name + " re-drawn by the last step: " + all);
    }
}
