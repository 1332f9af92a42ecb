package dev.lucent.network.onnx;

import java.util.List;

/** The decoded subset of the ONNX protobuf messages (field numbers from onnx/onnx.proto3). */
final class Defs {
    private Defs() {
    }

    static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8,
            BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12, UINT64 = 13, BFLOAT16 = 16;

    static final int A_FLOAT = 1, A_INT = 2, A_STRING = 3, A_TENSOR = 4, A_GRAPH = 5, A_FLOATS = 6, A_INTS = 7,
            A_STRINGS = 8, A_TENSORS = 9, A_GRAPHS = 10;

    record Model(long irVersion, List<Opset> opsets, Graph graph, String producer, String producerVersion) {
    }

    record Opset(String domain, long version) {
    }

    record Graph(String name, List<Node> nodes, List<TensorDef> initializers, List<ValueInfo> inputs,
                 List<ValueInfo> outputs, int sparseInitializers) {
    }

    record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                List<Attr> attributes) {
        Attr attr(String n) {
            for (Attr a : attributes) if (a.name().equals(n)) return a;
            return null;
        }
    }

    record Attr(String name, int type, float f, long i, byte[] s, TensorDef t, Graph g, float[] floats, long[] ints,
                List<byte[]> strings, List<TensorDef> tensors, List<Graph> graphs) {
    }

    /** A tensor with its data decoded into {@link NdArray} (floats for float types, longs for integers). */
    record TensorDef(String name, int dataType, NdArray value) {
    }

    /** Declared type of a graph input or output: dims are -1 where symbolic or unknown, null if no shape. */
    record ValueInfo(String name, int elemType, long[] dims) {
    }

    static String typeName(int t) {
        return switch (t) {
            case FLOAT -> "FLOAT";
            case UINT8 -> "UINT8";
            case INT8 -> "INT8";
            case UINT16 -> "UINT16";
            case INT16 -> "INT16";
            case INT32 -> "INT32";
            case INT64 -> "INT64";
            case STRING -> "STRING";
            case BOOL -> "BOOL";
            case FLOAT16 -> "FLOAT16";
            case DOUBLE -> "DOUBLE";
            case UINT32 -> "UINT32";
            case UINT64 -> "UINT64";
            case BFLOAT16 -> "BFLOAT16";
            default -> "type " + t;
        };
    }

    static boolean isFloatType(int t) {
        return t == FLOAT || t == DOUBLE || t == FLOAT16 || t == BFLOAT16;
    }
}
