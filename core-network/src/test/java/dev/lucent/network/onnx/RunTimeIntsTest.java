package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Integers computed from float data at run time (ArgMax, comparisons, logic, Cast to integers and the int64
 * arithmetic on them) are native tensors: the graph agrees with ONNX Runtime, and no run-time value is an NdArray.
 */
class RunTimeIntsTest {

    /** A one-hot of each row's argmax times the row, masked by Xor of two comparisons, plus int64 arithmetic on casts. */
    private static byte[] oneHotOfArgmax() {
        return new OnnxBuilder("onehot", 13).input("x", -1, 5).output("y", -1, 5)
                .initLongs("pos", new long[]{0, 1, 2, 3, 4}, 5).initLongs("two", new long[]{2}).initLongs("ax1", new long[]{1}, 1)
                .init("seven", new float[]{7f}).init("zero", new float[]{0f}).init("half", new float[]{0.5f})
                .node("ArgMax", "amax", new String[]{"x"}, new String[]{"i"}, "axis", 1L, "keepdims", 1L)
                .node("Equal", "hot", new String[]{"i", "pos"}, new String[]{"h"})
                .node("Cast", "hotf", new String[]{"h"}, new String[]{"hf"}, "to", (long) Defs.FLOAT)
                .node("Mul", "pick", new String[]{"hf", "x"}, new String[]{"p"})
                .node("Where", "keep", new String[]{"h", "x", "zero"}, new String[]{"w"})
                .node("Greater", "pos0", new String[]{"x", "zero"}, new String[]{"g"})
                .node("Less", "lesshalf", new String[]{"x", "half"}, new String[]{"l"})
                .node("Xor", "xor", new String[]{"g", "l"}, new String[]{"xo"})
                .node("And", "and", new String[]{"g", "l"}, new String[]{"an"})
                .node("Or", "or", new String[]{"xo", "an"}, new String[]{"o"})
                .node("Not", "not", new String[]{"o"}, new String[]{"no"})
                .node("Where", "mask", new String[]{"no", "p", "w"}, new String[]{"m"})
                .node("Mul", "x7", new String[]{"x", "seven"}, new String[]{"x7"})
                .node("Cast", "toint", new String[]{"x7"}, new String[]{"k"}, "to", (long) Defs.INT64)
                .node("Div", "halve", new String[]{"k", "two"}, new String[]{"kh"})
                .node("ArgMin", "amin", new String[]{"x"}, new String[]{"j"}, "axis", -1L, "keepdims", 1L, "select_last_index", 1L)
                .node("Cast", "hotl", new String[]{"h"}, new String[]{"hl"}, "to", (long) Defs.INT64)
                .node("ReduceSum", "ones", new String[]{"hl", "ax1"}, new String[]{"one"}, "keepdims", 1L)
                .node("Mul", "jn", new String[]{"j", "one"}, new String[]{"jo"})
                .node("Add", "ints", new String[]{"kh", "jo"}, new String[]{"s"})
                .node("Cast", "intsf", new String[]{"s"}, new String[]{"sf"}, "to", (long) Defs.FLOAT)
                .node("Add", "out", new String[]{"m", "sf"}, new String[]{"y"}).build();
    }

    @Test
    void oneHotOfArgmaxAgreesWithOnnxRuntimeWithNoNdArrayAtRunTime() throws Exception {
        byte[] bytes = oneHotOfArgmax();
        OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
        Program p = m.program();
        Random r = new Random(5);
        try (Ort ort = new Ort(bytes)) {
            for (int n : new int[]{1, 4, 4}) {
                float[] x = new float[n * 5];
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                x[0] = x[2]; // a tie: ArgMin's last index and ArgMax's first index are tested
                NdArray want = ort.run(NdArray.floats(new int[]{n, 5}, x));
                Object[] v;
                try (Tensor.Scope s = Tensor.noGrad()) {
                    v = p.run(new Object[]{Tensor.of(x.clone(), n, 5)});
                }
                Tensor y = (Tensor) v[p.outputs[0]];
                assertArrayEquals(want.shape, y.shape());
                assertArrayEquals(want.f, y.toArray(), 1e-6f, "batch " + n);
                for (int i = 0; i < v.length; i++)
                    if (p.consts[i] == null)
                        assertFalse(v[i] instanceof NdArray, "value '" + p.names[i] + "' is an NdArray at run time");
            }
        }
        assertTrue(m.runArrays(new NdArray[]{NdArray.floats(new int[]{1, 5}, new float[]{1, 2, 3, 2, 1})})[0].isFloat());
    }

    @Test
    void runTimeIntegerBeyondTwoToTheTwentyFourIsRefusedNamingTheNode() {
        byte[] bytes = new OnnxBuilder("big", 13).input("x", 1, 2).output("y", 1, 2)
                .node("Cast", "toint", new String[]{"x"}, new String[]{"k"}, "to", (long) Defs.INT64)
                .node("Cast", "back", new String[]{"k"}, new String[]{"y"}, "to", (long) Defs.FLOAT).build();
        OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
        assertArrayEquals(new float[]{-3, 16777216}, m.run(List.of(Tensor.of(new float[]{-3.7f, 16777216f}, 1, 2))).get(0).toArray());
        OnnxException e = assertThrows(OnnxException.class, () -> m.run(List.of(Tensor.of(new float[]{1, 3e7f}, 1, 2))));
        assertTrue(e.getMessage().contains("'toint'") && e.getMessage().contains("2^24"), e.getMessage());

        // an int64 constant past 2^24 meeting a run-time integer would be rounded by a float: refused too
        byte[] plusBig = new OnnxBuilder("plusbig", 13).input("x", 1, 2).output("y", 1, 2).initLongs("big", new long[]{(1L << 25) + 1})
                .node("Cast", "toint", new String[]{"x"}, new String[]{"k"}, "to", (long) Defs.INT64)
                .node("Add", "plus", new String[]{"k", "big"}, new String[]{"s"})
                .node("Cast", "back", new String[]{"s"}, new String[]{"y"}, "to", (long) Defs.FLOAT).build();
        OnnxGraphModel big = OnnxGraphModel.load(plusBig, OnnxLimits.defaults());
        e = assertThrows(OnnxException.class, () -> big.run(List.of(Tensor.of(new float[]{1, 2}, 1, 2))));
        assertTrue(e.getMessage().contains("'plus'") && e.getMessage().contains("33554433"), e.getMessage());
    }
}
