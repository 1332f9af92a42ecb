package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutates valid models (bit flips, truncations, length fields set huge or negative, hostile
 * initializers, cycles, external-data references, huge shape constants) with a fixed seed. Every
 * case must end in an {@link OnnxException} or a model that imports and runs; no other exception,
 * no OutOfMemoryError, and no case may run past its time bound.
 */
class FuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 5000);
    static final long CASE_SECONDS = 5;
    static final OnnxLimits LIMITS = new OnnxLimits(32L << 20, 8, 10_000);

    enum Outcome { REFUSED, VALID, CRASH, OOM, HANG }

    static List<byte[]> seeds() throws Exception {
        List<byte[]> s = new ArrayList<>(List.of(TestModels.mlp(1, 17), TestModels.cnn(2, 13), TestModels.residual(3, 21)));
        for (String c : new String[]{"pytorch-converted/test_Conv2d_groups", "pytorch-converted/test_MaxPool2d_stride_padding_dilation",
                "pytorch-operator/test_operator_view", "pytorch-operator/test_operator_chunk", "pytorch-converted/test_Embedding",
                "pytorch-converted/test_ReflectionPad2d", "pytorch-operator/test_operator_repeat", "pytorch-converted/test_PixelShuffle"})
            s.add(Files.readAllBytes(ConformanceTest.root().resolve(c).resolve("model.onnx")));
        for (OpGradientTest.Case k : OpGradientTest.cases())
            if (List.of("Where", "Resize sizes asymmetric floor", "ConvTranspose2d", "Pad reflect", "Slice negative step", "Gather axis 1 repeated",
                    "Shape-driven Reshape", "LayerNormalization", "MaxPool3d ceil", "Range+ArgMax", "Split+Concat",
                    "Resize linear pytorch_half_pixel sizes").contains(k.label()))
                s.add(k.model());
        return s;
    }

    /** Imports and, when it imports, runs the model forward and backward on zeros of its declared input shapes (symbolic dims as 2). */
    static void exercise(byte[] bytes) {
        OnnxGraphModel m = OnnxGraphModel.load(bytes, LIMITS);
        Program p = m.program();
        List<Tensor> in = new ArrayList<>();
        for (int i = 0; i < p.inputs.length; i++) {
            long[] d = p.inputInfo[i].dims();
            if (d == null) return;
            long[] dims = Arrays.stream(d).map(x -> x < 0 ? 2 : x).toArray();
            int n = NdArray.checkedSize(dims, 8, 1 << 20, "fuzz input"); // an over-large declaration is refused like a file
            Tensor x = Tensor.of(new float[n], NdArray.toIntShape(dims));
            in.add(Defs.isFloatType(p.inputInfo[i].elemType()) || p.inputInfo[i].elemType() == 0 ? x.requireGrad() : x);
        }
        // On the tape, as callers run it; then the backward pass of the first output to every float input.
        Tensor y = m.run(in).get(0);
        if (!y.requiresGrad()) return;
        float[] seed = new float[y.size()];
        Arrays.fill(seed, 1f);
        y.backward(Tensor.of(seed, y.shape()));
    }

    static byte[] mutate(byte[] base, Random r, int kind) {
        byte[] b = base.clone();
        switch (kind) {
            case 0 -> { // bit flips
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncation
            case 2 -> { // a length or size varint overwritten with a huge or negative value
                byte[] v = r.nextBoolean() ? new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}
                        : new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
                int at = r.nextInt(b.length);
                b = Arrays.copyOf(b, Math.max(b.length, at + v.length));
                System.arraycopy(v, 0, b, at, v.length);
            }
            case 3 -> { // random bytes spliced in
                int at = r.nextInt(b.length), len = 1 + r.nextInt(16);
                byte[] junk = new byte[len];
                r.nextBytes(junk);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(junk, 0, c, at, len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                b = c;
            }
            case 7 -> b = attributes(base, r);
            default -> b = structural(r, kind);
        }
        return b;
    }

    static long extreme(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> -1 - r.nextInt(3);
            case 2 -> Integer.MAX_VALUE;
            case 3 -> Long.MIN_VALUE;
            case 4 -> 1L << (20 + r.nextInt(30));
            default -> r.nextInt(9);
        };
    }

    /** Decodes a seed, sets integer attributes, input declarations or node wiring to odd values, re-encodes. */
    static byte[] attributes(byte[] base, Random r) {
        Defs.Model m = ProtoReader.readModel(base, LIMITS);
        Defs.Graph g = m.graph();
        List<Defs.Node> nodes = new ArrayList<>(g.nodes());
        List<Defs.ValueInfo> inputs = new ArrayList<>(g.inputs());
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int which = r.nextInt(nodes.size());
            Defs.Node n = nodes.get(which);
            switch (r.nextInt(3)) {
                case 0 -> {
                    if (n.attributes().isEmpty()) continue;
                    List<Defs.Attr> as = new ArrayList<>(n.attributes());
                    int k = r.nextInt(as.size());
                    Defs.Attr a = as.get(k);
                    long[] ints = a.ints() == null ? null : a.ints().clone();
                    if (ints != null && ints.length > 0) ints[r.nextInt(ints.length)] = extreme(r);
                    if (ints != null && r.nextInt(5) == 0) ints = Arrays.copyOf(ints, r.nextInt(ints.length + 2));
                    as.set(k, new Defs.Attr(a.name(), a.type(), r.nextBoolean() ? a.f() : (float) extreme(r), extreme(r), a.s(), a.t(), a.g(),
                            a.floats(), ints, a.strings(), a.tensors(), a.graphs()));
                    nodes.set(which, new Defs.Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), as));
                }
                case 1 -> { // rewire an input to another value (possibly a later one: a cycle)
                    if (n.inputs().isEmpty()) continue;
                    List<String> ins = new ArrayList<>(n.inputs());
                    Defs.Node other = nodes.get(r.nextInt(nodes.size()));
                    ins.set(r.nextInt(ins.size()), r.nextInt(4) == 0 ? "" : other.outputs().get(0));
                    nodes.set(which, new Defs.Node(n.name(), n.opType(), n.domain(), ins, n.outputs(), n.attributes()));
                }
                default -> { // declare another input shape
                    if (inputs.isEmpty() || inputs.get(0).dims() == null) continue;
                    Defs.ValueInfo vi = inputs.get(0);
                    long[] d = vi.dims().clone();
                    if (d.length > 0) d[r.nextInt(d.length)] = r.nextBoolean() ? r.nextInt(7) : -1;
                    if (r.nextInt(4) == 0) d = Arrays.copyOf(d, Math.max(0, d.length + r.nextInt(3) - 1));
                    inputs.set(0, new Defs.ValueInfo(vi.name(), vi.elemType(), d));
                }
            }
        }
        return ProtoWriter.writeModel(new Defs.Model(m.irVersion(), m.opsets(),
                new Defs.Graph(g.name(), nodes, g.initializers(), inputs, g.outputs(), 0), m.producer(), m.producerVersion()));
    }

    /** Hostile structures built directly: cycles, external data, bad dims, huge constants. */
    static byte[] structural(Random r, int kind) {
        byte[] x = Raw.valueInfo("x", 2, 3), y = Raw.valueInfo("y", 2, 3);
        switch (kind) {
            case 4 -> { // cycle of random length through Relu nodes
                int len = 1 + r.nextInt(4);
                List<byte[]> nodes = new ArrayList<>();
                for (int i = 0; i < len; i++)
                    nodes.add(Raw.node("Add", "n" + i, new String[]{"v" + ((i + len - 1) % len), "x"}, new String[]{"v" + i}));
                nodes.add(Raw.node("Identity", "out", new String[]{"v0"}, new String[]{"y"}));
                java.util.Collections.shuffle(nodes, r);
                return Raw.model(13, Raw.graph(nodes.toArray(byte[][]::new), new byte[0][], x, y));
            }
            case 5 -> { // initializer with external data, negative, overflowing or huge dims, or short raw_data
                long[] dims = switch (r.nextInt(4)) {
                    case 0 -> new long[]{-1 - r.nextInt(1000), 3};
                    case 1 -> new long[]{Long.MAX_VALUE / 2, 4, 4};
                    case 2 -> new long[]{1L << (20 + r.nextInt(20)), 3};
                    default -> new long[]{2, 3};
                };
                byte[] raw = new byte[r.nextInt(24)];
                byte[] w = Raw.tensor("w", dims, r.nextInt(3) == 0 ? null : raw, r.nextBoolean(), r.nextInt(3) == 0);
                return Raw.model(13, Raw.graph(new byte[][]{Raw.node("Add", "a", new String[]{"x", "w"}, new String[]{"y"})}, new byte[][]{w}, x, y));
            }
            default -> { // tiny constants that ask for a lot
                long big = 1L << (8 + r.nextInt(40));
                String op = new String[]{"ConstantOfShape", "Expand", "Tile", "Reshape"}[r.nextInt(4)];
                byte[] shape = HostileFilesTest.int64Tensor("s", op.equals("ConstantOfShape") || op.equals("Reshape") ? new long[]{big, big}
                        : op.equals("Tile") ? new long[]{big, 1} : new long[]{big, 3});
                String[] ins = op.equals("ConstantOfShape") ? new String[]{"s"} : new String[]{"x", "s"};
                byte[] n = Raw.node(op, "big", ins, new String[]{"t"});
                byte[] add = Raw.node("Add", "add", new String[]{"x", "t"}, new String[]{"y"});
                return Raw.model(13, Raw.graph(new byte[][]{n, add}, new byte[][]{shape}, x, y));
            }
        }
    }

    @Test
    void mutatedModelsEndInACleanRefusalOrAValidModel() throws Exception {
        List<byte[]> seeds = seeds();
        Random r = new Random(Long.getLong("fuzz.seed", 20261125L));
        int[] counts = run(CASES, "ONNX fuzz", c -> {
            int kind = r.nextInt(8);
            return new Case(kind, mutate(seeds.get(r.nextInt(seeds.size())), r, kind));
        });
        assertTrue(counts[Outcome.REFUSED.ordinal()] > CASES / 2, "most mutations are refused");
        assertTrue(counts[Outcome.VALID.ordinal()] > 0, "some mutations still import and run");
    }

    /**
     * Issue #19's fixed-batch family: an MLP and a CNN declared with a fixed batch from 0 to Long.MAX_VALUE, or with
     * other input dimensions huge, zero, negative or overflowing; each must be refused at import or import and run.
     */
    @Test
    void fixedBatchesAndOversizedDeclaredInputsEndInARefusalOrAValidModel() throws Exception {
        List<byte[]> seeds = List.of(TestModels.mlp(1, 17), TestModels.cnn(2, 13));
        Random r = new Random(Long.getLong("fuzz.seed", 20261207L));
        int cases = Math.max(1, CASES / 5);
        int[] counts = run(cases, "ONNX fixed-batch fuzz", c -> {
            Defs.Model m = ProtoReader.readModel(seeds.get(r.nextInt(seeds.size())), LIMITS);
            Defs.Graph g = m.graph();
            List<Defs.ValueInfo> inputs = new ArrayList<>(g.inputs());
            Defs.ValueInfo vi = inputs.get(0);
            long[] d = vi.dims().clone();
            d[0] = r.nextInt(3) == 0 ? 1 + r.nextInt(64) : extreme(r); // the fixed batch
            if (r.nextInt(3) == 0) d[1 + r.nextInt(d.length - 1)] = extreme(r); // and sometimes a feature dimension
            inputs.set(0, new Defs.ValueInfo(vi.name(), vi.elemType(), d));
            return new Case(8, ProtoWriter.writeModel(new Defs.Model(m.irVersion(), m.opsets(),
                    new Defs.Graph(g.name(), g.nodes(), g.initializers(), inputs, g.outputs(), 0), m.producer(), m.producerVersion())));
        });
        assertTrue(counts[Outcome.REFUSED.ordinal()] > 0 && counts[Outcome.VALID.ordinal()] > 0, "refusals and valid models both seen");
    }

    record Case(int kind, byte[] bytes) {
    }

    /** Runs {@code cases} generated cases, each bounded in time; prints the counts and requires no crash, OOM or hang. */
    static int[] run(int cases, String name, java.util.function.IntFunction<Case> next) throws Exception {
        int[] counts = new int[Outcome.values().length];
        List<String> crashes = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "onnx-fuzz");
            th.setDaemon(true);
            return th;
        });
        try {
            for (int c = 0; c < cases; c++) {
                Case k = next.apply(c);
                int kind = k.kind();
                Future<?> f = pool.submit(() -> exercise(k.bytes()));
                Outcome o;
                try {
                    f.get(CASE_SECONDS, TimeUnit.SECONDS);
                    o = Outcome.VALID;
                } catch (ExecutionException e) {
                    Throwable t = e.getCause();
                    if (t instanceof OnnxException && !t.getMessage().startsWith("internal error")) {
                        o = Outcome.REFUSED;
                        if (Boolean.getBoolean("fuzz.verbose")) System.out.println("REFUSED kind " + kind + ": " + t.getMessage());
                    }
                    else if (t instanceof OutOfMemoryError) o = Outcome.OOM;
                    else {
                        o = Outcome.CRASH;
                        if (crashes.size() < 20) {
                            java.io.StringWriter sw = new java.io.StringWriter();
                            t.printStackTrace(new java.io.PrintWriter(sw));
                            crashes.add("case " + c + " kind " + kind + ": " + sw.toString().lines().limit(6).reduce("", (a, b2) -> a + "\n  " + b2));
                        }
                    }
                } catch (TimeoutException e) {
                    f.cancel(true);
                    o = Outcome.HANG;
                    pool.shutdownNow();
                    pool = Executors.newSingleThreadExecutor(t -> {
                        Thread th = new Thread(t, "onnx-fuzz");
                        th.setDaemon(true);
                        return th;
                    });
                }
                counts[o.ordinal()]++;
            }
        } finally {
            pool.shutdownNow();
        }
        crashes.forEach(System.out::println);
        System.out.printf("%s: %d cases, %d refused cleanly, %d valid, %d crashes, %d OOM, %d hangs%n", name, cases,
                counts[Outcome.REFUSED.ordinal()], counts[Outcome.VALID.ordinal()], counts[Outcome.CRASH.ordinal()],
                counts[Outcome.OOM.ordinal()], counts[Outcome.HANG.ordinal()]);
        assertEquals(0, counts[Outcome.CRASH.ordinal()], "crashes");
        assertEquals(0, counts[Outcome.OOM.ordinal()], "OutOfMemoryErrors");
        assertEquals(0, counts[Outcome.HANG.ordinal()], "hangs");
        return counts;
    }
}
