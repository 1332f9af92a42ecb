package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxLimits;
import dev.lucent.network.api.onnx.OnnxModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of hostile or unsupported file is refused with its own clear message. */
class HostileFilesTest {
    final OnnxImporter importer = new OnnxImporter(new OnnxLimits(64L << 20, 8, 10_000));

    String refusal(byte[] bytes) {
        return assertThrows(OnnxException.class, () -> importer.read(bytes)).getMessage();
    }

    static byte[] withInit(byte[] init, String op, long... outDims) {
        byte[] node = Raw.node(op, "n", new String[]{"x", "w"}, new String[]{"y"});
        return Raw.model(13, Raw.graph(new byte[][]{node}, new byte[][]{init}, Raw.valueInfo("x", 2), Raw.valueInfo("y", outDims)));
    }

    @Test
    void padsOfMinusTwoToThe63AreRefusedNotWrappedAround() {
        // -2^63 on both sides of an axis adds up to 0 in 64 bits: the pads must be refused by name, not read as no pad
        byte[] bytes = new OnnxBuilder("pad", 13).input("x", 1, 3).output("y", 1, 3)
                .initLongs("p", new long[]{0, Long.MIN_VALUE, 0, Long.MIN_VALUE}, 4)
                .node("Pad", "crop", new String[]{"x", "p"}, new String[]{"y"}).build();
        OnnxModel m = importer.read(bytes);
        String msg = assertThrows(OnnxException.class, () -> m.run(java.util.List.of(Tensor.of(new float[]{1, 2, 3}, 1, 3)))).getMessage();
        assertTrue(msg.contains("Pad node 'crop'") && msg.contains("pads"), msg);
    }

    @Test
    void emptyRandomAndTruncatedBytesAreRefused() {
        assertTrue(refusal(new byte[0]).contains("empty"));
        Random r = new Random(1);
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[1 + r.nextInt(200)];
            r.nextBytes(junk);
            assertThrows(OnnxException.class, () -> importer.read(junk));
        }
        byte[] good = TestModels.mlp(1, 17);
        importer.read(good);
        for (int cut : new int[]{1, 10, good.length / 3, good.length / 2, good.length - 1}) {
            String m = refusal(Arrays.copyOf(good, cut));
            assertTrue(m.startsWith("not a valid ONNX model") || m.contains("truncated") || m.contains("no graph"), m);
        }
    }

    @Test
    void aCycleIsRefused() {
        byte[] a = Raw.node("Relu", "a", new String[]{"b"}, new String[]{"a_out"});
        byte[] b = Raw.node("Add", "b", new String[]{"a_out", "x"}, new String[]{"b"});
        byte[] c = Raw.node("Identity", "c", new String[]{"b"}, new String[]{"y"});
        String m = refusal(Raw.model(13, Raw.graph(new byte[][]{a, b, c}, new byte[0][], Raw.valueInfo("x", 2), Raw.valueInfo("y", 2))));
        assertTrue(m.contains("cycle"), m);
    }

    @Test
    void negativeOverflowingAndOverBudgetDimensionsAreRefused() {
        assertTrue(refusal(withInit(Raw.tensor("w", new long[]{-2}, new byte[0], false, false), "Add", 2))
                .contains("negative dimension"));
        assertTrue(refusal(withInit(Raw.tensor("w", new long[]{1L << 32, 1L << 32, 1L << 32}, new byte[0], false, false), "Add", 2))
                .contains("overflows"));
        String m = refusal(withInit(Raw.tensor("w", new long[]{1 << 20, 1 << 10}, new byte[0], false, false), "Add", 2));
        assertTrue(m.contains("over the memory budget"), m);
    }

    /** A declared input is what a caller allocates: a huge fixed batch or overflowing dimensions are refused at import. */
    @Test
    void declaredInputShapesThatCouldNeverRunAreRefusedAtImport() {
        byte[] relu = Raw.node("Relu", "r", new String[]{"x"}, new String[]{"y"});
        java.util.function.Function<long[], byte[]> withInput = dims ->
                Raw.model(13, Raw.graph(new byte[][]{relu}, new byte[0][], Raw.valueInfo("x", dims), Raw.valueInfo("y", -1, 30)));
        String m = refusal(withInput.apply(new long[]{1L << 31, 30}));
        assertEquals("graph input 'x' declares shape [2147483648, 30]: 64424509440 values (257698037760 bytes) per run,"
                + " over the memory budget of 67108864 bytes", m);
        assertTrue(refusal(withInput.apply(new long[]{5_000_000, 30})).contains("150000000 values (600000000 bytes)"));
        assertTrue(refusal(withInput.apply(new long[]{1, 65536, 65537})).contains("4295032832 values")); // int overflow
        m = refusal(withInput.apply(new long[]{-1, 1L << 40, 1L << 40}));
        assertEquals("graph input 'x' declares shape [N, 1099511627776, 1099511627776], whose element count overflows a 64-bit integer", m);
        // a symbolic batch counts as one row; within the budget the model imports
        assertEquals(30, importer.read(withInput.apply(new long[]{-1, 30})).inputShape()[0]);
    }

    /** A declared output whose size overflows is not taken at its word: the output count is found by running. */
    @Test
    void anOverflowingDeclaredOutputIsFoundByRunning() {
        byte[] relu = Raw.node("Relu", "r", new String[]{"x"}, new String[]{"y"});
        OnnxModel m = importer.read(Raw.model(13, Raw.graph(new byte[][]{relu}, new byte[0][], Raw.valueInfo("x", -1, 3),
                Raw.valueInfo("y", -1, 1L << 32, 1L << 32))));
        assertEquals(3, m.outputCount());
    }

    @Test
    void rawDataShorterThanTheShapeIsRefused() {
        String m = refusal(withInit(Raw.tensor("w", new long[]{4, 4}, new byte[12], false, false), "Add", 4, 4));
        assertTrue(m.contains("raw_data holds 12 bytes") && m.contains("needs 64"), m);
    }

    @Test
    void externalDataIsRefusedOutright() {
        for (boolean[] how : new boolean[][]{{true, false}, {false, true}, {true, true}}) {
            String m = refusal(withInit(Raw.tensor("w", new long[]{2}, null, how[0], how[1]), "Add", 2));
            assertTrue(m.contains("external data") && m.contains("CVE-2022-25882") && m.contains("CVE-2024-27318")
                    && m.contains("CVE-2024-5187"), m);
        }
    }

    @Test
    void tinyConstantsAskingForGigabytesAreRefusedBeforeAllocation() {
        // ConstantOfShape of a 3-element int64 shape: 2^42 floats.
        byte[] shapeI64 = int64Tensor("s", 1 << 16, 1 << 16, 1 << 10);
        byte[] cos = Raw.node("ConstantOfShape", "huge", new String[]{"s"}, new String[]{"c"});
        byte[] add = Raw.node("Add", "add", new String[]{"x", "c"}, new String[]{"y"});
        String m = refusal(Raw.model(13, Raw.graph(new byte[][]{cos, add}, new byte[][]{shapeI64}, Raw.valueInfo("x", 2), Raw.valueInfo("y", 2))));
        assertTrue(m.contains("ConstantOfShape") && m.contains("memory budget"), m);
        // Expand of a constant scalar to 2^30 x 2^10: refused at import by constant folding.
        byte[] one = Raw.tensor("one", new long[0], le32f(1f), false, false);
        byte[] target = int64Tensor("t", 1 << 30, 1 << 10);
        byte[] exp = Raw.node("Expand", "big", new String[]{"one_c", "t"}, new String[]{"e"});
        byte[] cst = Raw.node("Constant", "k", new String[0], new String[]{"one_c"}, Raw.tensorAttr("value", one));
        byte[] add2 = Raw.node("Add", "add", new String[]{"x", "e"}, new String[]{"y"});
        m = refusal(Raw.model(13, Raw.graph(new byte[][]{cst, exp, add2}, new byte[][]{target}, Raw.valueInfo("x", 2), Raw.valueInfo("y", 2))));
        assertTrue(m.contains("Expand") && m.contains("memory budget"), m);
        // Tile of the input by 10^9: refused when run, not allocated.
        byte[] reps = int64Tensor("r", 1_000_000_000L);
        byte[] tile = Raw.node("Tile", "tile", new String[]{"x", "r"}, new String[]{"y"});
        OnnxModel model = importer.read(Raw.model(13, Raw.graph(new byte[][]{tile}, new byte[][]{reps}, Raw.valueInfo("x", 2), Raw.valueInfo("y", 2))));
        String run = assertThrows(OnnxException.class, () -> model.run(java.util.List.of(Tensor.of(new float[]{1, 2}, 2)))).getMessage();
        assertTrue(run.contains("Tile") && (run.contains("memory budget") || run.contains("too large")), run);
    }

    @Test
    void subgraphsNestedPastTheLimitAreRefused() {
        byte[] inner = Raw.graph(new byte[][]{Raw.node("Identity", "i", new String[]{"x"}, new String[]{"y"})}, new byte[0][], null, Raw.valueInfo("y", 2));
        for (int d = 0; d < 12; d++)
            inner = Raw.graph(new byte[][]{Raw.node("If", "if" + d, new String[]{"x"}, new String[]{"y"}, Raw.graphAttr("then_branch", inner))},
                    new byte[0][], null, Raw.valueInfo("y", 2));
        byte[] top = Raw.graph(new byte[][]{Raw.node("If", "top", new String[]{"x"}, new String[]{"y"}, Raw.graphAttr("then_branch", inner))},
                new byte[0][], Raw.valueInfo("x", 2), Raw.valueInfo("y", 2));
        String m = refusal(Raw.model(13, top));
        assertTrue(m.contains("nested deeper than the limit of 8"), m);
        // Within the limit, control flow is refused as an unsupported operator, by name.
        byte[] shallow = Raw.graph(new byte[][]{Raw.node("If", "branch", new String[]{"x"}, new String[]{"y"},
                Raw.graphAttr("then_branch", Raw.graph(new byte[0][], new byte[0][], null, Raw.valueInfo("y", 2))))}, new byte[0][], Raw.valueInfo("x", 2), Raw.valueInfo("y", 2));
        assertEquals("unsupported ONNX operator If (opset 13) at node branch", refusal(Raw.model(13, shallow)));
    }

    @Test
    void unsupportedOperatorsAndAttributesAreNamedExactly() {
        byte[] nms = Raw.node("NonMaxSuppression", "nms", new String[]{"x"}, new String[]{"y"});
        assertEquals("unsupported ONNX operator NonMaxSuppression (opset 17) at node nms",
                refusal(Raw.model(17, Raw.graph(new byte[][]{nms}, new byte[0][], Raw.valueInfo("x", 2), Raw.valueInfo("y", 2)))));
        byte[] pad = Raw.node("Pad", "p", new String[]{"x", "pads"}, new String[]{"y"},
                new Raw().str(1, "mode").bytes(4, "wrap".getBytes()).varint(20, 3).build());
        assertEquals("unsupported attribute mode = wrap of ONNX operator Pad (opset 19) at node p",
                refusal(Raw.model(19, Raw.graph(new byte[][]{pad}, new byte[][]{int64Tensor("pads", 1, 1)}, Raw.valueInfo("x", 2), Raw.valueInfo("y", 4)))));
        byte[] conv = Raw.node("Relu", "r", new String[]{"x"}, new String[]{"y"}, Raw.intsAttr("mystery", 1));
        assertEquals("unsupported attribute mystery of ONNX operator Relu (opset 13) at node r",
                refusal(Raw.model(13, Raw.graph(new byte[][]{conv}, new byte[0][], Raw.valueInfo("x", 2), Raw.valueInfo("y", 2)))));
        String opset = refusal(Raw.model(22, Raw.graph(new byte[][]{Raw.node("Relu", "r", new String[]{"x"}, new String[]{"y"})},
                new byte[0][], Raw.valueInfo("x", 2), Raw.valueInfo("y", 2))));
        assertTrue(opset.contains("unsupported ONNX opset 22"), opset);
    }

    @Test
    void anAttributeOfTheWrongTypeIsRefusedNotReadAsItsDefault() {
        byte[] axisAsFloat = new Raw().str(1, "axis").varint(20, 1).build(); // declared FLOAT: no INT value to read
        byte[] flat = Raw.node("Flatten", "f", new String[]{"x"}, new String[]{"y"}, axisAsFloat);
        String m = refusal(Raw.model(13, Raw.graph(new byte[][]{flat}, new byte[0][], Raw.valueInfo("x", 2, 3), Raw.valueInfo("y", 2, 3))));
        assertEquals("Flatten node 'f': attribute axis has type 1, expected 2", m);
    }

    @Test
    void parametersOfTheWrongSizeAreRefusedNotPartlyRead() {
        // A bias with more values than output channels (found by the fuzz test): refused, never truncated.
        byte[] bytes = new OnnxBuilder("bias", 13).input("x", 1, 2, 4, 4).output("y", 1, 3, 2, 2)
                .init("w", new float[3 * 2 * 9], 3, 2, 3, 3).init("b", new float[5], 5)
                .node("Conv", "conv", new String[]{"x", "w", "b"}, new String[]{"y"}).build();
        OnnxModel m = importer.read(bytes);
        String msg = assertThrows(OnnxException.class, () -> m.predict(Tensor.of(new float[32], 1, 2, 4, 4))).getMessage();
        assertEquals("Conv node 'conv': bias of shape [5] for 3 output channels", msg);
    }

    @Test
    void anAveragePoolWhoseDivisorEnginesDisagreeOnIsRefused() {
        // ceil_mode with count_include_pad, last window past the padded border: PyTorch divides by 2 here,
        // ONNX Runtime by 3. Lucent refuses rather than pick one.
        byte[] bytes = new OnnxBuilder("pool", 13).input("x", 1, 1, 1, 6).output("y", 1, 1, 1, 4)
                .node("AveragePool", "avg", new String[]{"x"}, new String[]{"y"}, "kernel_shape", new long[]{1, 3},
                        "strides", new long[]{1, 2}, "pads", new long[]{0, 1, 0, 1}, "ceil_mode", 1L, "count_include_pad", 1L).build();
        OnnxModel m = importer.read(bytes);
        String msg = assertThrows(OnnxException.class, () -> m.run(java.util.List.of(Tensor.of(new float[6], 1, 1, 1, 6)))).getMessage();
        assertTrue(msg.startsWith("unsupported attribute ceil_mode = 1 with count_include_pad = 1") && msg.endsWith("of ONNX operator AveragePool (opset 13) at node avg"), msg);
    }

    @Test
    void intermediatesThatTogetherPassTheBudgetAreRefused() {
        // Each Tile output (4 MiB) is under the 6 MiB budget; together they are not.
        OnnxImporter small = new OnnxImporter(new OnnxLimits(6L << 20, 8, 100));
        OnnxBuilder b = new OnnxBuilder("chain", 13).input("x", -1, 1024).output("y", -1, 1024).initLongs("r", new long[]{1024, 1}, 2);
        b.node("Tile", "t0", new String[]{"x", "r"}, new String[]{"big"});
        b.node("Relu", "r1", new String[]{"big"}, new String[]{"a1"});
        b.node("Relu", "r2", new String[]{"a1"}, new String[]{"y"});
        OnnxModel m = small.read(b.build());
        String msg = assertThrows(OnnxException.class, () -> m.predict(Tensor.of(new float[1024], 1, 1024))).getMessage();
        assertTrue(msg.startsWith("running the model on this batch needs more than the memory budget of 6291456 bytes"), msg);
    }

    @Test
    void aFileLargerThanTheBudgetIsRefusedBeforeReading() throws Exception {
        OnnxImporter tiny = new OnnxImporter(new OnnxLimits(1024, 8, 100));
        java.nio.file.Path f = java.nio.file.Files.createTempFile("big", ".onnx");
        try {
            java.nio.file.Files.write(f, new byte[4096]);
            String m = assertThrows(OnnxException.class, () -> tiny.read(f)).getMessage();
            assertTrue(m.contains("over the memory budget"), m);
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    static byte[] int64Tensor(String name, long... v) {
        Raw t = new Raw().varint(1, v.length).varint(2, 7).str(8, name);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(8 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long x : v) bb.putLong(x);
        return t.bytes(9, bb.array()).build();
    }

    static byte[] le32f(float f) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(f).array();
    }
}
