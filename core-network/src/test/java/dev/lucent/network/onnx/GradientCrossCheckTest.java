package dev.lucent.network.onnx;

import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input gradients of imported models against central finite differences computed with ONNX Runtime
 * on the same file (float32, h = 1e-3 on unit-variance inputs, small enough that few differences straddle a ReLU or max-pool kink): ||g - fd|| / ||fd|| < 1e-2.
 */
class GradientCrossCheckTest {

    static double check(byte[] bytes, int batch, long seed) throws Exception {
        OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
        Random r = new Random(seed);
        int[] shape = new int[m.inputShape().length + 1];
        shape[0] = batch;
        System.arraycopy(m.inputShape(), 0, shape, 1, shape.length - 1);
        float[] x = new float[NdArray.size(shape)];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        int k = m.outputCount();
        int[] targets = new int[batch];
        for (int i = 0; i < batch; i++) targets[i] = r.nextInt(k);
        float[] g = m.inputGradient(Tensor.of(x, shape), targets).toArray();
        int per = x.length / batch;
        double h = Double.parseDouble(System.getProperty("fd.h", "1e-3")), num = 0, den = 0;
        try (Ort ort = new Ort(bytes)) {
            for (int i = 0; i < x.length; i++) {
                float keep = x[i];
                x[i] = (float) (keep + h);
                float up = ort.run(NdArray.floats(shape, x)).f[(i / per) * k + targets[i / per]];
                x[i] = (float) (keep - h);
                float down = ort.run(NdArray.floats(shape, x)).f[(i / per) * k + targets[i / per]];
                x[i] = keep;
                double fd = ((double) up - down) / (2 * h);
                num += (g[i] - fd) * (g[i] - fd);
                den += fd * fd;
            }
        }
        assertTrue(den > 1e-8, "finite-difference gradient is not all zero");
        return Math.sqrt(num / den);
    }

    @Test
    void mlpInputGradientMatchesOnnxRuntimeFiniteDifferences() throws Exception {
        double e = check(TestModels.mlp(21, 17), 3, 1);
        System.out.printf("gradient vs ORT finite differences, MLP: relative error %.2e%n", e);
        assertTrue(e < 1e-2, "relative error " + e);
    }

    @Test
    void cnnWithBatchNormAndPoolingInputGradientMatches() throws Exception {
        double e = check(TestModels.cnn(22, 17), 2, 2);
        System.out.printf("gradient vs ORT finite differences, CNN+BN+pool: relative error %.2e%n", e);
        assertTrue(e < 1e-2, "relative error " + e);
    }

    @Test
    void residualBlockInputGradientMatches() throws Exception {
        double e = check(TestModels.residual(23, 13, false), 2, 3);
        System.out.printf("gradient vs ORT finite differences, residual block: relative error %.2e%n", e);
        assertTrue(e < 1e-2, "relative error " + e);
    }

    @Test
    void aGraphEndingInSoftmaxIsDifferentiatedOnItsLogits() throws Exception {
        // Same weights with and without the final Softmax: the face reads the logits in both.
        OnnxGraphModel withSoftmax = OnnxGraphModel.load(TestModels.residual(23, 13, true), OnnxLimits.defaults());
        OnnxGraphModel logits = OnnxGraphModel.load(TestModels.residual(23, 13, false), OnnxLimits.defaults());
        Tensor batch = dev.lucent.network.onnx.OnnxModelFaceTest.randomBatch(3, withSoftmax.inputShape(), 5);
        int[] t = {0, 3, 1};
        org.junit.jupiter.api.Assertions.assertArrayEquals(logits.inputGradient(batch, t).toArray(), withSoftmax.inputGradient(batch, t).toArray());
        double e = check(TestModels.residual(23, 13, false), 2, 3);
        assertTrue(e < 1e-2, "relative error " + e);
    }

    @Test
    void innerLayerTraceIsConsistentWithTheInputGradient() {
        // For a linear first layer h = W x + b, dOut/dx = W^T dOut/dh: the traced layer gradient must agree.
        OnnxGraphModel m = OnnxGraphModel.load(TestModels.mlp(5, 17), OnnxLimits.defaults());
        assertEquals(java.util.List.of("fc1", "relu1", "fc2", "bias2", "tanh2", "fc3"), m.layerNames());
        Random r = new Random(4);
        float[] x = new float[2 * 12];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        Tensor batch = Tensor.of(x, 2, 12);
        int[] targets = {0, 2};
        LayerTrace t = m.traceLayer("fc1", batch, targets);
        assertEquals(java.util.Arrays.toString(new int[]{2, 16}), java.util.Arrays.toString(t.activations().shape()));
        float[] gx = m.inputGradient(batch, targets).toArray();
        float[] gh = t.gradients().toArray();
        float[] w = m.program().consts[0].f; // W1 [16, 12]
        for (int n = 0; n < 2; n++)
            for (int j = 0; j < 12; j++) {
                double s = 0;
                for (int o = 0; o < 16; o++) s += w[o * 12 + j] * gh[n * 16 + o];
                assertEquals(s, gx[n * 12 + j], 1e-5);
            }
    }
}
