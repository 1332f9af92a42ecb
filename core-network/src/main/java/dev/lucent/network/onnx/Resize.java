package dev.lucent.network.onnx;

import java.util.Arrays;

/**
 * Resize (opset 10+) and Upsample (opset 7 to 9) in nearest mode, as an index map: each output
 * element copies one input element, so the gradient scatters back. Linear and cubic modes are refused.
 */
final class Resize {
    private Resize() {
    }

    static Kernel create(NodeAttrs at) {
        String op = at.node.opType();
        int v = at.opset;
        String mode, coord, nearest;
        float[] scalesAttr = null;
        if (op.equals("Upsample")) {
            at.only("mode", "scales");
            mode = at.s("mode", "nearest");
            coord = "asymmetric";
            nearest = "floor";
            if (v < 9) scalesAttr = at.floats("scales", null);
        } else {
            at.only("mode", "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a", "exclude_outside", "extrapolation_value",
                    "antialias", "axes", "keep_aspect_ratio_policy");
            mode = at.s("mode", "nearest");
            coord = at.s("coordinate_transformation_mode", v < 11 ? "asymmetric" : "half_pixel");
            nearest = at.s("nearest_mode", v < 11 ? "floor" : "round_prefer_floor");
            if (at.i("antialias", 0) != 0) throw at.unsupportedAttr("antialias", "= 1");
            if (at.has("axes")) throw at.unsupportedAttr("axes", "");
            if (!at.s("keep_aspect_ratio_policy", "stretch").equals("stretch"))
                throw at.unsupportedAttr("keep_aspect_ratio_policy", "= " + at.s("keep_aspect_ratio_policy", ""));
            if (at.i("exclude_outside", 0) != 0) throw at.unsupportedAttr("exclude_outside", "= 1");
        }
        if (!mode.equals("nearest")) throw at.unsupportedAttr("mode", "= " + mode);
        switch (coord) {
            case "half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel", "tf_half_pixel_for_nn" -> {
            }
            default -> throw at.unsupportedAttr("coordinate_transformation_mode", "= " + coord);
        }
        switch (nearest) {
            case "round_prefer_floor", "round_prefer_ceil", "floor", "ceil" -> {
            }
            default -> throw at.unsupportedAttr("nearest_mode", "= " + nearest);
        }
        float[] fixedScales = scalesAttr;
        boolean upsample = op.equals("Upsample");
        return new ShapeOps.IndexMap((in, ctx) -> {
            int[] s = in[0].shape;
            int r = s.length;
            double[] scale = new double[r];
            int[] out = new int[r];
            NdArray sizes = !upsample && v >= 11 && in.length > 3 ? in[3] : null;
            NdArray scales = fixedScales != null ? NdArray.floats(new int[]{fixedScales.length}, fixedScales)
                    : upsample ? in[1] : v >= 11 ? (in.length > 2 ? in[2] : null) : in[1];
            if (sizes != null && sizes.size() > 0) {
                long[] sz = sizes.ints(ctx, "sizes");
                if (sz.length != r) throw ctx.error("sizes has " + sz.length + " values for rank " + r);
                for (int i = 0; i < r; i++) {
                    if (sz[i] < 0 || sz[i] > Integer.MAX_VALUE) throw ctx.error("invalid size " + sz[i]);
                    out[i] = (int) sz[i];
                    scale[i] = s[i] == 0 ? 1 : (double) out[i] / s[i];
                }
            } else {
                if (scales == null || scales.size() != r)
                    throw ctx.error("scales must hold " + r + " values");
                for (int i = 0; i < r; i++) {
                    double sc = scales.get(i);
                    if (!(sc > 0) || sc * s[i] > Integer.MAX_VALUE) throw ctx.error("invalid scale " + sc);
                    scale[i] = sc;
                    out[i] = (int) Math.floor(s[i] * sc);
                }
            }
            long[] dims = new long[r];
            for (int i = 0; i < r; i++) {
                dims[i] = out[i];
                if (s[i] == 0 && out[i] > 0) throw ctx.error("cannot resize an empty axis " + i + " to " + out[i]);
            }
            NdArray.checkedSize(dims, 4, ctx.maxBytes(), "output of " + op + " node '" + ctx.node() + "'");
            int[][] src = new int[r][];
            for (int i = 0; i < r; i++) {
                src[i] = new int[out[i]];
                for (int o = 0; o < out[i]; o++) src[i][o] = source(o, s[i], out[i], scale[i], coord, nearest);
            }
            int[] st = Shapes.strides(s);
            return new ShapeOps.Mapped(out, ShapeOps.build(out, ctx, idx -> {
                int k = 0;
                for (int i = 0; i < r; i++) k += src[i][idx[i]] * st[i];
                return k;
            }), 0);
        });
    }

    /** The input index an output index reads, by the coordinate transformation and rounding mode. */
    static int source(int o, int in, int out, double scale, String coord, String nearest) {
        double x = switch (coord) {
            case "asymmetric" -> o / scale;
            case "align_corners" -> out == 1 ? 0 : o * (in - 1.0) / (out - 1.0);
            case "pytorch_half_pixel" -> out > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> (o + 0.5) / scale - 0.5; // half_pixel
        };
        double f = Math.floor(x);
        double i = switch (nearest) {
            case "floor" -> f;
            case "ceil" -> Math.ceil(x);
            case "round_prefer_ceil" -> x - f >= 0.5 ? f + 1 : f;
            default -> x - f > 0.5 ? f + 1 : f; // round_prefer_floor
        };
        return (int) Math.max(0, Math.min(in - 1, i));
    }

    static String describe(int[] s) {
        return Arrays.toString(s);
    }
}
