package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.onnx.Defs.Attr;
import dev.lucent.network.onnx.Defs.Node;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Typed access to a node's attributes, refusing attributes the kernel does not understand. */
final class NodeAttrs {
    final Node node;
    final int opset;

    NodeAttrs(Node node, int opset) {
        this.node = node;
        this.opset = opset;
    }

    String label() {
        return node.name().isEmpty() ? (node.outputs().isEmpty() ? "?" : node.outputs().get(0)) : node.name();
    }

    /** Refuses any attribute not in {@code known}. */
    void only(String... known) {
        Set<String> ok = Set.of(known);
        for (Attr a : node.attributes())
            if (!ok.contains(a.name())) throw unsupportedAttr(a.name(), "");
    }

    OnnxException unsupportedAttr(String name, String detail) {
        return new OnnxException("unsupported attribute " + name + (detail.isEmpty() ? "" : " " + detail)
                + " of ONNX operator " + node.opType() + " (opset " + opset + ") at node " + label());
    }

    OnnxException unsupported() {
        return new OnnxException("unsupported ONNX operator " + node.opType() + " (opset " + opset + ") at node " + label());
    }

    OnnxException invalid(String message) {
        return new OnnxException(node.opType() + " node '" + label() + "': " + message);
    }

    boolean has(String name) {
        return node.attr(name) != null;
    }

    /** The attribute if present, checked to be of {@code type} (type 0, from IR version 1, is taken on trust). */
    private Attr typed(String name, int type) {
        Attr a = node.attr(name);
        if (a != null && a.type() != 0 && a.type() != type)
            throw invalid("attribute " + name + " has type " + a.type() + ", expected " + type);
        return a;
    }

    long i(String name, long dflt) {
        Attr a = typed(name, Defs.A_INT);
        return a == null ? dflt : a.i();
    }

    float f(String name, float dflt) {
        Attr a = typed(name, Defs.A_FLOAT);
        return a == null ? dflt : a.f();
    }

    String s(String name, String dflt) {
        Attr a = typed(name, Defs.A_STRING);
        return a == null || a.s() == null ? dflt : new String(a.s(), StandardCharsets.UTF_8);
    }

    long[] ints(String name, long[] dflt) {
        Attr a = typed(name, Defs.A_INTS);
        return a == null ? dflt : a.ints();
    }

    float[] floats(String name, float[] dflt) {
        Attr a = typed(name, Defs.A_FLOATS);
        return a == null ? dflt : a.floats();
    }

    Attr attr(String name) {
        return node.attr(name);
    }
}
