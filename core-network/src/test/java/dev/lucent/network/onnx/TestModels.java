package dev.lucent.network.onnx;

import java.util.Random;

/** Small ONNX models built with {@link OnnxBuilder}, seeded weights, dynamic batch (-1). */
final class TestModels {
    private TestModels() {
    }

    static float[] normal(Random r, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * sd);
        return v;
    }

    static float[] uniform(Random r, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextFloat();
        return v;
    }

    /** 12 -> 16 (ReLU) -> 8 (tanh) -> 3. */
    static byte[] mlp(long seed, int opset) {
        Random r = new Random(seed);
        return new OnnxBuilder("mlp", opset)
                .input("x", -1, 12).output("y", -1, 3)
                .init("W1", normal(r, 16 * 12, 0.4), 16, 12).init("b1", normal(r, 16, 0.1), 16)
                .init("W2", normal(r, 16 * 8, 0.4), 16, 8).init("b2", normal(r, 8, 0.1), 8)
                .init("W3", normal(r, 3 * 8, 0.4), 3, 8).init("b3", normal(r, 3, 0.1), 3)
                .node("Gemm", "fc1", new String[]{"x", "W1", "b1"}, new String[]{"h1"}, "transB", 1L)
                .node("Relu", "relu1", new String[]{"h1"}, new String[]{"a1"})
                .node("MatMul", "fc2", new String[]{"a1", "W2"}, new String[]{"h2"})
                .node("Add", "bias2", new String[]{"h2", "b2"}, new String[]{"h2b"})
                .node("Tanh", "tanh2", new String[]{"h2b"}, new String[]{"a2"})
                .node("Gemm", "fc3", new String[]{"a2", "W3", "b3"}, new String[]{"y"}, "transB", 1L)
                .build();
    }

    /** Conv(2->4, 3x3, pad 1) -> BatchNorm -> ReLU -> MaxPool 2 -> Conv(4->6, 3x3, stride 1) -> ELU -> AvgPool 2 -> Flatten -> Gemm 3. */
    static byte[] cnn(long seed, int opset) {
        Random r = new Random(seed);
        return new OnnxBuilder("cnn", opset)
                .input("x", -1, 2, 10, 10).output("y", -1, 3)
                .init("Wc1", normal(r, 4 * 2 * 9, 0.3), 4, 2, 3, 3).init("bc1", normal(r, 4, 0.1), 4)
                .init("g", uniform(r, 4, 0.5f, 1.5f), 4).init("beta", normal(r, 4, 0.1), 4)
                .init("mean", normal(r, 4, 0.2), 4).init("var", uniform(r, 4, 0.5f, 2f), 4)
                .init("Wc2", normal(r, 6 * 4 * 9, 0.3), 6, 4, 3, 3).init("bc2", normal(r, 6, 0.1), 6)
                .init("Wf", normal(r, 3 * 6 * 1 * 1, 0.4), 3, 6).init("bf", normal(r, 3, 0.1), 3)
                .node("Conv", "conv1", new String[]{"x", "Wc1", "bc1"}, new String[]{"c1"},
                        "kernel_shape", new long[]{3, 3}, "pads", new long[]{1, 1, 1, 1})
                .node("BatchNormalization", "bn1", new String[]{"c1", "g", "beta", "mean", "var"}, new String[]{"n1"}, "epsilon", 1e-5f)
                .node("Relu", "relu1", new String[]{"n1"}, new String[]{"r1"})
                .node("MaxPool", "pool1", new String[]{"r1"}, new String[]{"p1"}, "kernel_shape", new long[]{2, 2}, "strides", new long[]{2, 2})
                .node("Conv", "conv2", new String[]{"p1", "Wc2", "bc2"}, new String[]{"c2"}, "kernel_shape", new long[]{3, 3})
                .node("Elu", "elu2", new String[]{"c2"}, new String[]{"r2"}, "alpha", 1.0f)
                .node("AveragePool", "pool2", new String[]{"r2"}, new String[]{"p2"}, "kernel_shape", new long[]{3, 3})
                .node("Flatten", "flat", new String[]{"p2"}, new String[]{"f"}, "axis", 1L)
                .node("Gemm", "fc", new String[]{"f", "Wf", "bf"}, new String[]{"y"}, "transB", 1L)
                .build();
    }

    /** x -> Conv -> ReLU -> Conv -> (+ x) -> ReLU -> GlobalAveragePool -> Flatten -> Gemm -> Softmax: a residual block. */
    static byte[] residual(long seed, int opset) {
        return residual(seed, opset, true);
    }

    /** The residual block, with or without its final Softmax (same weights for the same seed). */
    static byte[] residual(long seed, int opset, boolean softmax) {
        Random r = new Random(seed);
        OnnxBuilder b = new OnnxBuilder("residual", opset)
                .input("x", -1, 3, 6, 6).output("y", -1, 4)
                .init("Wa", normal(r, 3 * 3 * 9, 0.3), 3, 3, 3, 3).init("ba", normal(r, 3, 0.1), 3)
                .init("Wb", normal(r, 3 * 3 * 9, 0.3), 3, 3, 3, 3).init("bb", normal(r, 3, 0.1), 3)
                .init("Wf", normal(r, 4 * 3, 0.5), 4, 3).init("bf", normal(r, 4, 0.1), 4)
                .node("Conv", "conv_a", new String[]{"x", "Wa", "ba"}, new String[]{"ca"}, "pads", new long[]{1, 1, 1, 1})
                .node("Relu", "relu_a", new String[]{"ca"}, new String[]{"ra"})
                .node("Conv", "conv_b", new String[]{"ra", "Wb", "bb"}, new String[]{"cb"}, "pads", new long[]{1, 1, 1, 1})
                .node("Add", "skip", new String[]{"cb", "x"}, new String[]{"s"})
                .node("Relu", "relu_out", new String[]{"s"}, new String[]{"rs"})
                .node("GlobalAveragePool", "gap", new String[]{"rs"}, new String[]{"gp"})
                .node("Flatten", "flat", new String[]{"gp"}, new String[]{"f"})
                .node("Gemm", "fc", new String[]{"f", "Wf", "bf"}, new String[]{softmax ? "logits" : "y"}, "transB", 1L);
        if (softmax) b.node("Softmax", "softmax", new String[]{"logits"}, new String[]{"y"}, "axis", 1L);
        return b.build();
    }
}
