package dev.lucent.network.onnx;

/** Element-wise kernels: unary activations and broadcasting binary arithmetic. */
final class Elementwise {
    private Elementwise() {
    }

    interface F {
        double apply(double x);
    }

    /** dy/dx from the input x and the output y. */
    interface D {
        double apply(double x, double y);
    }

    /** y = f(x) element-wise; dx = g * f'(x). */
    record Unary(F f, D d) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            float[] x = in[0].asFloats();
            float[] y = ctx.floats(in[0].shape);
            for (int i = 0; i < x.length; i++) y[i] = (float) f.apply(x[i]);
            return new NdArray[]{NdArray.floats(in[0].shape, y)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            float[] x = in[0].f, y = out[0].f, g = gOut[0].f;
            float[] dx = new float[x.length];
            for (int i = 0; i < x.length; i++) dx[i] = (float) (g[i] * d.apply(x[i], y[i]));
            NdArray[] r = new NdArray[in.length];
            r[0] = NdArray.floats(in[0].shape, dx);
            return r;
        }
    }

    enum Op { ADD, SUB, MUL, DIV, POW, MAX, MIN, PRELU }

    /** Broadcasting binary op; integer inputs keep integer arithmetic (shape computations). */
    record Binary(Op op) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            NdArray a = in[0], b = in[1];
            int[] shape = Shapes.broadcast(a.shape, b.shape);
            if (shape == null)
                throw ctx.error("shapes " + java.util.Arrays.toString(a.shape) + " and "
                        + java.util.Arrays.toString(b.shape) + " do not broadcast");
            int[] ma = Shapes.broadcastMap(shape, a.shape), mb = Shapes.broadcastMap(shape, b.shape);
            if (!a.isFloat() && !b.isFloat() && op != Op.POW && op != Op.PRELU) {
                long[] r = ctx.longs(shape);
                for (int i = 0; i < r.length; i++) {
                    long x = a.l[ma[i]], y = b.l[mb[i]];
                    r[i] = switch (op) {
                        case ADD -> x + y;
                        case SUB -> x - y;
                        case MUL -> x * y;
                        case DIV -> {
                            if (y == 0) throw ctx.error("integer division by zero");
                            yield x / y;
                        }
                        case MAX -> Math.max(x, y);
                        default -> Math.min(x, y);
                    };
                }
                return new NdArray[]{NdArray.longs(shape, r)};
            }
            float[] x = a.asFloats(), y = b.asFloats();
            float[] r = ctx.floats(shape);
            for (int i = 0; i < r.length; i++) {
                float p = x[ma[i]], q = y[mb[i]];
                r[i] = switch (op) {
                    case ADD -> p + q;
                    case SUB -> p - q;
                    case MUL -> p * q;
                    case DIV -> p / q;
                    case POW -> (float) Math.pow(p, q);
                    case MAX -> Math.max(p, q);
                    case MIN -> Math.min(p, q);
                    case PRELU -> p < 0 ? p * q : p;
                };
            }
            return new NdArray[]{NdArray.floats(shape, r)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            NdArray a = in[0], b = in[1];
            int[] shape = out[0].shape;
            int[] ma = Shapes.broadcastMap(shape, a.shape), mb = Shapes.broadcastMap(shape, b.shape);
            float[] x = a.asFloats(), y = b.asFloats(), o = out[0].f, g = gOut[0].f;
            float[] ga = need[0] ? new float[x.length] : null;
            float[] gb = need[1] ? new float[y.length] : null;
            for (int i = 0; i < g.length; i++) {
                double p = x[ma[i]], q = y[mb[i]], gi = g[i];
                double da, db;
                switch (op) {
                    case ADD -> { da = 1; db = 1; }
                    case SUB -> { da = 1; db = -1; }
                    case MUL -> { da = q; db = p; }
                    case DIV -> { da = 1 / q; db = -p / (q * q); }
                    case POW -> {
                        da = q == 0 ? 0 : q * Math.pow(p, q - 1);
                        db = p > 0 ? o[i] * Math.log(p) : 0;
                    }
                    case MAX -> { da = p >= q ? 1 : 0; db = p >= q ? 0 : 1; }
                    case MIN -> { da = p <= q ? 1 : 0; db = p <= q ? 0 : 1; }
                    default -> { da = p < 0 ? q : 1; db = p < 0 ? p : 0; } // PRELU
                }
                if (ga != null) ga[ma[i]] += (float) (gi * da);
                if (gb != null) gb[mb[i]] += (float) (gi * db);
            }
            return new NdArray[]{ga == null ? null : NdArray.floats(a.shape, ga),
                    gb == null ? null : NdArray.floats(b.shape, gb)};
        }
    }

    /** Clip with bounds from attributes (opset < 11) or optional inputs 1 and 2. */
    record Clip(float lo, float hi) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            float min = bound(in, 1, lo), max = bound(in, 2, hi);
            float[] x = in[0].asFloats();
            float[] y = ctx.floats(in[0].shape);
            for (int i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], min), max);
            return new NdArray[]{NdArray.floats(in[0].shape, y)};
        }

        private static float bound(NdArray[] in, int k, float dflt) {
            if (in.length <= k || in[k] == null) return dflt;
            if (in[k].size() != 1) throw new dev.lucent.network.api.onnx.OnnxException("Clip bound " + k + " must be a scalar, got shape "
                    + java.util.Arrays.toString(in[k].shape));
            return (float) in[k].get(0);
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            float min = bound(in, 1, lo), max = bound(in, 2, hi);
            float[] x = in[0].f, g = gOut[0].f;
            float[] dx = new float[x.length];
            for (int i = 0; i < x.length; i++) dx[i] = x[i] >= min && x[i] <= max ? g[i] : 0;
            NdArray[] r = new NdArray[in.length];
            r[0] = NdArray.floats(in[0].shape, dx);
            return r;
        }
    }

    /** erf by Abramowitz and Stegun 7.1.26 refined with one Newton-free series switch (|error| < 2e-7). */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 0.5) {
            // Maclaurin series converges fast near 0, where the rational fit is least accurate in relative terms.
            double x2 = x * x, term = x, sum = x;
            for (int n = 1; n < 12; n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        double t = 1 / (1 + 0.5 * ax);
        // Numerical Recipes erfc approximation (fractional error < 1.2e-7).
        double y = t * Math.exp(-ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        r = 1 - y;
        return x >= 0 ? r : -r;
    }
}
