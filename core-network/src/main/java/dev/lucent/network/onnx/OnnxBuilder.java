package dev.lucent.network.onnx;

import dev.lucent.network.onnx.Defs.Attr;
import dev.lucent.network.onnx.Defs.Node;
import dev.lucent.network.onnx.Defs.TensorDef;
import dev.lucent.network.onnx.Defs.ValueInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ONNX models node by node and writes them with {@link ProtoWriter}: the exporter's back end.
 * Attributes are given as name/value pairs (Long or Integer, Float or Double, String, long[], float[]).
 */
public final class OnnxBuilder {
    private final String name;
    private final int opset;
    private final List<Node> nodes = new ArrayList<>();
    private final List<TensorDef> inits = new ArrayList<>();
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();

    public OnnxBuilder(String name, int opset) {
        this.name = name;
        this.opset = opset;
    }

    /** A float input; a dimension of -1 is symbolic (dynamic batch). */
    public OnnxBuilder input(String n, long... dims) {
        inputs.add(new ValueInfo(n, Defs.FLOAT, dims));
        return this;
    }

    public OnnxBuilder output(String n, long... dims) {
        outputs.add(new ValueInfo(n, Defs.FLOAT, dims));
        return this;
    }

    public OnnxBuilder init(String n, float[] data, int... shape) {
        inits.add(new TensorDef(n, Defs.FLOAT, NdArray.floats(shape.clone(), data.clone())));
        return this;
    }

    public OnnxBuilder initLongs(String n, long[] data, int... shape) {
        inits.add(new TensorDef(n, Defs.INT64, NdArray.longs(shape.clone(), data.clone())));
        return this;
    }

    public OnnxBuilder node(String op, String nodeName, String[] ins, String[] outs, Object... attrs) {
        List<Attr> as = new ArrayList<>();
        for (int i = 0; i < attrs.length; i += 2) {
            String an = (String) attrs[i];
            Object v = attrs[i + 1];
            if (v instanceof Integer || v instanceof Long)
                as.add(new Attr(an, Defs.A_INT, 0, ((Number) v).longValue(), null, null, null, null, null, null, null, null));
            else if (v instanceof Float || v instanceof Double)
                as.add(new Attr(an, Defs.A_FLOAT, ((Number) v).floatValue(), 0, null, null, null, null, null, null, null, null));
            else if (v instanceof String s)
                as.add(new Attr(an, Defs.A_STRING, 0, 0, s.getBytes(StandardCharsets.UTF_8), null, null, null, null, null, null, null));
            else if (v instanceof long[] l)
                as.add(new Attr(an, Defs.A_INTS, 0, 0, null, null, null, null, l.clone(), null, null, null));
            else if (v instanceof float[] f)
                as.add(new Attr(an, Defs.A_FLOATS, 0, 0, null, null, null, f.clone(), null, null, null, null));
            else throw new IllegalArgumentException("attribute " + an + ": unsupported value " + v);
        }
        nodes.add(new Node(nodeName, op, "", List.of(ins), List.of(outs), as));
        return this;
    }

    public byte[] build() {
        return ProtoWriter.writeModel(new Defs.Model(8, List.of(new Defs.Opset("", opset)),
                new Defs.Graph(name, nodes, inits, inputs, outputs, 0), "lucent", ""));
    }
}
