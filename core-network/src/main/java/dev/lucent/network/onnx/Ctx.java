package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;

/** Per-node run context: the memory budget every computed tensor is checked against, and the node for errors. */
record Ctx(long maxBytes, String node, String op) {

    float[] floats(int[] shape) {
        return new float[NdArray.checkedSize(shape, maxBytes, "output of " + op + " node '" + node + "'")];
    }

    long[] longs(int[] shape) {
        return new long[NdArray.checkedSize(shape, maxBytes / 2, "output of " + op + " node '" + node + "'")];
    }

    OnnxException error(String message) {
        return new OnnxException(op + " node '" + node + "': " + message);
    }
}
