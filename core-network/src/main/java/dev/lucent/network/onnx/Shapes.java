package dev.lucent.network.onnx;

import java.util.Arrays;

/** Shape arithmetic shared by the kernels: broadcasting, strides, axis normalization. */
final class Shapes {
    private Shapes() {
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Numpy-style (multidirectional) broadcast of two shapes; null if incompatible. */
    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) return null;
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** For each element of {@code out}, the flat index of the element of {@code in} broadcast onto it. */
    static int[] broadcastMap(int[] out, int[] in) {
        int n = NdArray.size(out);
        int[] map = new int[n];
        int r = out.length;
        int off = r - in.length;
        int[] inStr = strides(in);
        int[] eff = new int[r]; // stride in the input for each output axis (0 where broadcast)
        for (int i = 0; i < r; i++) eff[i] = i < off || in[i - off] == 1 ? 0 : inStr[i - off];
        int[] idx = new int[r];
        int cur = 0;
        for (int k = 0; k < n; k++) {
            map[k] = cur;
            for (int ax = r - 1; ax >= 0; ax--) {
                idx[ax]++;
                cur += eff[ax];
                if (idx[ax] < out[ax]) break;
                cur -= eff[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return map;
    }

    static boolean sameShape(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }

    static int axis(long axis, int rank, Ctx ctx) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw ctx.error("axis " + axis + " is out of range for rank " + rank);
        return (int) a;
    }

    /** Sums a gradient of the broadcast shape back onto an input shape. */
    static float[] reduceTo(float[] g, int[] gShape, int[] inShape) {
        if (Arrays.equals(gShape, inShape)) return g;
        int[] map = broadcastMap(gShape, inShape);
        float[] r = new float[NdArray.size(inShape)];
        for (int i = 0; i < g.length; i++) r[map[i]] += g[i];
        return r;
    }
}
