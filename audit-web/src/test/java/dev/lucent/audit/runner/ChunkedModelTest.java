package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.training.Conv2d;
import dev.lucent.network.api.training.Flatten;
import dev.lucent.network.api.training.Init;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Pool2d;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 / 12: a worker chunks every model call to what one pass may hold, measured from the model itself, so an
 * explainer's large batch of large images no longer ends the worker out of memory. Chunking must change no value
 * (checked against the unchunked model on the same batch) and must bound every call the model receives.
 */
class ChunkedModelTest {

    /** conv 3x3 (8 maps) - ReLU - max-pool 2 - flatten - dense 10 on [1, 16, 16], recording the rows of each call. */
    private static final class Recording extends DelegatingModel {
        final List<Integer> calls = new ArrayList<>();

        Recording(AuditableModel inner) {
            super(inner);
        }

        @Override
        public Tensor predict(Tensor batch) {
            calls.add(batch.shape()[0]);
            return inner.predict(batch);
        }

        @Override
        public Tensor inputGradient(Tensor batch, int[] targets) {
            calls.add(batch.shape()[0]);
            return inner.inputGradient(batch, targets);
        }

        @Override
        public Tensor weightedInputGradient(Tensor batch, Tensor weights) {
            calls.add(batch.shape()[0]);
            return inner.weightedInputGradient(batch, weights);
        }

        @Override
        public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
            calls.add(batch.shape()[0]);
            return inner.traceLayer(layer, batch, targets);
        }
    }

    private static Model cnn() {
        return Sequential.of("cnn", OutputKind.CLASS_LOGITS, 3, new int[] {1, 16, 16},
                new Conv2d(1, 8, 3, 1, 1, 1, 1, true, Init.HE_NORMAL, 0L), Activation.relu(), Pool2d.max(2, 2),
                new Flatten(), new Linear(8 * 8 * 8, 10));
    }

    private static Tensor batch(int n) {
        return Tensor.uniform(7, 0, 1, n, 1, 16, 16);
    }

    @Test
    void chunksChangeNoValueAndBoundEveryCall() {
        Model m = cnn();
        Recording seen = new Recording(m);
        ChunkedModel c = new ChunkedModel(seen, 7, "test");
        Tensor x = batch(30);
        int[] t = new int[30];
        for (int i = 0; i < 30; i++) t[i] = i % 10;
        assertArrayEquals(m.predict(x).toArray(), c.predict(x).toArray());
        assertArrayEquals(m.inputGradient(x, t).toArray(), c.inputGradient(x, t).toArray());
        Tensor w = Tensor.uniform(8, -1, 1, 30, 10); // each chunk keeps its own rows' output weights
        assertArrayEquals(m.weightedInputGradient(x, w).toArray(), c.weightedInputGradient(x, w).toArray());
        float[][] p = m.probabilities(x), q = c.probabilities(x);
        for (int i = 0; i < 30; i++) assertArrayEquals(p[i], q[i]);
        String layer = m.layerNames().get(0);
        LayerTrace a = m.traceLayer(layer, x, t), b = c.traceLayer(layer, x, t);
        assertArrayEquals(a.activations().shape(), b.activations().shape());
        assertArrayEquals(a.activations().toArray(), b.activations().toArray());
        assertArrayEquals(a.gradients().toArray(), b.gradients().toArray());
        assertEquals(30, c.predict(x).shape()[0]);
        assertTrue(seen.calls.stream().allMatch(r -> r <= 7), "every call within the chunk: " + seen.calls);
        assertTrue(seen.calls.contains(2), "the last chunk holds the rest: " + seen.calls);
    }

    @Test
    void theChunkFollowsTheMeasuredCostOfARow() {
        Model m = cnn();
        float[] row = batch(1).toArray();
        ChunkedModel roomy = ChunkedModel.measuring(m, row, 256L << 20);
        assertTrue(roomy.measured().contains("measured"), roomy.measured());
        // the measured cost per row, times the rows allowed, stays within the pass; a pass of a tenth allows a tenth
        ChunkedModel tight = ChunkedModel.measuring(m, row, 1L << 20);
        assertTrue(tight.chunkRows() >= 1 && tight.chunkRows() * 20 < roomy.chunkRows(),
                roomy.chunkRows() + " rows in 256 MiB, " + tight.chunkRows() + " in 1 MiB: " + tight.measured());
        // one gradient row of this CNN allocates at least its own activations: 8 x 16 x 16 floats, forward and back
        long perRow = ChunkedModel.allocated(() -> m.inputGradient(batch(2), new int[2]))
                - ChunkedModel.allocated(() -> m.inputGradient(batch(1), new int[1]));
        assertTrue(perRow > 2L * 8 * 16 * 16 * 4 || perRow < 0, "allocation counted per row: " + perRow);
    }
}
