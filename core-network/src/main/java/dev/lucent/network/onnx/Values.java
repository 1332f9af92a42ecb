package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;

/**
 * The kinds of value flowing through an imported graph: a {@link Tensor} for float data, an int64
 * {@link NdArray} for folded shapes, indices and booleans, and {@link Ints} for integers computed from
 * float data at run time. Integers used as floats (a Cast, a comparison feeding arithmetic) become
 * tensors; floats used as integers (folding, a data-dependent shape) become arrays.
 */
final class Values {
    private Values() {
    }

    /**
     * An int64 value computed at run time from float data (ArgMax, a comparison, a Cast to integers and
     * what is computed from those): a detached native tensor holding integers, exact while every magnitude
     * stays within 2^24 ({@link #ints} refuses more). The wrapper only remembers the ONNX type.
     */
    record Ints(Tensor t) {
    }

    static final float EXACT = 1 << 24;

    /** Wraps an integer-valued tensor, refusing magnitudes a float cannot hold exactly. */
    static Ints ints(Tensor t, Ctx ctx) {
        Tensor d = t.detach();
        for (float v : d.toArray())
            if (Math.abs(v) > EXACT)
                throw ctx.error("the integer " + (long) v + " computed at run time exceeds 2^24, beyond what a float holds exactly");
        return new Ints(d);
    }

    /** A value as a run-time tensor; a folded int64 value is refused past 2^24, where a float would round it. */
    static Tensor exact(Object v, Ctx ctx) {
        if (isInt(v))
            for (long x : ((NdArray) v).l)
                if (Math.abs(x) > EXACT)
                    throw ctx.error("the int64 value " + x + " meets an integer computed at run time, beyond 2^24 where a float is exact");
        return tensor(v);
    }

    /** True for int64 values of either kind: folded arrays and run-time {@link Ints}. */
    static boolean isInteger(Object v) {
        return v instanceof Ints || isInt(v);
    }

    static Tensor tensor(Object v) {
        if (v == null || v instanceof Tensor) return (Tensor) v;
        if (v instanceof Ints i) return i.t;
        NdArray a = (NdArray) v;
        return Tensor.of(a.isFloat() ? a.f : a.asFloats(), a.shape.clone());
    }

    static NdArray array(Object v) {
        if (v == null || v instanceof NdArray) return (NdArray) v;
        if (v instanceof Ints i) {
            float[] f = i.t.toArray();
            long[] l = new long[f.length];
            for (int k = 0; k < l.length; k++) l[k] = (long) f[k];
            return NdArray.longs(i.t.shape(), l);
        }
        Tensor t = (Tensor) v;
        return NdArray.floats(t.shape(), t.toArray());
    }

    static boolean isInt(Object v) {
        return v instanceof NdArray a && !a.isFloat();
    }

    static int[] shape(Object v) {
        return v instanceof Tensor || v instanceof Ints ? tensor(v).shape() : ((NdArray) v).shape;
    }

    static int size(Object v) {
        return v instanceof Tensor || v instanceof Ints ? tensor(v).size() : ((NdArray) v).size();
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
