package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

/**
 * The two kinds of value flowing through an imported graph at run time: a {@link Tensor} for float data
 * and an int64 {@link NdArray} for shapes, indices and booleans. Integers used as floats (a Cast, a
 * comparison feeding arithmetic) become constant tensors; floats used as integers become arrays.
 */
final class Values {
    private Values() {
    }

    static Tensor tensor(Object v) {
        if (v == null || v instanceof Tensor) return (Tensor) v;
        NdArray a = (NdArray) v;
        return Tensor.of(a.isFloat() ? a.f : a.asFloats(), a.shape.clone());
    }

    static NdArray array(Object v) {
        if (v == null || v instanceof NdArray) return (NdArray) v;
        Tensor t = (Tensor) v;
        return NdArray.floats(t.shape(), t.toArray());
    }

    static boolean isInt(Object v) {
        return v instanceof NdArray a && !a.isFloat();
    }

    static int[] shape(Object v) {
        return v instanceof Tensor t ? t.shape() : ((NdArray) v).shape;
    }

    static int size(Object v) {
        return v instanceof Tensor t ? t.size() : ((NdArray) v).size();
    }

    static NdArray[] arrays(Object[] in) {
        NdArray[] r = new NdArray[in.length];
        for (int i = 0; i < r.length; i++) r[i] = array(in[i]);
        return r;
    }

    /** Results of an int64 computation: float arrays among them become tensors. */
    static Object[] of(NdArray... r) {
        Object[] o = new Object[r.length];
        for (int i = 0; i < r.length; i++) o[i] = r[i] != null && r[i].isFloat() ? tensor(r[i]) : r[i];
        return o;
    }
}
