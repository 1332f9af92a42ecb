package dev.lucent.network.onnx;

import dev.lucent.network.kernel.Shapes;
import dev.lucent.network.api.Tensor;

import java.util.Arrays;

/**
 * Resize (opset 10+) and Upsample (opset 7 to 9). Nearest mode is an index map (each output copies
 * one input element, the gradient scatters back); linear mode interpolates N-linearly. Cubic is refused.
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
        if (!mode.equals("nearest") && !mode.equals("linear")) throw at.unsupportedAttr("mode", "= " + mode);
        if (mode.equals("linear") && coord.equals("tf_half_pixel_for_nn")) throw at.unsupportedAttr("coordinate_transformation_mode", "= " + coord);
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
        Geometry geo = (in, ctx) -> {
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
            return new double[][][]{{toDouble(out)}, {scale}};
        };
        if (mode.equals("linear")) return new Linear(geo, coord);
        return new ShapeOps.IndexMap((in, ctx) -> {
            double[][][] gs = geo.of(in, ctx);
            int[] s = in[0].shape, out = toInt(gs[0][0]);
            double[] scale = gs[1][0];
            int r = s.length;
            int[][] src = new int[r][];
            for (int i = 0; i < r; i++) {
                src[i] = new int[out[i]];
                for (int o = 0; o < out[i]; o++) src[i][o] = source(o, s[i], out[i], scale[i], coord, nearest);
            }
            int[] st = Shapes.contiguousStrides(s);
            return new ShapeOps.Mapped(out, ShapeOps.build(out, ctx, idx -> {
                int k = 0;
                for (int i = 0; i < r; i++) k += src[i][idx[i]] * st[i];
                return k;
            }), 0);
        });
    }

    /** Output extents and scales of a resize for given inputs. */
    interface Geometry {
        double[][][] of(NdArray[] in, Ctx ctx);
    }

    static double[] toDouble(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    static int[] toInt(double[] a) {
        int[] d = new int[a.length];
        for (int i = 0; i < a.length; i++) d[i] = (int) a[i];
        return d;
    }

    /** The unrounded input coordinate an output index maps to. */
    static double coordinate(int o, int in, int out, double scale, String coord) {
        return switch (coord) {
            case "asymmetric" -> o / scale;
            case "align_corners" -> out == 1 ? 0 : o * (in - 1.0) / (out - 1.0);
            case "pytorch_half_pixel" -> out > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> (o + 0.5) / scale - 0.5; // half_pixel
        };
    }

    /**
     * N-linear interpolation, composed of native ops axis by axis (N-linear is separable): along each
     * axis the lower and upper neighbours of every output coordinate (clamped to the input) are gathered
     * and mixed with weights 1 - w and w; the gradient flows back through gather and mul.
     */
    record Linear(Geometry geo, String coord) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            double[][][] gs = geo.of(ShapeOps.stubs(in), ctx);
            Tensor y = Values.tensor(in[0]);
            int[] s = y.shape(), out = toInt(gs[0][0]);
            double[] scale = gs[1][0];
            for (int i = 0; i < s.length; i++) {
                if (s[i] == 0 || out[i] == s[i] && (scale[i] == 1 || coord.equals("align_corners"))) continue; // identity along this axis
                int[] lo = new int[out[i]], hi = new int[out[i]];
                float[] w = new float[out[i]], w1 = new float[out[i]];
                for (int o = 0; o < out[i]; o++) {
                    double x = Math.max(0, Math.min(s[i] - 1, coordinate(o, s[i], out[i], scale[i], coord)));
                    int f = (int) Math.floor(x);
                    lo[o] = f;
                    hi[o] = Math.min(f + 1, s[i] - 1);
                    w[o] = (float) (x - f);
                    w1[o] = (float) (1 - (x - f));
                }
                int[] wShape = new int[s.length];
                Arrays.fill(wShape, 1);
                wShape[i] = out[i];
                y = y.gather(i, lo, out[i]).mul(Tensor.of(w1, wShape)).add(y.gather(i, hi, out[i]).mul(Tensor.of(w, wShape)));
                s = y.shape();
            }
            return new Object[]{y};
        }
    }

    /** The input index an output index reads, by the coordinate transformation and rounding mode. */
    static int source(int o, int in, int out, double scale, String coord, String nearest) {
        double x = coordinate(o, in, out, scale, coord);
        double f = Math.floor(x);
        double i = switch (nearest) {
            case "floor" -> f;
            case "ceil" -> Math.ceil(x);
            case "round_prefer_ceil" -> x - f >= 0.5 ? f + 1 : f;
            default -> x - f > 0.5 ? f + 1 : f; // round_prefer_floor
        };
        return (int) Math.max(0, Math.min(in - 1, i));
    }
}
