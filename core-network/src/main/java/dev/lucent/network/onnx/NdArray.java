package dev.lucent.network.onnx;

import dev.lucent.network.api.onnx.OnnxException;
import dev.lucent.network.api.Tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A value flowing through an imported graph: float32 data, or int64 data for shapes and indices
 * (exactly one of {@code f} and {@code l} is set). Row-major; treated as immutable once built.
 */
final class NdArray {
    final int[] shape;
    final float[] f;
    final long[] l;

    private NdArray(int[] shape, float[] f, long[] l) {
        this.shape = shape;
        this.f = f;
        this.l = l;
    }

    static NdArray floats(int[] shape, float[] data) {
        if (size(shape) != data.length)
            throw new IllegalStateException("shape " + Arrays.toString(shape) + " vs " + data.length);
        return new NdArray(shape, data, null);
    }

    static NdArray longs(int[] shape, long[] data) {
        if (size(shape) != data.length)
            throw new IllegalStateException("shape " + Arrays.toString(shape) + " vs " + data.length);
        return new NdArray(shape, null, data);
    }

    /** A shape without data, for shape computations that never read the values. */
    static NdArray shapeOnly(int[] shape) {
        return new NdArray(shape, null, null);
    }

    static NdArray scalar(float v) {
        return new NdArray(new int[0], new float[]{v}, null);
    }

    boolean isFloat() {
        return f != null;
    }

    int size() {
        return f != null ? f.length : l != null ? l.length : size(shape);
    }

    int rank() {
        return shape.length;
    }

    /** The same data seen with another shape (no copy: values are never written after creation). */
    NdArray reshaped(int[] newShape) {
        return f != null ? floats(newShape, f) : longs(newShape, l);
    }

    double get(int i) {
        return f != null ? f[i] : l[i];
    }

    long getLong(int i) {
        return f != null ? (long) f[i] : l[i];
    }

    /** The values of an integer tensor of rank 0 or 1 (shapes, axes, pads, repeats); anything else is refused. */
    long[] ints(Ctx ctx, String what) {
        if (f != null) throw ctx.error(what + " must be an integer tensor, got float" + Arrays.toString(shape));
        if (shape.length > 1) throw ctx.error(what + " must be 1-D, got shape " + Arrays.toString(shape));
        return l;
    }

    long[] asLongs() {
        if (l != null) return l;
        long[] r = new long[f.length];
        for (int i = 0; i < r.length; i++) r[i] = (long) f[i];
        return r;
    }

    float[] asFloats() {
        if (f != null) return f;
        float[] r = new float[l.length];
        for (int i = 0; i < r.length; i++) r[i] = l[i];
        return r;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /**
     * Element count of a shape, refusing negative dims, overflow, and tensors of more than
     * {@code maxBytes} at {@code bytesPer} bytes each, before anything is allocated.
     */
    static int checkedSize(long[] dims, int bytesPer, long maxBytes, String what) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new OnnxException(what + " has a negative dimension in shape " + Arrays.toString(dims));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new OnnxException(what + ": the element count of shape " + Arrays.toString(dims) + " overflows");
            }
        }
        if (n > Integer.MAX_VALUE - 8 || n * bytesPer > maxBytes || n * bytesPer < 0)
            throw new OnnxException(what + " of shape " + Arrays.toString(dims) + " needs " + n + " elements ("
                    + (n * (long) bytesPer) + " bytes), over the memory budget of " + maxBytes + " bytes");
        return (int) n;
    }

    static int checkedSize(int[] dims, long maxBytes, String what) {
        long[] d = new long[dims.length];
        for (int i = 0; i < d.length; i++) d[i] = dims[i];
        return checkedSize(d, 4, maxBytes, what);
    }

    static int[] toIntShape(long[] dims) {
        int[] s = new int[dims.length];
        for (int i = 0; i < s.length; i++) s[i] = (int) dims[i];
        return s;
    }

    /** Positions {@code from}, {@code from + 1}, ... over a shape, as a float tensor: exact below 2^24, more is refused. */
    static Tensor positions(int[] shape, int from) {
        int n = size(shape);
        if ((long) from + n > 1 << 24) throw new OnnxException("int64 values of more than 2^24 elements are not supported");
        float[] p = new float[n];
        for (int i = 0; i < n; i++) p[i] = from + i;
        return Tensor.of(p, shape.clone());
    }

    /**
     * int64 values moved the way float tensors are, so movement has one implementation: {@code op} runs the native
     * ops on the positions of {@code xs} (numbered on from one array to the next) and each output takes the values
     * at the positions it got, or {@code fill} where it got a negative one.
     */
    static Object[] moved(NdArray[] xs, long fill, Ctx ctx, Function<Tensor[], Tensor[]> op) {
        Tensor[] pos = new Tensor[xs.length];
        int total = 0;
        for (int k = 0; k < xs.length; k++) {
            pos[k] = positions(xs[k].shape, total);
            total += xs[k].size();
        }
        long[] pool = new long[total];
        for (int k = 0, off = 0; k < xs.length; off += xs[k].size(), k++) System.arraycopy(xs[k].asLongs(), 0, pool, off, xs[k].size());
        Tensor[] out;
        try (Tensor.Scope ng = Tensor.noGrad()) {
            out = op.apply(pos);
        }
        Object[] r = new Object[out.length];
        for (int k = 0; k < out.length; k++) {
            float[] p = out[k].toArray();
            long[] y = ctx.longs(out[k].shape());
            for (int i = 0; i < y.length; i++) y[i] = p[i] < 0 ? fill : pool[(int) p[i]];
            r[k] = longs(out[k].shape(), y);
        }
        return r;
    }

    /** For each element of {@code out}, the flat index of the element of {@code in} broadcast onto it: the native expand of positions. */
    static int[] broadcastMap(int[] out, int[] in) {
        float[] p = positions(in, 0).expand(out).toArray();
        int[] map = new int[p.length];
        for (int i = 0; i < map.length; i++) map[i] = (int) p[i];
        return map;
    }

    @Override
    public String toString() {
        return (f != null ? "float" : "int64") + Arrays.toString(shape);
    }
}
