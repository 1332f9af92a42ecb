package dev.lucent.network.kernel;

import java.util.Arrays;

/** Shape arithmetic and strided copies: the only place that walks strides. */
public final class Shapes {
    private Shapes() {
    }

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        return (int) n;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Numpy broadcasting of two shapes. */
    public static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor of {@code shape}/{@code strides} as if expanded to {@code outShape} (0 on broadcast axes). */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] outShape) {
        int r = outShape.length;
        int lead = r - shape.length;
        if (lead < 0) throw new IllegalArgumentException("cannot broadcast " + Arrays.toString(shape) + " to " + Arrays.toString(outShape));
        int[] s = new int[r];
        for (int i = 0; i < shape.length; i++) {
            int d = shape[i];
            if (d == outShape[lead + i]) s[lead + i] = d == 1 ? 0 : strides[i];
            else if (d == 1) s[lead + i] = 0;
            else throw new IllegalArgumentException("cannot broadcast " + Arrays.toString(shape) + " to " + Arrays.toString(outShape));
        }
        return s;
    }

    /** True when a view's strides are the row-major ones of its shape (axes of size 1 may have any stride). */
    static boolean contiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int ax = shape.length - 1; ax >= 0; ax--) {
            if (shape[ax] != 1 && strides[ax] != expected) return false;
            expected *= shape[ax];
        }
        return true;
    }

    /** dst[dstOff + i] = src[strided position of logical index i] for a view {@code shape/strides} at {@code off}. */
    public static void copyStrided(float[] src, int off, int[] shape, int[] strides, float[] dst, int dstOff) {
        int n = size(shape);
        if (n == 0) return;
        int rank = shape.length;
        if (rank == 0) {
            dst[dstOff] = src[off];
            return;
        }
        if (contiguous(shape, strides)) {
            System.arraycopy(src, off, dst, dstOff, n);
            return;
        }
        int last = shape[rank - 1];
        int ls = strides[rank - 1];
        int[] idx = new int[rank];
        int outer = n / last;
        int base = off;
        int d = dstOff;
        for (int o = 0; o < outer; o++) {
            int s = base;
            if (ls == 1) {
                System.arraycopy(src, s, dst, d, last);
                d += last;
            } else {
                for (int j = 0; j < last; j++, s += ls) dst[d++] = src[s];
            }
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax]++;
                base += strides[ax];
                if (idx[ax] < shape[ax]) break;
                base -= strides[ax] * shape[ax];
                idx[ax] = 0;
            }
        }
    }

    /**
     * dst[strided position of logical index i] += src[i]. With zero strides this sums broadcast axes,
     * which is how gradients are reduced back to an operand's shape; the order is fixed (row-major).
     */
    public static void addStrided(float[] src, int[] shape, float[] dst, int dstOff, int[] strides) {
        int n = size(shape);
        if (n == 0) return;
        int rank = shape.length;
        if (rank == 0) {
            dst[dstOff] += src[0];
            return;
        }
        int last = shape[rank - 1];
        int ls = strides[rank - 1];
        int[] idx = new int[rank];
        int outer = n / last;
        int base = dstOff;
        int si = 0;
        for (int o = 0; o < outer; o++) {
            int d = base;
            for (int j = 0; j < last; j++, d += ls) dst[d] += src[si++];
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax]++;
                base += strides[ax];
                if (idx[ax] < shape[ax]) break;
                base -= strides[ax] * shape[ax];
                idx[ax] = 0;
            }
        }
    }

    /** Row-major transpose of an [rows, cols] block into dst [cols, rows], in cache-sized tiles. */
    public static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        final int t = 32;
        for (int i0 = 0; i0 < rows; i0 += t) {
            int i1 = Math.min(rows, i0 + t);
            for (int j0 = 0; j0 < cols; j0 += t) {
                int j1 = Math.min(cols, j0 + t);
                for (int i = i0; i < i1; i++) {
                    int s = srcOff + i * cols;
                    for (int j = j0; j < j1; j++) dst[dstOff + j * rows + i] = src[s + j];
                }
            }
        }
    }

    public static int normalizeAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        return a;
    }
}
