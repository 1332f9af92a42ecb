package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shape subgraphs of a dynamic batch are folded once per input shape, and a fold is never reused for another shape. */
class ShapeFoldTest {

    /** PyTorch's x.view(x.size(0), -1) then a ReLU: Shape, Gather, Unsqueeze, Concat, Reshape on a dynamic batch. */
    private static byte[] flattenByShape() {
        return new OnnxBuilder("view", 13).input("x", -1, 2, 3).output("y", -1, 6)
                .initLongs("zero", new long[]{0}).initLongs("ax", new long[]{0}, 1).initLongs("m1", new long[]{-1}, 1)
                .node("Shape", "sh", new String[]{"x"}, new String[]{"s"})
                .node("Gather", "g", new String[]{"s", "zero"}, new String[]{"n"}, "axis", 0L)
                .node("Unsqueeze", "u", new String[]{"n", "ax"}, new String[]{"n1"})
                .node("Concat", "c", new String[]{"n1", "m1"}, new String[]{"t"}, "axis", 0L)
                .node("Reshape", "r", new String[]{"x", "t"}, new String[]{"flat"})
                .node("Relu", "relu", new String[]{"flat"}, new String[]{"y"}).build();
    }

    @Test
    void eachBatchSizeGetsItsOwnFoldAndMatchesOnnxRuntime() throws Exception {
        byte[] bytes = flattenByShape();
        OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
        try (Ort ort = new Ort(bytes)) {
            for (int n : new int[]{2, 3, 2, 5, 3}) { // repeats reuse a fold; each new size makes one
                float[] x = new float[n * 6];
                for (int i = 0; i < x.length; i++) x[i] = (i % 7) - 2.5f * (i % 3);
                Tensor y = m.run(List.of(Tensor.of(x.clone(), n, 2, 3))).get(0);
                NdArray want = ort.run(NdArray.floats(new int[]{n, 2, 3}, x));
                assertArrayEquals(want.shape, y.shape(), "batch " + n); // a fold of another batch size would reshape to its rows
                assertArrayEquals(want.f, y.toArray(), 1e-5f, "batch " + n);
            }
        }
        assertEquals(3, m.program().shapeFoldCount(), "one fold per batch size seen (2, 3, 5)");
    }
}
