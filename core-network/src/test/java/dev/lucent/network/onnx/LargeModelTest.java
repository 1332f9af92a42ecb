package dev.lucent.network.onnx;

import com.google.protobuf.CodedOutputStream;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxImporter;
import dev.lucent.network.api.onnx.OnnxLimits;
import dev.lucent.network.api.onnx.OnnxModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The import budget follows the JVM's heap: a model of large initializers, written to a temp file, imports in a
 * JVM of a few times its size, where the former rule (half the heap, at most 512 MiB) refused it. The model is
 * 300 MB in a child JVM with -Xmx1280m by default (CI); {@code -Dlucent.largeModel.mb=600 -Dlucent.largeModel.heap=4g}
 * runs the case, a 600 MB model under -Xmx4g.
 */
class LargeModelTest {
    static final int ROWS = 1024, COLS = 12_800; // one weight of 1024 x 12800 floats: 52,428,800 bytes

    @Test
    void aModelOfHundredsOfMegabytesImportsInAHeapAFewTimesItsSize(@TempDir Path dir) throws Exception {
        int mb = Integer.getInteger("lucent.largeModel.mb", 300);
        String heap = System.getProperty("lucent.largeModel.heap", "1280m");
        int tensors = Math.max(2, (int) Math.ceil(mb * 1e6 / (4.0 * ROWS * COLS)));
        Path file = dir.resolve("large.onnx");
        write(file, tensors);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                LargeModelTest.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        System.out.println("large model (" + Files.size(file) + " bytes, -Xmx" + heap + "):\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("heap rule: imported " + (long) tensors * ROWS * COLS + " parameters"), out);
        // the former rule refused it
        assertTrue(out.contains("former rule: ") && out.contains("over the memory budget of 536870912 bytes"), out);
    }

    /** A refusal says what was counted: the file, what was decoded before, the largest tensors, the limit and its origin. */
    @Test
    void aRefusalSaysWhatItCountedAndWhereTheLimitCameFrom() {
        OnnxBuilder b = new OnnxBuilder("four", 13).input("x", -1, 4).output("y", -1, 4);
        String last = "x";
        for (int t = 1; t <= 4; t++) { // weights of 1, 2, 3 and 4 x 256 Ki floats (1 MiB each)
            b.init("w" + t, new float[t * (1 << 18)], t * (1 << 16), 4);
            b.node("Gather", "g" + t, new String[]{"w" + t, "i" + t}, new String[]{"v" + t}).initLongs("i" + t, new long[]{0}, 1);
        }
        b.node("Identity", "id", new String[]{last}, new String[]{"y"});
        byte[] file = b.build();
        OnnxException e = org.junit.jupiter.api.Assertions.assertThrows(OnnxException.class,
                () -> new OnnxImporter(new OnnxLimits(21L << 20, 8, 100, "--max-model-mb 21")).read(file));
        // the file (10 MiB), w1, w2, w3 decoded (6 MiB) and w4's raw bytes (4 MiB): w4's values (4 MiB) would pass 21 MiB
        assertTrue(e.getMessage().matches("initializer 'w4' needs 4194304 bytes; with the 104\\d{5}-byte file and 104\\d{5} bytes held besides"
                + " \\(largest decoded: initializer 'w3' 3145728 bytes, initializer 'w2' 2097152 bytes, initializer 'w1' 1048576 bytes\\),"
                + " the import would hold 2\\d{7} bytes, over the memory budget of 22020096 bytes \\(--max-model-mb 21\\)"), e.getMessage());
    }

    /** In the child JVM: the former rule, then the heap rule, one after the other (the first one's garbage collected). */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long max = Runtime.getRuntime().maxMemory();
        try {
            new OnnxImporter(new OnnxLimits(Math.min(512L << 20, max / 2), 8, 100_000)).read(file);
            System.out.println("former rule: imported");
        } catch (OnnxException e) {
            System.out.println("former rule: " + e.getMessage());
        }
        OnnxLimits limits = OnnxLimits.followingHeap();
        try {
            OnnxModel m = new OnnxImporter(limits).read(file);
            float[] y = m.predict(Tensor.of(new float[ROWS], 1, ROWS)).toArray();
            System.out.println("heap rule: imported " + m.parameterCount() + " parameters, " + y.length + " outputs, under "
                    + limits.maxBytes() + " bytes (" + limits.origin() + ")");
        } catch (OnnxException e) {
            System.out.println("heap rule: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * x [N, 1024] -> MatMul w0 [1024, 12800] -> MatMul w1 [12800, 1024] -> ... ; streamed to the file (the graph's length
     * computed first), so the test JVM holds one weight's encoding at a time, not the model.
     */
    static void write(Path file, int tensors) throws IOException {
        float[] values = TestModels.normal(new Random(3), ROWS * COLS, 0.01);
        List<Defs.Node> nodes = new ArrayList<>();
        String last = "x";
        for (int t = 0; t < tensors; t++) {
            String next = t == tensors - 1 ? "y" : "h" + t;
            nodes.add(new Defs.Node("mm" + t, "MatMul", "", List.of(last, "w" + t), List.of(next), List.of()));
            last = next;
        }
        long outCols = tensors % 2 == 0 ? ROWS : COLS;
        byte[] in = ProtoWriter.valueInfo(new Defs.ValueInfo("x", Defs.FLOAT, new long[]{-1, ROWS}));
        byte[] out = ProtoWriter.valueInfo(new Defs.ValueInfo("y", Defs.FLOAT, new long[]{-1, outCols}));
        List<byte[]> small = new ArrayList<>();
        for (Defs.Node n : nodes) small.add(ProtoWriter.node(n));
        long length = CodedOutputStream.computeStringSize(2, "large") + CodedOutputStream.computeByteArraySize(11, in)
                + CodedOutputStream.computeByteArraySize(12, out);
        for (byte[] s : small) length += CodedOutputStream.computeByteArraySize(1, s);
        List<Integer> sizes = new ArrayList<>();
        for (int t = 0; t < tensors; t++) {
            int size = ProtoWriter.tensor(weight(t, values)).length;
            sizes.add(size);
            length += CodedOutputStream.computeTagSize(5) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            CodedOutputStream o = CodedOutputStream.newInstance(os, 1 << 16);
            o.writeInt64(1, 8);
            o.writeString(2, "lucent-test");
            o.writeTag(7, 2);
            o.writeUInt32NoTag(Math.toIntExact(length));
            for (byte[] s : small) o.writeByteArray(1, s);
            o.writeString(2, "large");
            for (int t = 0; t < tensors; t++) {
                byte[] w = ProtoWriter.tensor(weight(t, values));
                assertEquals((int) sizes.get(t), w.length);
                o.writeByteArray(5, w);
            }
            o.writeByteArray(11, in);
            o.writeByteArray(12, out);
            o.writeTag(8, 2);
            o.writeUInt32NoTag(CodedOutputStream.computeInt64Size(2, 13));
            o.writeInt64(2, 13);
            o.flush();
        }
    }

    private static Defs.TensorDef weight(int t, float[] values) {
        int[] shape = t % 2 == 0 ? new int[]{ROWS, COLS} : new int[]{COLS, ROWS};
        return new Defs.TensorDef("w" + t, Defs.FLOAT, NdArray.floats(shape, values));
    }
}
