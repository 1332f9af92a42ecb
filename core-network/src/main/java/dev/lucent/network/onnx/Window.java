package dev.lucent.network.onnx;

import java.util.Arrays;

/**
 * ONNX's window attributes for Conv, ConvTranspose and the pools, read into the native ops' terms:
 * kernel, strides and dilations per spatial axis, auto_pad resolved into begin/end pads, and the output
 * extent (checked against the budget and named in refusals before the native op runs).
 */
final class Window {
    private Window() {
    }

    /** Output extent per axis; with {@code ceil} a last window may start in the end padding but not past it. */
    static int[] outShape(int[] in, int[] k, int[] s, int[] d, int[] pb, int[] pe, boolean ceil) {
        int[] o = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            long span = (long) (k[i] - 1) * d[i] + 1;
            long room = (long) in[i] + pb[i] + pe[i] - span;
            if (room < 0) return null;
            long n = ceil ? (room + s[i] - 1) / s[i] + 1 : room / s[i] + 1;
            if (ceil && (n - 1) * s[i] >= (long) in[i] + pb[i]) n--;
            o[i] = (int) n;
        }
        return o;
    }

    /** Resolves auto_pad (NOTSET, VALID, SAME_UPPER, SAME_LOWER) into begin/end pads. */
    static int[][] pads(String autoPad, long[] pads, int[] in, int[] k, int[] s, int[] d, NodeAttrs at) {
        int r = in.length;
        int[] pb = new int[r], pe = new int[r];
        switch (autoPad) {
            case "NOTSET" -> {
                if (pads != null) {
                    if (pads.length != 2 * r) throw at.invalid("pads has " + pads.length + " values for " + r + " spatial axes");
                    for (int i = 0; i < r; i++) {
                        if (pads[i] < 0 || pads[i + r] < 0) throw at.invalid("negative pads " + Arrays.toString(pads));
                        pb[i] = (int) pads[i];
                        pe[i] = (int) pads[i + r];
                    }
                }
            }
            case "VALID" -> {
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < r; i++) {
                    int out = (in[i] + s[i] - 1) / s[i];
                    int total = Math.max(0, (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in[i]);
                    int small = total / 2;
                    pb[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    pe[i] = total - pb[i];
                }
            }
            default -> throw at.unsupportedAttr("auto_pad", "= " + autoPad);
        }
        return new int[][]{pb, pe};
    }

    static int[] ints(long[] v, int r, int dflt, String name, NodeAttrs at) {
        int[] o = new int[r];
        if (v == null) {
            Arrays.fill(o, dflt);
            return o;
        }
        if (v.length != r) throw at.invalid(name + " has " + v.length + " values for " + r + " spatial axes");
        for (int i = 0; i < r; i++) {
            if (v[i] < 1 || v[i] > 1 << 20) throw at.invalid(name + " must be positive, got " + Arrays.toString(v));
            o[i] = (int) v[i];
        }
        return o;
    }
}
