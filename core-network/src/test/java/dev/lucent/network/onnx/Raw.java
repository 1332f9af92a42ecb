package dev.lucent.network.onnx;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Hand-rolled protobuf writing for hostile test messages the regular writer would never produce. */
final class Raw {
    private final ByteArrayOutputStream bos = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bos);

    Raw varint(int field, long v) {
        try {
            out.writeInt64(field, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Raw bytes(int field, byte[] b) {
        try {
            out.writeByteArray(field, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Raw str(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] build() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static byte[] valueInfo(String name, long... dims) {
        Raw shape = new Raw();
        for (long d : dims) shape.bytes(1, new Raw().varint(1, d).build());
        byte[] tensorType = new Raw().varint(1, 1).bytes(2, shape.build()).build();
        return new Raw().str(1, name).bytes(2, new Raw().bytes(1, tensorType).build()).build();
    }

    static byte[] node(String op, String name, String[] ins, String[] outs, byte[]... attrs) {
        Raw n = new Raw();
        for (String s : ins) n.str(1, s);
        for (String s : outs) n.str(2, s);
        n.str(3, name).str(4, op);
        for (byte[] a : attrs) n.bytes(5, a);
        return n.build();
    }

    /** A model with opset {@code opset}, one graph built from its parts. */
    static byte[] model(int opset, byte[] graph) {
        return new Raw().varint(1, 8).bytes(7, graph).bytes(8, new Raw().varint(2, opset).build()).build();
    }

    /** A graph: nodes, initializers, one input x and one output y (declared shapes). */
    static byte[] graph(byte[][] nodes, byte[][] inits, byte[] input, byte[] output) {
        Raw g = new Raw();
        for (byte[] n : nodes) g.bytes(1, n);
        g.str(2, "hostile");
        for (byte[] t : inits) g.bytes(5, t);
        if (input != null) g.bytes(11, input);
        g.bytes(12, output);
        return g.build();
    }

    /** A float TensorProto with the given dims and raw_data, optionally claiming external data. */
    static byte[] tensor(String name, long[] dims, byte[] raw, boolean externalLocation, boolean externalEntries) {
        Raw t = new Raw();
        for (long d : dims) t.varint(1, d);
        t.varint(2, 1).str(8, name);
        if (raw != null) t.bytes(9, raw);
        if (externalEntries)
            t.bytes(13, new Raw().str(1, "location").str(2, "../../../../etc/passwd").build());
        if (externalLocation) t.varint(14, 1);
        return t.build();
    }

    static byte[] intsAttr(String name, long... v) {
        Raw a = new Raw().str(1, name);
        for (long x : v) a.varint(8, x);
        return a.varint(20, 7).build();
    }

    static byte[] tensorAttr(String name, byte[] tensor) {
        return new Raw().str(1, name).bytes(5, tensor).varint(20, 4).build();
    }

    static byte[] graphAttr(String name, byte[] graph) {
        return new Raw().str(1, name).bytes(6, graph).varint(20, 5).build();
    }
}
