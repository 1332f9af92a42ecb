package dev.lucent.plugin.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture models' gradients against central finite differences; data labelled by the model. */
class FixturesTest {

    static double output(AuditableModel m, float[] x, int[] shape, int unit) {
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        return m.predict(Tensor.of(x.clone(), batch)).toArray()[unit];
    }

    static void checkGradient(AuditableModel m, float[] x, int[] shape, int unit) {
        int[] batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        float[] g = m.inputGradient(Tensor.of(x.clone(), batch), new int[] {unit}).toArray();
        double h = 1e-2;
        for (int j = 0; j < x.length; j++) {
            float[] up = x.clone();
            float[] down = x.clone();
            up[j] += (float) h;
            down[j] -= (float) h;
            double fd = (output(m, up, shape, unit) - output(m, down, shape, unit)) / (2 * h);
            assertEquals(fd, g[j], 2e-3 + 2e-3 * Math.abs(fd), "d out" + unit + " / d x" + j);
        }
    }

    @Test
    void mlpGradientsMatchFiniteDifferences() {
        Mlp m = new Mlp(new int[] {4}, 6, 3, 7);
        float[] x = {0.3f, -1.2f, 0.8f, 0.1f};
        for (int unit = 0; unit < 3; unit++) checkGradient(m, x, new int[] {4}, unit);
    }

    @Test
    void mlpLayerTracesAreConsistent() {
        Mlp m = new Mlp(new int[] {1, 3, 3}, 5, 2, 1);
        float[] x = new float[9];
        for (int i = 0; i < 9; i++) x[i] = (i - 4) / 4f;
        Tensor batch = Tensor.of(x, 1, 1, 3, 3);
        LayerTrace logits = m.traceLayer(Mlp.LOGITS, batch, new int[] {1});
        assertArrayEquals(m.predict(batch).toArray(), logits.activations().toArray());
        assertArrayEquals(new float[] {0, 1}, logits.gradients().toArray());
        assertEquals(List.of(5), List.of(m.traceLayer(Mlp.HIDDEN, batch, new int[] {0}).activations().shape()[1]));
        assertThrows(IllegalArgumentException.class, () -> m.traceLayer("nope", batch, new int[] {0}));
    }

    @Test
    void randomizingALayerChangesOnlyThatLayer() {
        Mlp m = new Mlp(new int[] {3}, 4, 2, 5);
        Tensor x = Tensor.of(new float[] {0.5f, -0.5f, 1f}, 1, 3);
        AuditableModel r = m.withRandomizedLayers(List.of(Mlp.LOGITS), 99);
        assertArrayEquals(m.traceLayer(Mlp.HIDDEN, x, new int[] {0}).activations().toArray(),
                r.traceLayer(Mlp.HIDDEN, x, new int[] {0}).activations().toArray(), "hidden layer kept");
        assertNotEquals(m.predict(x).toArray()[0], r.predict(x).toArray()[0], "logits re-drawn");
        assertArrayEquals(m.predict(x).toArray(), new Mlp(new int[] {3}, 4, 2, 5).predict(x).toArray(), "same seed, same model");
    }

    @Test
    void linearModelIsExact() {
        LinearModel m = new LinearModel("l", new double[] {2, -1, 0.5}, 1, OutputKind.REGRESSION);
        assertEquals(2 * 1 - 1 * 2 + 0.5 * 4 + 1, output(m, new float[] {1, 2, 4}, new int[] {3}, 0), 1e-6);
        checkGradient(m, new float[] {1, 2, 4}, new int[] {3}, 0);
        assertThrows(IllegalArgumentException.class, () -> new LinearModel("bad", new double[] {1, 2}, 0, OutputKind.REGRESSION, 3));
    }

    @Test
    void dataIsLabelledByTheModelAndSplitTwoToOne() {
        LinearModel m = new LinearModel("l", new double[] {1, -1}, 0, OutputKind.BINARY_LOGIT);
        Fixtures.Data d = Fixtures.tabular(m, 30, new double[] {1, 2}, 3);
        assertEquals(20, d.train().rows());
        assertEquals(10, d.test().rows());
        float[] x = d.train().features().toArray();
        for (int i = 0; i < 20; i++) assertEquals(x[2 * i] - x[2 * i + 1] > 0 ? 1 : 0, d.train().labels()[i], "row " + i);
        assertArrayEquals(d.train().features().toArray(), Fixtures.tabular(m, 30, new double[] {1, 2}, 3).train().features().toArray());
        Fixtures.Data images = Fixtures.images(new Mlp(new int[] {1, 8, 8}, 4, 4, 2), 6, 8, 1);
        assertArrayEquals(new int[] {1, 8, 8}, images.schema().sampleShape());
        assertEquals(64, images.schema().featureNames().size());
    }
}
