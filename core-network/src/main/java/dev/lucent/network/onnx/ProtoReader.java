package dev.lucent.network.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.onnx.OnnxLimits;
import dev.lucent.network.onnx.Defs.Attr;
import dev.lucent.network.onnx.Defs.Graph;
import dev.lucent.network.onnx.Defs.Model;
import dev.lucent.network.onnx.Defs.Node;
import dev.lucent.network.onnx.Defs.Opset;
import dev.lucent.network.onnx.Defs.TensorDef;
import dev.lucent.network.onnx.Defs.ValueInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded decoder for the subset of ONNX messages Lucent reads, written by hand over
 * {@link CodedInputStream} so that every length is checked against the bytes left and the memory
 * budget before anything is allocated, nesting is bounded, and external data is refused.
 *
 * <p>Field numbers follow onnx/onnx.proto3 from the ONNX project (github.com/onnx/onnx,
 * Copyright ONNX Project Contributors, Apache License 2.0; earlier releases MIT). No code is
 * generated from it.
 */
final class ProtoReader {
    private final CodedInputStream in;
    private final Budget budget;
    private final OnnxLimits limits;
    private int nodes;

    private ProtoReader(byte[] bytes, OnnxLimits limits) {
        this.in = CodedInputStream.newInstance(bytes);
        this.in.setRecursionLimit(limits.maxGraphDepth() * 8 + 16);
        this.limits = limits;
        this.budget = new Budget(limits.maxBytes(), limits.origin());
        budget.reserve(bytes.length, "the ONNX file");
    }

    static Model readModel(byte[] bytes, OnnxLimits limits) {
        if (bytes.length == 0) throw new OnnxException("not an ONNX model: the file is empty");
        ProtoReader r = new ProtoReader(bytes, limits);
        try {
            return r.model();
        } catch (OnnxException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // InvalidProtocolBufferException (truncation, bad varint, bad tag) and anything its reader throws.
            throw new OnnxException("not a valid ONNX model: " + e.getMessage(), e);
        }
    }

    /** Decodes one serialized TensorProto (the conformance cases' input_N.pb / output_N.pb). */
    static TensorDef readTensor(byte[] bytes, OnnxLimits limits) {
        ProtoReader r = new ProtoReader(bytes, limits);
        try {
            return r.tensor("tensor", r.in.getBytesUntilLimit());
        } catch (OnnxException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new OnnxException("not a valid TensorProto: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- messages

    private Model model() throws IOException {
        long ir = 0;
        List<Opset> opsets = new ArrayList<>();
        Graph graph = null;
        String producer = "";
        String producerVersion = "";
        while (true) {
            int tag = in.readTag();
            if (tag == 0) break;
            switch (tag) {
                case (1 << 3) -> ir = in.readInt64();
                case (2 << 3) | 2 -> producer = string();
                case (3 << 3) | 2 -> producerVersion = string();
                case (7 << 3) | 2 -> {
                    int old = enter();
                    graph = graph(0);
                    leave(old);
                }
                case (8 << 3) | 2 -> {
                    int old = enter();
                    opsets.add(opset());
                    leave(old);
                }
                case (20 << 3) | 2 -> throw new OnnxException("ONNX training_info is not supported");
                default -> skip(tag);
            }
        }
        if (graph == null) throw new OnnxException("not an ONNX model: no graph (field 7 of ModelProto)");
        if (opsets.isEmpty() && ir >= 3) throw new OnnxException("ONNX model declares no opset_import");
        return new Model(ir, opsets, graph, producer, producerVersion);
    }

    private Opset opset() throws IOException {
        String domain = "";
        long version = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (tag) {
                case (1 << 3) | 2 -> domain = string();
                case (2 << 3) -> version = in.readInt64();
                default -> skip(tag);
            }
        }
        return new Opset(domain, version);
    }

    private Graph graph(int depth) throws IOException {
        if (depth >= limits.maxGraphDepth())
            throw new OnnxException("ONNX subgraphs nested deeper than the limit of " + limits.maxGraphDepth());
        String name = "";
        List<Node> nodeList = new ArrayList<>();
        List<TensorDef> inits = new ArrayList<>();
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        int sparse = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (tag) {
                case (1 << 3) | 2 -> {
                    if (++nodes > limits.maxNodes())
                        throw new OnnxException("ONNX model has more than " + limits.maxNodes() + " nodes");
                    int old = enter();
                    nodeList.add(node(depth));
                    leave(old);
                }
                case (2 << 3) | 2 -> name = string();
                case (5 << 3) | 2 -> {
                    int len = lengthAhead();
                    int old = in.pushLimit(len);
                    inits.add(tensor("initializer", len));
                    leave(old);
                }
                case (11 << 3) | 2, (12 << 3) | 2 -> {
                    int old = enter();
                    ValueInfo vi = valueInfo();
                    leave(old);
                    (tag >>> 3 == 11 ? inputs : outputs).add(vi);
                }
                case (15 << 3) | 2 -> {
                    sparse++;
                    skip(tag);
                }
                default -> skip(tag);
            }
        }
        return new Graph(name, nodeList, inits, inputs, outputs, sparse);
    }

    private Node node(int depth) throws IOException {
        List<String> ins = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        String name = "";
        String op = "";
        String domain = "";
        List<Attr> attrs = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (tag) {
                case (1 << 3) | 2 -> ins.add(string());
                case (2 << 3) | 2 -> outs.add(string());
                case (3 << 3) | 2 -> name = string();
                case (4 << 3) | 2 -> op = string();
                case (7 << 3) | 2 -> domain = string();
                case (5 << 3) | 2 -> {
                    int old = enter();
                    attrs.add(attribute(depth, name));
                    leave(old);
                }
                default -> skip(tag);
            }
        }
        return new Node(name, op, domain, ins, outs, attrs);
    }

    private Attr attribute(int depth, String nodeName) throws IOException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        byte[] s = null;
        TensorDef t = null;
        Graph g = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        List<byte[]> strings = new ArrayList<>();
        List<TensorDef> tensors = new ArrayList<>();
        List<Graph> graphs = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (tag) {
                case (1 << 3) | 2 -> name = string();
                case (20 << 3) -> type = in.readInt32();
                case (2 << 3) | 5 -> f = in.readFloat();
                case (3 << 3) -> i = in.readInt64();
                case (4 << 3) | 2 -> s = bytes("attribute string");
                case (5 << 3) | 2, (10 << 3) | 2 -> {
                    int len = lengthAhead();
                    int old = in.pushLimit(len);
                    TensorDef td = tensor("attribute tensor of node '" + nodeName + "'", len);
                    leave(old);
                    if (tag >>> 3 == 5) t = td; else tensors.add(td);
                }
                case (6 << 3) | 2, (11 << 3) | 2 -> {
                    int old = enter();
                    Graph sub = graph(depth + 1);
                    leave(old);
                    if (tag >>> 3 == 6) g = sub; else graphs.add(sub);
                }
                case (7 << 3) | 5 -> floats.add(in.readFloat(), budget);
                case (7 << 3) | 2 -> packedFloats(floats);
                case (8 << 3) -> ints.add(in.readInt64(), budget);
                case (8 << 3) | 2 -> packedVarints(ints);
                case (9 << 3) | 2 -> strings.add(bytes("attribute strings"));
                case (21 << 3) | 2 -> throw new OnnxException("attribute reference (ref_attr_name) at node '" + nodeName
                        + "' is only valid inside functions, which are not supported");
                default -> skip(tag);
            }
        }
        return new Attr(name, type, f, i, s, t, g, floats.toArray(), ints.toArray(), strings, tensors, graphs);
    }

    private ValueInfo valueInfo() throws IOException {
        String name = "";
        int elem = 0;
        long[] dims = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == ((1 << 3) | 2)) {
                name = string();
            } else if (tag == ((2 << 3) | 2)) { // TypeProto
                int old = enter();
                while (!in.isAtEnd()) {
                    int t2 = in.readTag();
                    if (t2 == ((1 << 3) | 2)) { // TypeProto.Tensor
                        int old2 = enter();
                        while (!in.isAtEnd()) {
                            int t3 = in.readTag();
                            if (t3 == (1 << 3)) {
                                elem = in.readInt32();
                            } else if (t3 == ((2 << 3) | 2)) {
                                int old3 = enter();
                                dims = shapeDims();
                                leave(old3);
                            } else {
                                skip(t3);
                            }
                        }
                        leave(old2);
                    } else {
                        skip(t2);
                    }
                }
                leave(old);
            } else {
                skip(tag);
            }
        }
        return new ValueInfo(name, elem, dims);
    }

    private long[] shapeDims() throws IOException {
        LongList dims = new LongList();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == ((1 << 3) | 2)) {
                int old = enter();
                long v = -1;
                while (!in.isAtEnd()) {
                    int t = in.readTag();
                    if (t == (1 << 3)) v = in.readInt64();
                    else skip(t);
                }
                leave(old);
                dims.add(v < 0 ? -1 : v, budget);
            } else {
                skip(tag);
            }
        }
        return dims.toArray();
    }

    /** A TensorProto occupying the current limit ({@code len} bytes). */
    private TensorDef tensor(String what, int len) throws IOException {
        LongList dims = new LongList();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        FloatList floatData = new FloatList();
        LongList int32Data = new LongList();
        LongList int64Data = new LongList();
        LongList uint64Data = new LongList();
        DoubleList doubleData = new DoubleList();
        boolean external = false;
        boolean strings = false;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (tag) {
                case (1 << 3) -> dims.add(in.readInt64(), budget);
                case (1 << 3) | 2 -> packedVarints(dims);
                case (2 << 3) -> dataType = in.readInt32();
                case (3 << 3) | 2 -> throw new OnnxException(what + ": segmented tensors are not supported");
                case (4 << 3) | 5 -> floatData.add(in.readFloat(), budget);
                case (4 << 3) | 2 -> packedFloats(floatData);
                case (5 << 3) -> int32Data.add(in.readInt32(), budget);
                case (5 << 3) | 2 -> packedInt32(int32Data);
                case (6 << 3) | 2 -> {
                    strings = true;
                    skip(tag);
                }
                case (7 << 3) -> int64Data.add(in.readInt64(), budget);
                case (7 << 3) | 2 -> packedVarints(int64Data);
                case (8 << 3) | 2 -> name = string();
                case (9 << 3) | 2 -> raw = bytes((name.isEmpty() ? what : what + " '" + name + "'") + Budget.RAW);
                case (10 << 3) | 1 -> doubleData.add(in.readDouble(), budget);
                case (10 << 3) | 2 -> packedDoubles(doubleData);
                case (11 << 3) -> uint64Data.add(in.readUInt64(), budget);
                case (11 << 3) | 2 -> packedVarints(uint64Data);
                case (13 << 3) | 2 -> {
                    external = true;
                    skip(tag);
                }
                case (14 << 3) -> {
                    if (in.readInt32() != 0) external = true;
                }
                default -> skip(tag);
            }
        }
        String label = name.isEmpty() ? what : what + " '" + name + "'";
        if (external)
            throw new OnnxException(label + " references external data; external data is refused outright "
                    + "(external-data paths led to CVE-2022-25882, CVE-2024-27318 and CVE-2024-5187)");
        if (strings || dataType == Defs.STRING)
            throw new OnnxException(label + " is a STRING tensor; only numeric tensors are supported");
        long[] d = dims.toArray();
        int elemBytes = switch (dataType) {
            case Defs.FLOAT, Defs.INT32, Defs.UINT32 -> 4;
            case Defs.DOUBLE, Defs.INT64, Defs.UINT64 -> 8;
            case Defs.FLOAT16, Defs.BFLOAT16, Defs.INT16, Defs.UINT16 -> 2;
            case Defs.INT8, Defs.UINT8, Defs.BOOL -> 1;
            default -> throw new OnnxException(label + " has unsupported data type " + Defs.typeName(dataType));
        };
        // 4 or 8 bytes per element once decoded; checked before the decoded array is allocated.
        int n = NdArray.checkedSize(d, Math.max(elemBytes, 4), budget.max(), label);
        int[] shape = NdArray.toIntShape(d);
        boolean floatType = Defs.isFloatType(dataType);
        budget.reserveTensor((long) n * (floatType ? 4 : 8), label);
        if (raw != null) {
            if ((long) raw.length != (long) n * elemBytes)
                throw new OnnxException(label + ": raw_data holds " + raw.length + " bytes but shape "
                        + java.util.Arrays.toString(d) + " of " + Defs.typeName(dataType) + " needs " + ((long) n * elemBytes));
            ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            if (floatType) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (dataType) {
                        case Defs.FLOAT -> bb.getFloat();
                        case Defs.DOUBLE -> (float) bb.getDouble();
                        case Defs.FLOAT16 -> Half.toFloat(bb.getShort());
                        default -> Float.intBitsToFloat((bb.getShort() & 0xffff) << 16);
                    };
                }
                budget.release(raw.length); // the raw copy is garbage once decoded
                return new TensorDef(name, dataType, NdArray.floats(shape, v));
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = switch (dataType) {
                    case Defs.INT64, Defs.UINT64 -> bb.getLong();
                    case Defs.INT32 -> bb.getInt();
                    case Defs.UINT32 -> bb.getInt() & 0xffffffffL;
                    case Defs.INT16 -> bb.getShort();
                    case Defs.UINT16 -> bb.getShort() & 0xffff;
                    case Defs.INT8 -> bb.get();
                    default -> bb.get() & 0xff;
                };
            }
            budget.release(raw.length);
            return new TensorDef(name, dataType, NdArray.longs(shape, v));
        }
        int have;
        switch (dataType) {
            case Defs.FLOAT -> {
                have = floatData.size();
                check(label, have, n, "float_data");
                return new TensorDef(name, dataType, NdArray.floats(shape, floatData.toArray()));
            }
            case Defs.DOUBLE -> {
                have = doubleData.size();
                check(label, have, n, "double_data");
                double[] dd = doubleData.toArray();
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = (float) dd[i];
                return new TensorDef(name, dataType, NdArray.floats(shape, v));
            }
            case Defs.FLOAT16, Defs.BFLOAT16 -> {
                have = int32Data.size();
                check(label, have, n, "int32_data");
                long[] raw16 = int32Data.toArray();
                float[] v = new float[n];
                for (int i = 0; i < n; i++)
                    v[i] = dataType == Defs.FLOAT16 ? Half.toFloat((short) raw16[i]) : Float.intBitsToFloat(((int) raw16[i] & 0xffff) << 16);
                return new TensorDef(name, dataType, NdArray.floats(shape, v));
            }
            case Defs.INT64 -> {
                check(label, int64Data.size(), n, "int64_data");
                return new TensorDef(name, dataType, NdArray.longs(shape, int64Data.toArray()));
            }
            case Defs.UINT32, Defs.UINT64 -> {
                check(label, uint64Data.size(), n, "uint64_data");
                return new TensorDef(name, dataType, NdArray.longs(shape, uint64Data.toArray()));
            }
            default -> {
                check(label, int32Data.size(), n, "int32_data");
                return new TensorDef(name, dataType, NdArray.longs(shape, int32Data.toArray()));
            }
        }
    }

    private static void check(String label, int have, int need, String field) {
        if (have != need)
            throw new OnnxException(label + ": " + field + " holds " + have + " values but the shape needs " + need);
    }

    // ---------------------------------------------------------------- primitives

    /** Reads a length prefix and checks it against what is left, before any use of it. */
    private int lengthAhead() throws IOException {
        int len = in.readRawVarint32();
        if (len < 0 || len > in.getBytesUntilLimit())
            throw new OnnxException("not a valid ONNX model: a field claims " + (len & 0xffffffffL)
                    + " bytes but only " + in.getBytesUntilLimit() + " remain (truncated or corrupt file)");
        return len;
    }

    private int enter() throws IOException {
        return in.pushLimit(lengthAhead());
    }

    private void leave(int oldLimit) throws IOException {
        if (!in.isAtEnd()) throw new OnnxException("not a valid ONNX model: an embedded message ends early");
        in.popLimit(oldLimit);
    }

    private byte[] bytes(String what) throws IOException {
        int len = lengthAhead();
        budget.reserve(len, what);
        return in.readRawBytes(len);
    }

    private String string() throws IOException {
        int len = lengthAhead();
        if (len > 1 << 16) throw new OnnxException("not a valid ONNX model: a name of " + len + " bytes");
        budget.reserve(len * 2L, "a string");
        return new String(in.readRawBytes(len), StandardCharsets.UTF_8);
    }

    private void packedFloats(FloatList out) throws IOException {
        int len = lengthAhead();
        if (len % 4 != 0) throw new OnnxException("not a valid ONNX model: packed floats of " + len + " bytes");
        out.reserve(len / 4, budget);
        int old = in.pushLimit(len);
        while (!in.isAtEnd()) out.add(in.readFloat(), null);
        in.popLimit(old);
    }

    private void packedDoubles(DoubleList out) throws IOException {
        int len = lengthAhead();
        if (len % 8 != 0) throw new OnnxException("not a valid ONNX model: packed doubles of " + len + " bytes");
        out.reserve(len / 8, budget);
        int old = in.pushLimit(len);
        while (!in.isAtEnd()) out.add(in.readDouble(), null);
        in.popLimit(old);
    }

    private void packedVarints(LongList out) throws IOException {
        int len = lengthAhead();
        out.reserve(len, budget); // at most one value per byte
        int old = in.pushLimit(len);
        while (!in.isAtEnd()) out.add(in.readInt64(), null);
        in.popLimit(old);
    }

    private void packedInt32(LongList out) throws IOException {
        int len = lengthAhead();
        out.reserve(len, budget);
        int old = in.pushLimit(len);
        while (!in.isAtEnd()) out.add(in.readInt32(), null);
        in.popLimit(old);
    }

    /** Skips a field; groups (wire types 3 and 4) never occur in ONNX and are refused rather than recursed into. */
    private void skip(int tag) throws IOException {
        switch (WireFormat.getTagWireType(tag)) {
            case WireFormat.WIRETYPE_VARINT -> in.readRawVarint64();
            case WireFormat.WIRETYPE_FIXED64 -> in.skipRawBytes(8);
            case WireFormat.WIRETYPE_FIXED32 -> in.skipRawBytes(4);
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.skipRawBytes(lengthAhead());
            default -> throw new OnnxException("not a valid ONNX model: unexpected protobuf wire type "
                    + WireFormat.getTagWireType(tag) + " for field " + WireFormat.getTagFieldNumber(tag));
        }
    }

    // Growable primitive lists whose growth is charged to the budget.
    private static final class FloatList {
        float[] a = new float[4];
        int n;

        void reserve(int extra, Budget b) {
            b.reserve(extra * 4L, "packed floats");
            if (n + extra > a.length) a = java.util.Arrays.copyOf(a, n + extra);
        }

        void add(float v, Budget b) {
            if (n == a.length) {
                if (b != null) b.reserve(a.length * 4L, "repeated floats");
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class DoubleList {
        double[] a = new double[4];
        int n;

        void reserve(int extra, Budget b) {
            b.reserve(extra * 8L, "packed doubles");
            if (n + extra > a.length) a = java.util.Arrays.copyOf(a, n + extra);
        }

        void add(double v, Budget b) {
            if (n == a.length) {
                if (b != null) b.reserve(a.length * 8L, "repeated doubles");
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class LongList {
        long[] a = new long[4];
        int n;

        void reserve(int extra, Budget b) {
            b.reserve(extra * 8L, "packed integers");
            if (n + extra > a.length) a = java.util.Arrays.copyOf(a, n + extra);
        }

        void add(long v, Budget b) {
            if (n == a.length) {
                if (b != null) b.reserve(a.length * 8L, "repeated integers");
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int size() {
            return n;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
