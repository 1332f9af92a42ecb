package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optional outputs nobody reads (Dropout's mask in SqueezeNet and VGG exports, MaxPool's Indices, LayerNormalization's
 * Mean and InvStdDev) do not block an import; one that is read is refused naming the node.
 */
class OptionalOutputsTest {

    private static OnnxBuilder net(boolean readMask) {
        Random r = new Random(5);
        OnnxBuilder b = new OnnxBuilder("opt", 17).input("x", 2, 3, 6, 6).output("y", 2, 4, 2, 2)
                .init("w", TestModels.normal(r, 4 * 3 * 3 * 3, 0.3), 4, 3, 3, 3)
                .init("s", TestModels.uniform(r, 16, 0.5f, 1.5f), 4, 2, 2).init("b", TestModels.normal(r, 16, 0.1), 4, 2, 2)
                .node("Conv", "conv", new String[]{"x", "w"}, new String[]{"c"})
                .node("MaxPool", "pool", new String[]{"c"}, new String[]{"p", "pool_indices"}, "kernel_shape", new long[]{2, 2}, "strides", new long[]{2, 2})
                .node("Dropout", "drop", new String[]{"p"}, new String[]{"d", "drop_mask"})
                .node("LayerNormalization", "norm", new String[]{"d", "s", "b"}, new String[]{readMask ? "n" : "y", "norm_mean", "norm_inv_std"}, "axis", 1L);
        if (readMask)
            b.node("Cast", "cast", new String[]{"drop_mask"}, new String[]{"m"}, "to", 1L).node("Mul", "use", new String[]{"n", "m"}, new String[]{"y"});
        return b;
    }

    @Test
    void unreadMaskIndicesAndStatisticsImportAndAgreeWithOnnxRuntime() throws Exception {
        byte[] model = net(false).build();
        OnnxGraphModel m = OnnxGraphModel.load(model, OnnxLimits.defaults()); // refused before: "unsupported attribute Indices (second output)"
        Random r = new Random(8);
        float[] x = TestModels.normal(r, 2 * 3 * 6 * 6, 1.0);
        NdArray in = NdArray.floats(new int[]{2, 3, 6, 6}, x);
        NdArray y = m.runArrays(new NdArray[]{in})[0];
        try (Ort ort = new Ort(model)) {
            double diff = OnnxRuntimeCrossCheckTest.maxScaledDiff(y, ort.run(in));
            assertTrue(diff < 1e-5, "against ONNX Runtime: " + diff);
        }
    }

    @Test
    void aMaskSomeNodeReadsIsRefusedNamingTheNode() {
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxGraphModel.load(net(true).build(), OnnxLimits.defaults()));
        assertEquals("unsupported attribute mask (second output, read by the graph: Lucent runs Dropout as inference, without a mask)"
                + " of ONNX operator Dropout (opset 17) at node drop", e.getMessage());
    }

    @Test
    void batchNormalizationWithTrainingOutputsStaysRefused() {
        // declaring them puts the operator in training mode (batch statistics), which an audit's inference does not run
        byte[] model = new OnnxBuilder("bn", 9).input("x", 2, 3, 2, 2).output("y", 2, 3, 2, 2)
                .init("s", new float[]{1, 1, 1}, 3).init("b", new float[3], 3).init("m", new float[3], 3).init("v", new float[]{1, 1, 1}, 3)
                .node("BatchNormalization", "bn", new String[]{"x", "s", "b", "m", "v"}, new String[]{"y", "rm", "rv", "sm", "sv"}).build();
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxGraphModel.load(model, OnnxLimits.defaults()));
        assertTrue(e.getMessage().contains("at node bn"), e.getMessage());
    }
}
