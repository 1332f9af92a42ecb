package dev.lucent.network.onnx;

import com.google.protobuf.CodedOutputStream;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.onnx.Defs.Attr;
import dev.lucent.network.onnx.Defs.Graph;
import dev.lucent.network.onnx.Defs.Model;
import dev.lucent.network.onnx.Defs.Node;
import dev.lucent.network.onnx.Defs.TensorDef;
import dev.lucent.network.onnx.Defs.ValueInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the ONNX message subset with {@link CodedOutputStream} (field numbers from
 * onnx/onnx.proto3, ONNX Project Contributors, Apache License 2.0). Tensors are written as
 * little-endian raw_data; symbolic dimensions as dim_param "N".
 */
final class ProtoWriter {
    private ProtoWriter() {
    }

    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Body body) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bos);
            body.write(out);
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new OnnxException("cannot encode ONNX: " + e.getMessage(), e);
        }
    }

    /** The model, with initializers that are parameters of {@code program} written at their current values. */
    static byte[] writeModel(Model m, Program program) {
        if (program == null) return writeModel(m);
        List<TensorDef> inits = new ArrayList<>();
        for (TensorDef t : m.graph().initializers()) {
            NdArray now = t.value();
            for (int i = 0; i < program.names.length; i++)
                if (program.param[i] && program.names[i].equals(t.name())) now = program.consts[i];
            inits.add(new TensorDef(t.name(), now.isFloat() ? Defs.FLOAT : Defs.INT64, now));
        }
        Graph g = m.graph();
        return writeModel(new Model(m.irVersion(), m.opsets(), new Graph(g.name(), g.nodes(), inits, g.inputs(), g.outputs(), 0), m.producer(), m.producerVersion()));
    }

    static byte[] writeModel(Model m) {
        return message(out -> {
            out.writeInt64(1, m.irVersion());
            out.writeString(2, m.producer());
            if (!m.producerVersion().isEmpty()) out.writeString(3, m.producerVersion());
            out.writeByteArray(7, graph(m.graph()));
            for (Defs.Opset o : m.opsets())
                out.writeByteArray(8, message(o2 -> {
                    if (!o.domain().isEmpty()) o2.writeString(1, o.domain());
                    o2.writeInt64(2, o.version());
                }));
        });
    }

    static byte[] graph(Graph g) {
        return message(out -> {
            for (Node n : g.nodes()) out.writeByteArray(1, node(n));
            out.writeString(2, g.name());
            for (TensorDef t : g.initializers()) out.writeByteArray(5, tensor(t));
            for (ValueInfo v : g.inputs()) out.writeByteArray(11, valueInfo(v));
            for (ValueInfo v : g.outputs()) out.writeByteArray(12, valueInfo(v));
        });
    }

    static byte[] node(Node n) {
        return message(out -> {
            for (String s : n.inputs()) out.writeString(1, s);
            for (String s : n.outputs()) out.writeString(2, s);
            if (!n.name().isEmpty()) out.writeString(3, n.name());
            out.writeString(4, n.opType());
            for (Attr a : n.attributes()) out.writeByteArray(5, attr(a));
            if (!n.domain().isEmpty()) out.writeString(7, n.domain());
        });
    }

    static byte[] attr(Attr a) {
        return message(out -> {
            out.writeString(1, a.name());
            switch (a.type()) {
                case Defs.A_FLOAT -> out.writeFloat(2, a.f());
                case Defs.A_INT -> out.writeInt64(3, a.i());
                case Defs.A_STRING -> out.writeByteArray(4, a.s());
                case Defs.A_TENSOR -> out.writeByteArray(5, tensor(a.t()));
                case Defs.A_FLOATS -> { for (float f : a.floats()) out.writeFloat(7, f); }
                case Defs.A_INTS -> { for (long i : a.ints()) out.writeInt64(8, i); }
                case Defs.A_STRINGS -> { for (byte[] s : a.strings()) out.writeByteArray(9, s); }
                default -> throw new OnnxException("cannot write attribute " + a.name() + " of type " + a.type());
            }
            out.writeInt32(20, a.type());
        });
    }

    static byte[] tensor(TensorDef t) {
        NdArray v = t.value();
        return message(out -> {
            for (int d : v.shape) out.writeInt64(1, d);
            out.writeInt32(2, v.isFloat() ? Defs.FLOAT : Defs.INT64);
            if (!t.name().isEmpty()) out.writeString(8, t.name());
            ByteBuffer bb = ByteBuffer.allocate(v.size() * (v.isFloat() ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
            if (v.isFloat()) for (float f : v.f) bb.putFloat(f);
            else for (long l : v.l) bb.putLong(l);
            out.writeByteArray(9, bb.array());
        });
    }

    static byte[] valueInfo(ValueInfo v) {
        return message(out -> {
            out.writeString(1, v.name());
            out.writeByteArray(2, message(type -> type.writeByteArray(1, message(tt -> {
                tt.writeInt32(1, v.elemType() == 0 ? Defs.FLOAT : v.elemType());
                if (v.dims() != null)
                    tt.writeByteArray(2, message(shape -> {
                        for (long d : v.dims())
                            shape.writeByteArray(1, message(dim -> {
                                if (d >= 0) dim.writeInt64(1, d);
                                else dim.writeByteArray(2, "N".getBytes(StandardCharsets.UTF_8));
                            }));
                    }));
            }))));
        });
    }
}
