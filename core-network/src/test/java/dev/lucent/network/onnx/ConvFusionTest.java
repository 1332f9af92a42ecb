package dev.lucent.network.onnx;

import dev.lucent.network.api.OpCounters;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fusion pass (Conv -> [BatchNormalization] -> [Add] -> [Relu | Clip] as one op): fused output and gradients
 * equal the node-by-node run, both agree with ONNX Runtime, a probe on an inner layer still sees its values (the chain
 * then runs node by node), and values someone else reads (a graph output, a second reader) are never fused away.
 */
class ConvFusionTest {
    private static final int N = 2, C = 4, H = 7;

    private static float[] values(SplittableRandom r, int n, double scale, double shift) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) v[i] = (float) (shift + scale * (r.nextDouble() * 2 - 1));
        return v;
    }

    /**
     * x -> conv1 (3x3, pad 1) -> bn1 -> add1 (+ x) -> relu1 -> conv2 (3x3, stride 2, no bias) -> clip2 [0, 0.6] -> y;
     * with {@code bnAsOutput} the batch norm's output is also a graph output (first), so that chain may not be fused.
     */
    private static byte[] model(boolean bnAsOutput, boolean clipAsOutput) {
        SplittableRandom r = new SplittableRandom(11);
        OnnxBuilder b = new OnnxBuilder("fusion", 13).input("x", N, C, H, H);
        if (bnAsOutput) b.output("bn", N, C, H, H);
        if (clipAsOutput) b.output("c2", N, 6, 4, 4);
        b.output("y", N, 6, 4, 4)
                .init("w1", values(r, C * C * 9, 0.3, 0), C, C, 3, 3).init("b1", values(r, C, 0.2, 0), C)
                .init("g", values(r, C, 0.5, 1), C).init("beta", values(r, C, 0.3, 0), C)
                .init("mean", values(r, C, 0.2, 0), C).init("var", values(r, C, 0.4, 1), C)
                .init("w2", values(r, 6 * C * 9, 0.3, 0), 6, C, 3, 3)
                .init("lo", new float[]{0f}).init("hi", new float[]{0.6f})
                .node("Conv", "conv1", new String[]{"x", "w1", "b1"}, new String[]{"c1"}, "pads", new long[]{1, 1, 1, 1})
                .node("BatchNormalization", "bn1", new String[]{"c1", "g", "beta", "mean", "var"}, new String[]{"bn"}, "epsilon", 1e-3f)
                .node("Add", "add1", new String[]{"x", "bn"}, new String[]{"a1"})
                .node("Relu", "relu1", new String[]{"a1"}, new String[]{"r1"})
                .node("Conv", "conv2", new String[]{"r1", "w2"}, new String[]{"c2"}, "pads", new long[]{1, 1, 1, 1}, "strides", new long[]{2, 2})
                .node("Clip", "clip2", new String[]{"c2", "lo", "hi"}, new String[]{"y"});
        return b.build();
    }

    private static float[] input() {
        return values(new SplittableRandom(5), N * C * H * H, 1.5, 0);
    }

    @Test
    void fusedChainsEqualNodeByNodeAndOnnxRuntime() throws Exception {
        byte[] bytes = model(false, false);
        OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
        List<ConvFusion.Chain> chains = ConvFusion.list(m.program().chainEnding);
        assertEquals(2, chains.size(), "conv1 -> bn1 -> add1 -> relu1 and conv2 -> clip2: " + chains);
        float[] x = input();
        float[] fused;
        try (OpCounters ops = OpCounters.start()) {
            fused = m.run(List.of(Tensor.of(x.clone(), N, C, H, H))).get(0).toArray();
            assertTrue(ops.snapshot().stream().anyMatch(s -> s.op().equals("conv+epilogue") && s.calls() == 2), "ran fused: " + ops.snapshot());
            assertTrue(ops.snapshot().stream().noneMatch(s -> s.op().equals("relu") || s.op().equals("channelAffine")), "no separate passes: " + ops.snapshot());
        }
        float[] unfused;
        try (ProbeSession p = ProbeSession.open("nothing")) { // an open session: every chain runs node by node
            unfused = m.run(List.of(Tensor.of(x.clone(), N, C, H, H))).get(0).toArray();
        }
        assertArrayEquals(unfused, fused, 0f, "the same float arithmetic in the same order");
        boolean clipped = false;
        for (float v : fused) clipped |= v == 0.6f;
        assertTrue(clipped, "the upper bound is reached somewhere, so the Clip is exercised");
        try (Ort ort = new Ort(bytes)) {
            float[] want = ort.run(NdArray.floats(new int[]{N, C, H, H}, x)).f;
            assertArrayEquals(want, fused, 1e-5f);
        }
    }

    @Test
    void aProbeOnAnInnerLayerSeesItsValuesAndItsGradient() throws Exception {
        OnnxGraphModel m = OnnxGraphModel.load(model(false, false), OnnxLimits.defaults());
        float[] x = input();
        float[] bnOracle;
        try (Ort ort = new Ort(model(true, false))) { // ONNX Runtime with the batch norm's output as a graph output
            bnOracle = ort.run(NdArray.floats(new int[]{N, C, H, H}, x)).f;
        }
        try (ProbeSession p = ProbeSession.open("bn1")) {
            Tensor in = Tensor.of(x.clone(), N, C, H, H).requireGrad();
            m.run(List.of(in)).get(0).sum().backward();
            assertArrayEquals(bnOracle, p.activation("bn1").toArray(), 1e-5f, "the inner batch norm's output, as ONNX Runtime computes it");
            assertTrue(p.gradient("bn1") != null, "its gradient reached the probe");
        }
    }

    @Test
    void inputGradientsThroughFusedChainsEqualNodeByNode() throws Exception {
        OnnxGraphModel m = OnnxGraphModel.load(model(false, false), OnnxLimits.defaults());
        float[] x = input();
        Tensor fusedIn = Tensor.of(x.clone(), N, C, H, H).requireGrad();
        Tensor seed = Tensor.of(values(new SplittableRandom(3), N * 6 * 16, 1, 0), N, 6, 4, 4);
        m.run(List.of(fusedIn)).get(0).backward(seed);
        Tensor plainIn = Tensor.of(x.clone(), N, C, H, H).requireGrad();
        try (ProbeSession p = ProbeSession.open("nothing")) {
            m.run(List.of(plainIn)).get(0).backward(seed);
        }
        float[] want = plainIn.grad().toArray(), got = fusedIn.grad().toArray();
        float max = 0f;
        for (float v : want) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0.1f, "a gradient worth comparing: " + max);
        assertArrayEquals(want, got, 1e-6f * max, "d seed . y / d x, fused and node by node");
    }

    /** DenseNet's pre-activation: x -> bn0 -> clip0 [0, 0.6] -> y, one pass when fused. */
    @Test
    void aBatchNormThenClipRunsAsOnePassWithTheSameValuesAndGradients() throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        byte[] bytes = new OnnxBuilder("preact", 13).input("x", N, C, H, H).output("y", N, C, H, H)
                .init("g", values(r, C, 0.5, 1), C).init("beta", values(r, C, 0.3, 0), C)
                .init("mean", values(r, C, 0.2, 0), C).init("var", values(r, C, 0.4, 1), C)
                .init("lo", new float[]{0f}).init("hi", new float[]{0.6f})
                .node("BatchNormalization", "bn0", new String[]{"x", "g", "beta", "mean", "var"}, new String[]{"b"})
                .node("Clip", "clip0", new String[]{"b", "lo", "hi"}, new String[]{"y"}).build();
        OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
        assertEquals(List.of(new ConvFusion.Chain(-1, 0, -1, -1, 1, 1)), ConvFusion.list(m.program().chainEnding));
        float[] x = input();
        Tensor seed = Tensor.of(values(new SplittableRandom(4), N * C * H * H, 1, 0), N, C, H, H);
        Tensor fusedIn = Tensor.of(x.clone(), N, C, H, H).requireGrad(), plainIn = Tensor.of(x.clone(), N, C, H, H).requireGrad();
        float[] fused;
        try (OpCounters ops = OpCounters.start()) {
            Tensor y = m.run(List.of(fusedIn)).get(0);
            fused = y.toArray();
            y.backward(seed);
            assertTrue(ops.snapshot().stream().anyMatch(s -> s.op().equals("channelAffine+clamp")), "ran fused: " + ops.snapshot());
        }
        float[] unfused;
        try (ProbeSession p = ProbeSession.open("nothing")) {
            Tensor y = m.run(List.of(plainIn)).get(0);
            unfused = y.toArray();
            y.backward(seed);
        }
        assertArrayEquals(unfused, fused, 0f);
        assertArrayEquals(plainIn.grad().toArray(), fusedIn.grad().toArray(), 0f, "the gradient passes where 0 <= z <= 0.6, as Clip's");
        try (Ort ort = new Ort(bytes)) {
            assertArrayEquals(ort.run(NdArray.floats(new int[]{N, C, H, H}, x)).f, fused, 1e-5f);
        }
    }

    @Test
    void aValueTheCallerReadsIsNeverInsideAChain() throws Exception {
        byte[] bytes = model(true, true);
        OnnxGraphModel m = OnnxGraphModel.load(bytes, OnnxLimits.defaults());
        // bn may end a chain (it is computed) but not pass through one; c2 is read by the caller, so conv2 runs alone
        assertEquals(List.of(new ConvFusion.Chain(0, 1, -1, -1, -1, 1)), ConvFusion.list(m.program().chainEnding));
        float[] x = input();
        List<Tensor> out = m.run(List.of(Tensor.of(x.clone(), N, C, H, H)));
        try (Ort ort = new Ort(bytes)) {
            assertArrayEquals(ort.run(NdArray.floats(new int[]{N, C, H, H}, x)).f, out.get(0).toArray(), 1e-5f);
        }
    }
}
