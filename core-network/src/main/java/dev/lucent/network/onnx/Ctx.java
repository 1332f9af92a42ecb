package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.kernel.Shapes;

/** Per-node run context: the memory budget every computed tensor is checked against, and the node for errors. */
record Ctx(long maxBytes, String node, String op) {

    /** Refuses an output shape over the budget before a native op allocates it. */
    int[] check(int[] shape) {
        NdArray.checkedSize(shape, maxBytes, "output of " + op + " node '" + node + "'");
        return shape;
    }

    long[] longs(int[] shape) {
        return new long[NdArray.checkedSize(shape, maxBytes / 2, "output of " + op + " node '" + node + "'")];
    }

    /** The engine's numpy broadcast of two shapes, or null when they do not broadcast (the caller names the problem). */
    int[] broadcast(int[] a, int[] b) {
        try {
            return Shapes.broadcast(a, b);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An ONNX axis attribute (negative counts from the end) checked against the rank. */
    int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw error("axis " + axis + " is out of range for rank " + rank);
        return (int) a;
    }

    OnnxException error(String message) {
        return new OnnxException(op + " node '" + node + "': " + message);
    }
}
