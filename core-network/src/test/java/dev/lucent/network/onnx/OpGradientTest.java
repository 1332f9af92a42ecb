package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kernel's forward value and local derivative, checked independently: the forward against ONNX
 * Runtime, the gradient of sum(w * y) (random w) against central finite differences of ONNX Runtime's
 * forward (float32, h = 1e-2, inputs kept away from kinks). Relative error of the gradient < 1e-2.
 */
class OpGradientTest {
    record Case(String label, byte[] model, int[] shape, boolean positive) {
    }

    private static Random R;

    static OnnxBuilder g(String name, int opset, int[] in, int[] out) {
        return new OnnxBuilder(name, opset).input("x", toLong(in)).output("y", toLong(out));
    }

    static long[] toLong(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) l[i] = s[i];
        return l;
    }

    static float[] rnd(int n) {
        return TestModels.normal(R, n, 0.5);
    }

    static Case unary(String op, int opset, Object... attrs) {
        int[] s = {2, 3, 4};
        return new Case(op, g(op, opset, s, s).node(op, "n", new String[]{"x"}, new String[]{"y"}, attrs).build(), s,
                op.equals("Log") || op.equals("Sqrt"));
    }

    /** The cases, with weights drawn afresh from a fixed seed on every call (test order does not matter). */
    static List<Case> cases() {
        R = new Random(99);
        List<Case> c = new ArrayList<>();
        for (String op : new String[]{"Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Softplus", "Softsign", "Erf", "Abs", "Relu"})
            c.add(unary(op, 13));
        c.add(unary("LeakyRelu", 13, "alpha", 0.2f));
        c.add(unary("Elu", 13, "alpha", 0.7f));
        c.add(unary("Selu", 13));
        c.add(unary("HardSigmoid", 13, "alpha", 0.3f, "beta", 0.4f));
        c.add(unary("Gelu", 20));
        c.add(unary("Gelu", 20, "approximate", "tanh"));
        c.add(unary("Softmax", 13, "axis", 1L));
        c.add(unary("LogSoftmax", 11, "axis", 1L)); // coerced-2D semantics
        int[] s3 = {2, 3, 4};
        c.add(new Case("Transpose", g("t", 13, s3, new int[]{4, 2, 3}).node("Transpose", "n", new String[]{"x"}, new String[]{"y"}, "perm", new long[]{2, 0, 1}).build(), s3, false));
        // Broadcasting binaries with a parameter, and a value used twice.
        for (String op : new String[]{"Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Max", "Min"}) {
            boolean pos = op.equals("Pow") || op.equals("Div");
            float[] p = pos ? TestModels.uniform(R, 4, 0.5f, 1.5f) : rnd(4);
            c.add(new Case(op, g(op, 13, s3, s3).init("p", p, 4).node(op, "n", new String[]{"x", "p"}, new String[]{"y"}).build(), s3, pos));
        }
        c.add(new Case("Mul(x,x)+x", g("sq", 13, s3, s3).node("Mul", "m", new String[]{"x", "x"}, new String[]{"q"})
                .node("Add", "a", new String[]{"q", "x"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("MatMul(x, xT)", g("mm", 13, s3, new int[]{2, 3, 3}).node("Transpose", "t", new String[]{"x"}, new String[]{"xt"}, "perm", new long[]{0, 2, 1})
                .node("MatMul", "m", new String[]{"x", "xt"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("MatMul broadcast", g("mm2", 13, s3, new int[]{2, 3, 5}).init("w", rnd(20), 4, 5)
                .node("MatMul", "m", new String[]{"x", "w"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Gemm transA", g("gemm", 13, new int[]{4, 3}, new int[]{3, 5}).init("b", rnd(20), 4, 5).init("c", rnd(5), 5)
                .node("Gemm", "m", new String[]{"x", "b", "c"}, new String[]{"y"}, "transA", 1L, "alpha", 0.7f, "beta", 1.3f).build(), new int[]{4, 3}, false));
        c.add(new Case("Clip inputs", g("clip", 13, s3, s3).init("lo", new float[]{-0.3f}).init("hi", new float[]{0.4f})
                .node("Clip", "m", new String[]{"x", "lo", "hi"}, new String[]{"y"}).build(), s3, false));
        // Convolutions and pooling in 1-D, 2-D, 3-D.
        c.add(new Case("Conv1d stride dilation", g("c1", 13, new int[]{2, 2, 9}, new int[]{2, 4, 3}).init("w", rnd(4 * 2 * 3), 4, 2, 3).init("b", rnd(4), 4)
                .node("Conv", "n", new String[]{"x", "w", "b"}, new String[]{"y"}, "strides", new long[]{2}, "dilations", new long[]{2}, "pads", new long[]{1, 0}).build(), new int[]{2, 2, 9}, false));
        c.add(new Case("Conv3d groups", g("c3", 13, new int[]{1, 4, 4, 4, 4}, new int[]{1, 2, 3, 3, 3}).init("w", rnd(2 * 2 * 8), 2, 2, 2, 2, 2)
                .node("Conv", "n", new String[]{"x", "w"}, new String[]{"y"}, "group", 2L).build(), new int[]{1, 4, 4, 4, 4}, false));
        c.add(new Case("Conv2d same_upper", g("c2", 13, new int[]{1, 2, 5, 5}, new int[]{1, 3, 3, 3}).init("w", rnd(3 * 2 * 9), 3, 2, 3, 3)
                .node("Conv", "n", new String[]{"x", "w"}, new String[]{"y"}, "strides", new long[]{2, 2}, "auto_pad", "SAME_UPPER").build(), new int[]{1, 2, 5, 5}, false));
        c.add(new Case("ConvTranspose2d", g("ct", 13, new int[]{1, 4, 3, 3}, new int[]{1, 4, 6, 6}).init("w", rnd(4 * 2 * 9), 4, 2, 3, 3).init("b", rnd(4), 4)
                .node("ConvTranspose", "n", new String[]{"x", "w", "b"}, new String[]{"y"}, "strides", new long[]{2, 2}, "pads", new long[]{1, 1, 0, 0},
                        "output_padding", new long[]{1, 1}, "group", 2L).build(), new int[]{1, 4, 3, 3}, false));
        c.add(new Case("ConvTranspose1d dilated", g("ct1", 13, new int[]{2, 2, 4}, new int[]{2, 3, 8}).init("w", rnd(2 * 3 * 3), 2, 3, 3)
                .node("ConvTranspose", "n", new String[]{"x", "w"}, new String[]{"y"}, "dilations", new long[]{2}).build(), new int[]{2, 2, 4}, false));
        c.add(new Case("MaxPool3d ceil", g("mp", 13, new int[]{1, 2, 5, 5, 5}, new int[]{1, 2, 3, 3, 3}).node("MaxPool", "n", new String[]{"x"}, new String[]{"y"},
                "kernel_shape", new long[]{2, 2, 2}, "strides", new long[]{2, 2, 2}, "ceil_mode", 1L).build(), new int[]{1, 2, 5, 5, 5}, false));
        c.add(new Case("MaxPool2d dilated padded", g("mp2", 13, new int[]{1, 1, 6, 6}, new int[]{1, 1, 3, 3}).node("MaxPool", "n", new String[]{"x"}, new String[]{"y"},
                "kernel_shape", new long[]{2, 2}, "strides", new long[]{2, 2}, "dilations", new long[]{2, 2}, "pads", new long[]{1, 1, 1, 1}).build(), new int[]{1, 1, 6, 6}, false));
        c.add(new Case("AveragePool1d no pad count", g("ap", 13, new int[]{2, 2, 7}, new int[]{2, 2, 4}).node("AveragePool", "n", new String[]{"x"}, new String[]{"y"},
                "kernel_shape", new long[]{3}, "strides", new long[]{2}, "pads", new long[]{1, 1}).build(), new int[]{2, 2, 7}, false));
        c.add(new Case("AveragePool2d count pad", g("ap2", 13, new int[]{1, 2, 5, 5}, new int[]{1, 2, 3, 3}).node("AveragePool", "n", new String[]{"x"}, new String[]{"y"},
                "kernel_shape", new long[]{3, 3}, "strides", new long[]{2, 2}, "pads", new long[]{1, 1, 1, 1}, "count_include_pad", 1L).build(), new int[]{1, 2, 5, 5}, false));
        c.add(new Case("ConvTranspose same_upper", g("cts", 13, new int[]{1, 2, 3, 3}, new int[]{1, 3, 6, 6}).init("w", rnd(2 * 3 * 9), 2, 3, 3, 3)
                .node("ConvTranspose", "n", new String[]{"x", "w"}, new String[]{"y"}, "strides", new long[]{2, 2}, "auto_pad", "SAME_UPPER").build(), new int[]{1, 2, 3, 3}, false));
        c.add(new Case("ConvTranspose output_shape", g("cto", 13, new int[]{1, 2, 3, 3}, new int[]{1, 3, 7, 7}).init("w", rnd(2 * 3 * 9), 2, 3, 3, 3)
                .node("ConvTranspose", "n", new String[]{"x", "w"}, new String[]{"y"}, "strides", new long[]{2, 2}, "output_shape", new long[]{7, 7}).build(), new int[]{1, 2, 3, 3}, false));
        c.add(new Case("Conv same_lower", g("csl", 13, new int[]{1, 2, 6, 6}, new int[]{1, 2, 3, 3}).init("w", rnd(2 * 2 * 4), 2, 2, 2, 2)
                .node("Conv", "n", new String[]{"x", "w"}, new String[]{"y"}, "strides", new long[]{2, 2}, "auto_pad", "SAME_LOWER").build(), new int[]{1, 2, 6, 6}, false));
        c.add(new Case("AveragePool ceil count pad inside", g("apc", 13, new int[]{1, 1, 7, 7}, new int[]{1, 1, 4, 4}).node("AveragePool", "n", new String[]{"x"}, new String[]{"y"},
                "kernel_shape", new long[]{3, 3}, "strides", new long[]{2, 2}, "pads", new long[]{1, 1, 1, 1}, "ceil_mode", 1L, "count_include_pad", 1L).build(), new int[]{1, 1, 7, 7}, false));
        c.add(new Case("AveragePool ceil", g("apc0", 13, new int[]{1, 1, 6, 6}, new int[]{1, 1, 3, 3}).node("AveragePool", "n", new String[]{"x"}, new String[]{"y"},
                "kernel_shape", new long[]{3, 3}, "strides", new long[]{2, 2}, "ceil_mode", 1L).build(), new int[]{1, 1, 6, 6}, false));
        c.add(new Case("MaxPool same_upper", g("mps", 13, new int[]{1, 1, 5, 5}, new int[]{1, 1, 3, 3}).node("MaxPool", "n", new String[]{"x"}, new String[]{"y"},
                "kernel_shape", new long[]{2, 2}, "strides", new long[]{2, 2}, "auto_pad", "SAME_UPPER").build(), new int[]{1, 1, 5, 5}, false));
        c.add(new Case("GlobalMaxPool", g("gmp", 13, new int[]{2, 3, 4}, new int[]{2, 3, 1}).node("GlobalMaxPool", "n", new String[]{"x"}, new String[]{"y"}).build(), new int[]{2, 3, 4}, false));
        // Normalization.
        c.add(new Case("BatchNormalization", g("bn", 15, new int[]{2, 3, 2, 2}, new int[]{2, 3, 2, 2}).init("s", TestModels.uniform(R, 3, 0.5f, 1.5f), 3).init("b", rnd(3), 3)
                .init("m", rnd(3), 3).init("v", TestModels.uniform(R, 3, 0.5f, 1.5f), 3)
                .node("BatchNormalization", "n", new String[]{"x", "s", "b", "m", "v"}, new String[]{"y"}, "epsilon", 1e-3f).build(), new int[]{2, 3, 2, 2}, false));
        c.add(new Case("LayerNormalization", g("ln", 17, s3, s3).init("s", TestModels.uniform(R, 12, 0.5f, 1.5f), 3, 4).init("b", rnd(12), 3, 4)
                .node("LayerNormalization", "n", new String[]{"x", "s", "b"}, new String[]{"y"}, "axis", 1L).build(), s3, false));
        c.add(new Case("InstanceNormalization", g("in", 13, new int[]{2, 3, 5}, new int[]{2, 3, 5}).init("s", TestModels.uniform(R, 3, 0.5f, 1.5f), 3).init("b", rnd(3), 3)
                .node("InstanceNormalization", "n", new String[]{"x", "s", "b"}, new String[]{"y"}).build(), new int[]{2, 3, 5}, false));
        // LRN across channels: AlexNet's window of 5, a window of 3, the defaults (ONNX Runtime takes odd sizes and rank 4 only;
        // even sizes and other ranks are checked against the definition in ComposedOpsTest); alpha large enough that the window sum matters
        c.add(new Case("LRN size 5", g("lrn5", 13, new int[]{2, 7, 3, 3}, new int[]{2, 7, 3, 3})
                .node("LRN", "n", new String[]{"x"}, new String[]{"y"}, "size", 5L, "alpha", 0.5f, "beta", 0.75f, "bias", 2f).build(), new int[]{2, 7, 3, 3}, false));
        c.add(new Case("LRN size 3", g("lrn3", 13, new int[]{1, 6, 2, 3}, new int[]{1, 6, 2, 3})
                .node("LRN", "n", new String[]{"x"}, new String[]{"y"}, "size", 3L, "alpha", 1f, "beta", 0.6f, "bias", 1f).build(), new int[]{1, 6, 2, 3}, false));
        c.add(new Case("LRN defaults", g("lrnd", 13, new int[]{2, 5, 2, 2}, new int[]{2, 5, 2, 2})
                .node("LRN", "n", new String[]{"x"}, new String[]{"y"}, "size", 3L).build(), new int[]{2, 5, 2, 2}, false));
        // Data movement.
        c.add(new Case("Pad reflect", g("pr", 13, new int[]{1, 2, 4, 4}, new int[]{1, 2, 7, 6}).initLongs("p", new long[]{0, 0, 2, 1, 0, 0, 1, 1}, 8)
                .node("Pad", "n", new String[]{"x", "p"}, new String[]{"y"}, "mode", "reflect").build(), new int[]{1, 2, 4, 4}, false));
        c.add(new Case("Pad edge", g("pe", 13, new int[]{1, 2, 3, 3}, new int[]{1, 2, 6, 4}).initLongs("p", new long[]{0, 0, 1, 0, 0, 0, 2, 1}, 8)
                .node("Pad", "n", new String[]{"x", "p"}, new String[]{"y"}, "mode", "edge").build(), new int[]{1, 2, 3, 3}, false));
        c.add(new Case("Pad constant axes", g("pc", 18, s3, new int[]{2, 3, 7}).initLongs("p", new long[]{1, 2}, 2).init("v", new float[]{0.5f}).initLongs("a", new long[]{-1}, 1)
                .node("Pad", "n", new String[]{"x", "p", "v", "a"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Slice negative step", g("sl", 13, s3, new int[]{2, 2, 2}).initLongs("st", new long[]{-1, 3}, 2).initLongs("en", new long[]{-100, 0}, 2)
                .initLongs("ax", new long[]{1, 2}, 2).initLongs("sp", new long[]{-2, -2}, 2)
                .node("Slice", "n", new String[]{"x", "st", "en", "ax", "sp"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Gather axis 1 repeated", g("ga", 13, s3, new int[]{2, 2, 2, 4}).initLongs("i", new long[]{2, -1, 0, 2}, 2, 2)
                .node("Gather", "n", new String[]{"x", "i"}, new String[]{"y"}, "axis", 1L).build(), s3, false));
        // Movement onto native views: a crop (negative pads, the one constant Pad the native pad refuses), a scalar
        // index on axis 0 (the native index view), a slice of a transposed view.
        c.add(new Case("Pad constant crop", g("pcc", 13, s3, new int[]{2, 2, 3}).initLongs("p", new long[]{0, -1, 1, 0, 0, -2}, 6)
                .node("Pad", "n", new String[]{"x", "p"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Gather scalar axis 0", g("gs", 13, s3, new int[]{3, 4}).initLongs("i", new long[]{-1})
                .node("Gather", "n", new String[]{"x", "i"}, new String[]{"y"}, "axis", 0L).build(), s3, false));
        c.add(new Case("Transpose then Slice", g("ts", 13, s3, new int[]{2, 2, 3}).initLongs("st", new long[]{3}, 1).initLongs("en", new long[]{0}, 1)
                .initLongs("ax", new long[]{0}, 1).initLongs("sp", new long[]{-2}, 1)
                .node("Transpose", "t", new String[]{"x"}, new String[]{"xt"}, "perm", new long[]{2, 0, 1})
                .node("Slice", "n", new String[]{"xt", "st", "en", "ax", "sp"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Split+Concat", g("sc", 13, s3, new int[]{2, 3, 4}).initLongs("sp", new long[]{1, 3}, 2)
                .node("Split", "s", new String[]{"x", "sp"}, new String[]{"a", "b"}, "axis", 2L)
                .node("Concat", "c", new String[]{"b", "a"}, new String[]{"y"}, "axis", -1L).build(), s3, false));
        c.add(new Case("Tile", g("ti", 13, s3, new int[]{4, 3, 8}).initLongs("r", new long[]{2, 1, 2}, 3)
                .node("Tile", "n", new String[]{"x", "r"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Expand", g("ex", 13, new int[]{3, 1}, new int[]{2, 3, 4}).initLongs("s", new long[]{2, 1, 4}, 3)
                .node("Expand", "n", new String[]{"x", "s"}, new String[]{"y"}).build(), new int[]{3, 1}, false));
        c.add(new Case("Reshape+Flatten+Squeeze", g("rs", 13, s3, new int[]{2, 12}).initLongs("s", new long[]{0, 1, -1}, 3).initLongs("ax", new long[]{1}, 1)
                .node("Reshape", "r", new String[]{"x", "s"}, new String[]{"a"})
                .node("Squeeze", "q", new String[]{"a", "ax"}, new String[]{"b"})
                .node("Unsqueeze", "u", new String[]{"b", "ax"}, new String[]{"c"})
                .node("Flatten", "f", new String[]{"c"}, new String[]{"y"}, "axis", 1L).build(), s3, false));
        c.add(new Case("ReduceSum input axes", g("rsum", 13, s3, new int[]{2, 1, 4}).initLongs("a", new long[]{1}, 1)
                .node("ReduceSum", "n", new String[]{"x", "a"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("ReduceMean attr axes", g("rmean", 13, s3, new int[]{3}).node("ReduceMean", "n", new String[]{"x"}, new String[]{"y"},
                "axes", new long[]{0, 2}, "keepdims", 0L).build(), s3, false));
        c.add(new Case("ReduceMax", g("rmax", 13, s3, new int[]{2, 4}).node("ReduceMax", "n", new String[]{"x"}, new String[]{"y"},
                "axes", new long[]{1}, "keepdims", 0L).build(), s3, false));
        c.add(new Case("Max variadic", g("mx", 13, s3, s3).init("p", rnd(4), 4).init("q", rnd(12), 3, 4)
                .node("Max", "n", new String[]{"x", "p", "q"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Mean variadic", g("mean", 13, s3, s3).init("p", rnd(4), 4)
                .node("Mean", "n", new String[]{"x", "p", "x"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Shape-driven Reshape", g("dyn", 13, s3, new int[]{6, 4}).initLongs("i", new long[]{2}, 1).initLongs("m1", new long[]{-1}, 1)
                .node("Shape", "sh", new String[]{"x"}, new String[]{"s"})
                .node("Gather", "g", new String[]{"s", "i"}, new String[]{"last"}, "axis", 0L)
                .node("Concat", "c", new String[]{"m1", "last"}, new String[]{"t"}, "axis", 0L)
                .node("Reshape", "r", new String[]{"x", "t"}, new String[]{"y"}).build(), s3, false));
        // Selection, logic and rounding (thresholds kept at 0, where no input lies within h).
        c.add(new Case("Where", g("wh", 13, s3, s3).init("z", new float[]{0f}).node("Greater", "gt", new String[]{"x", "z"}, new String[]{"c"})
                .node("Mul", "sq", new String[]{"x", "x"}, new String[]{"a"}).node("Neg", "ng", new String[]{"x"}, new String[]{"b"})
                .node("Where", "w", new String[]{"c", "a", "b"}, new String[]{"y"}).build(), s3, false));
        for (String op : new String[]{"Equal", "Less", "LessOrEqual", "GreaterOrEqual"})
            c.add(new Case(op, g(op, 13, s3, s3).init("z", new float[]{0f}).node(op, "cmp", new String[]{"x", "z"}, new String[]{"b"})
                    .node("Cast", "cast", new String[]{"b"}, new String[]{"f"}, "to", 1L).node("Add", "add", new String[]{"x", "f"}, new String[]{"y"}).build(), s3, false));
        for (String op : new String[]{"And", "Or", "Xor"})
            c.add(new Case(op, g(op, 13, s3, s3).init("z", new float[]{0f}).node("Greater", "gt", new String[]{"x", "z"}, new String[]{"p"})
                    .node("Not", "not", new String[]{"p"}, new String[]{"q"}).node("Less", "lt", new String[]{"x", "z"}, new String[]{"r"})
                    .node(op, "logic", new String[]{"q", "r"}, new String[]{"b"})
                    .node("Cast", "cast", new String[]{"b"}, new String[]{"f"}, "to", 1L).node("Mul", "m", new String[]{"x", "f"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Sign+Floor+Ceil", g("sfc", 13, s3, s3).node("Sign", "s", new String[]{"x"}, new String[]{"a"})
                .node("Floor", "f", new String[]{"x"}, new String[]{"b"}).node("Ceil", "c", new String[]{"x"}, new String[]{"d"})
                .node("Sum", "sum", new String[]{"a", "b", "d", "x"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Round", g("rnd", 13, s3, s3).init("k", new float[]{0.4f}).init("o", new float[]{2.6f})
                .node("Mul", "m", new String[]{"x", "k"}, new String[]{"a"}).node("Add", "a2", new String[]{"a", "o"}, new String[]{"b"})
                .node("Round", "r", new String[]{"b"}, new String[]{"d"}).node("Mul", "y2", new String[]{"x", "d"}, new String[]{"y"}).build(), s3, false));
        c.add(new Case("Range+ArgMax", g("ra", 13, s3, s3).initLongs("s0", new long[]{0}).initLongs("s1", new long[]{4}).initLongs("s2", new long[]{1})
                .node("Range", "rg", new String[]{"s0", "s1", "s2"}, new String[]{"r"}).node("Cast", "c1", new String[]{"r"}, new String[]{"rf"}, "to", 1L)
                .node("ArgMax", "am", new String[]{"x"}, new String[]{"i"}, "axis", 2L, "keepdims", 1L)
                .node("Cast", "c2", new String[]{"i"}, new String[]{"if"}, "to", 1L)
                .node("Add", "a1", new String[]{"x", "rf"}, new String[]{"t"}).node("Mul", "m", new String[]{"t", "if"}, new String[]{"y"}).build(), s3, false));
        // Nearest resizing: Resize by scales and by sizes in several coordinate modes, Upsample at opsets 7 and 9.
        int[] img = {1, 2, 3, 4};
        c.add(new Case("Resize scales half_pixel", g("rs1", 13, img, new int[]{1, 2, 6, 8}).init("sc", new float[]{1, 1, 2, 2}, 4)
                .node("Resize", "n", new String[]{"x", "", "sc"}, new String[]{"y"}, "mode", "nearest").build(), img, false));
        c.add(new Case("Resize sizes asymmetric floor", g("rs2", 13, img, new int[]{1, 2, 5, 7}).initLongs("sz", new long[]{1, 2, 5, 7}, 4)
                .node("Resize", "n", new String[]{"x", "", "", "sz"}, new String[]{"y"}, "mode", "nearest",
                        "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor").build(), img, false));
        c.add(new Case("Resize align_corners ceil", g("rs3", 13, img, new int[]{1, 2, 5, 3}).initLongs("sz", new long[]{1, 2, 5, 3}, 4)
                .node("Resize", "n", new String[]{"x", "", "", "sz"}, new String[]{"y"}, "mode", "nearest",
                        "coordinate_transformation_mode", "align_corners", "nearest_mode", "ceil").build(), img, false));
        c.add(new Case("Resize linear half_pixel", g("rl1", 13, img, new int[]{1, 2, 6, 8}).init("sc", new float[]{1, 1, 2, 2}, 4)
                .node("Resize", "n", new String[]{"x", "", "sc"}, new String[]{"y"}, "mode", "linear").build(), img, false));
        c.add(new Case("Resize linear pytorch_half_pixel sizes", g("rl2", 13, img, new int[]{1, 2, 5, 7}).initLongs("sz", new long[]{1, 2, 5, 7}, 4)
                .node("Resize", "n", new String[]{"x", "", "", "sz"}, new String[]{"y"}, "mode", "linear",
                        "coordinate_transformation_mode", "pytorch_half_pixel").build(), img, false));
        c.add(new Case("Resize linear align_corners", g("rl3", 13, img, new int[]{1, 2, 7, 2}).initLongs("sz", new long[]{1, 2, 7, 2}, 4)
                .node("Resize", "n", new String[]{"x", "", "", "sz"}, new String[]{"y"}, "mode", "linear",
                        "coordinate_transformation_mode", "align_corners").build(), img, false));
        c.add(new Case("Upsample linear opset 9", g("ul9", 9, img, new int[]{1, 2, 6, 8}).init("sc", new float[]{1, 1, 2, 2}, 4)
                .node("Upsample", "n", new String[]{"x", "sc"}, new String[]{"y"}, "mode", "linear").build(), img, false));
        c.add(new Case("Upsample opset 9", g("up9", 9, img, new int[]{1, 2, 9, 8}).init("sc", new float[]{1, 1, 3, 2}, 4)
                .node("Upsample", "n", new String[]{"x", "sc"}, new String[]{"y"}, "mode", "nearest").build(), img, false));
        c.add(new Case("Upsample opset 7", g("up7", 7, img, new int[]{1, 2, 6, 8}).node("Upsample", "n", new String[]{"x"}, new String[]{"y"},
                "mode", "nearest", "scales", new float[]{1, 1, 2, 2}).build(), img, false));
        return c;
    }

    @Test
    void everyKernelsForwardAndGradientMatchOnnxRuntime() throws Exception {
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (Case k : cases()) {
            OnnxGraphModel m = OnnxGraphModel.load(k.model, OnnxLimits.defaults());
            Random r = new Random(k.label.hashCode());
            float[] x = new float[NdArray.size(k.shape)];
            for (int i = 0; i < x.length; i++) {
                // Inputs at least 0.05 from 0 (the kink of ReLU-like ops) and, where needed, positive.
                double v = 0.05 + 0.95 * r.nextDouble();
                x[i] = (float) (k.positive || r.nextBoolean() ? v : -v);
            }
            NdArray in = NdArray.floats(k.shape, x);
            // the model on the tape, as callers run it: the engine's own backward gives the input gradient
            Tensor xt = Tensor.of(x.clone(), k.shape).requireGrad();
            Tensor yt = m.run(List.of(xt)).get(0);
            NdArray y = NdArray.floats(yt.shape(), yt.toArray());
            float[] w = new float[y.size()];
            for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
            if (yt.requiresGrad()) yt.backward(Tensor.of(w.clone(), yt.shape()));
            float[] grad = xt.grad() == null ? new float[x.length] : xt.grad().toArray();
            double num = 0, den = 0, fwd;
            try (Ort ort = new Ort(k.model)) {
                fwd = OnnxRuntimeCrossCheckTest.maxScaledDiff(y, ort.run(in));
                double h = 1e-2;
                for (int i = 0; i < x.length; i++) {
                    float keep = x[i];
                    x[i] = (float) (keep + h);
                    double up = dot(w, ort.run(NdArray.floats(k.shape, x)).f);
                    x[i] = (float) (keep - h);
                    double down = dot(w, ort.run(NdArray.floats(k.shape, x)).f);
                    x[i] = keep;
                    double fd = (up - down) / (2 * h);
                    num += (grad[i] - fd) * (grad[i] - fd);
                    den += fd * fd;
                }
            }
            double rel = den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
            n++;
            if (fwd > 1e-5 || rel > 1e-2) bad.add(String.format("%s: forward %.1e, gradient %.1e", k.label, fwd, rel));
        }
        System.out.println("op gradient checks: " + n + " cases, " + bad.size() + " failed " + bad);
        assertEquals(List.of(), bad);
        assertTrue(n >= 50, "cases " + n);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
