package dev.lucent.network.onnx;

import java.util.Arrays;

/** Softmax family, BatchNormalization (inference) and LayerNormalization. */
final class NormOps {
    private NormOps() {
    }

    /**
     * Softmax or LogSoftmax over the axis (opset >= 13) or, in older opsets, over all axes from
     * {@code axis} on (the input coerced to 2-D).
     */
    record Softmax(long axis, boolean coerce2d, boolean log) implements Kernel {
        private int[] split(int[] s, Ctx ctx) {
            int a = Shapes.axis(axis, Math.max(1, s.length), ctx);
            int outer = 1, n = 1, inner = 1;
            for (int i = 0; i < a; i++) outer *= s[i];
            if (coerce2d) {
                for (int i = a; i < s.length; i++) n *= s[i];
            } else {
                n = s.length == 0 ? 1 : s[a];
                for (int i = a + 1; i < s.length; i++) inner *= s[i];
            }
            return new int[]{outer, n, inner};
        }

        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] d = split(in[0].shape, ctx);
            float[] x = in[0].asFloats(), y = ctx.floats(in[0].shape);
            int n = d[1], inner = d[2];
            for (int o = 0; o < d[0]; o++)
                for (int j = 0; j < inner; j++) {
                    int base = o * n * inner + j;
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) mx = Math.max(mx, x[base + i * inner]);
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += Math.exp(x[base + i * inner] - mx);
                    double lse = mx + Math.log(sum);
                    for (int i = 0; i < n; i++) {
                        double v = x[base + i * inner] - lse;
                        y[base + i * inner] = (float) (log ? v : Math.exp(v));
                    }
                }
            return new NdArray[]{NdArray.floats(in[0].shape, y)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            int[] d = split(in[0].shape, ctx);
            float[] y = out[0].f, g = gOut[0].f, dx = new float[y.length];
            int n = d[1], inner = d[2];
            for (int o = 0; o < d[0]; o++)
                for (int j = 0; j < inner; j++) {
                    int base = o * n * inner + j;
                    double s = 0;
                    for (int i = 0; i < n; i++) s += log ? g[base + i * inner] : g[base + i * inner] * y[base + i * inner];
                    for (int i = 0; i < n; i++) {
                        int k = base + i * inner;
                        dx[k] = (float) (log ? g[k] - Math.exp(y[k]) * s : y[k] * (g[k] - s));
                    }
                }
            return new NdArray[]{NdArray.floats(in[0].shape, dx)};
        }
    }

    /** Inference batch norm over axis 1: y = (x - mean) / sqrt(var + eps) * scale + bias. */
    record BatchNorm(float eps) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] s = in[0].shape;
            if (s.length < 2) throw ctx.error("input of rank " + s.length + "; need [N, C, ...]");
            int c = s[1], inner = NdArray.size(s) / Math.max(1, s[0] * c);
            for (int k = 1; k < 5; k++)
                if (in[k].size() != c) throw ctx.error("parameter " + k + " has " + in[k].size() + " values for " + c + " channels");
            float[] x = in[0].asFloats(), sc = in[1].asFloats(), b = in[2].asFloats(), m = in[3].asFloats(), v = in[4].asFloats();
            float[] y = ctx.floats(s);
            for (int i = 0; i < x.length; i++) {
                int ch = (i / inner) % c;
                y[i] = (float) ((x[i] - m[ch]) / Math.sqrt(v[ch] + eps) * sc[ch] + b[ch]);
            }
            return new NdArray[]{NdArray.floats(s, y)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            for (int k = 1; k < 5; k++)
                if (need[k]) throw ctx.error("gradients with respect to batch-norm statistics computed from the input are not supported");
            int[] s = in[0].shape;
            int c = s[1], inner = NdArray.size(s) / Math.max(1, s[0] * c);
            float[] sc = in[1].asFloats(), v = in[4].asFloats(), g = gOut[0].f, dx = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                int ch = (i / inner) % c;
                dx[i] = (float) (g[i] * sc[ch] / Math.sqrt(v[ch] + eps));
            }
            NdArray[] r = new NdArray[in.length];
            r[0] = NdArray.floats(s, dx);
            return r;
        }
    }

    /** Layer norm over the axes from {@code axis} on, with scale and optional bias broadcast over them. */
    record LayerNorm(long axis, float eps) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] s = in[0].shape;
            int a = Shapes.axis(axis, s.length, ctx);
            int n = 1;
            for (int i = a; i < s.length; i++) n *= s[i];
            int rows = n == 0 ? 0 : NdArray.size(s) / n;
            float[] x = in[0].asFloats(), y = ctx.floats(s);
            float[] sc = broadcastTo(in[1], Arrays.copyOfRange(s, a, s.length), ctx);
            float[] b = in.length > 2 && in[2] != null ? broadcastTo(in[2], Arrays.copyOfRange(s, a, s.length), ctx) : null;
            for (int r = 0; r < rows; r++) {
                double mean = 0, var = 0;
                for (int i = 0; i < n; i++) mean += x[r * n + i];
                mean /= n;
                for (int i = 0; i < n; i++) var += (x[r * n + i] - mean) * (x[r * n + i] - mean);
                var /= n;
                double inv = 1 / Math.sqrt(var + eps);
                for (int i = 0; i < n; i++)
                    y[r * n + i] = (float) ((x[r * n + i] - mean) * inv * sc[i] + (b == null ? 0 : b[i]));
            }
            NdArray[] outs = new NdArray[1];
            outs[0] = NdArray.floats(s, y);
            return outs;
        }

        static float[] broadcastTo(NdArray p, int[] shape, Ctx ctx) {
            int[] bs = Shapes.broadcast(shape, p.shape);
            if (bs == null || !Arrays.equals(bs, shape))
                throw ctx.error("parameter of shape " + Arrays.toString(p.shape) + " does not broadcast to " + Arrays.toString(shape));
            int[] map = Shapes.broadcastMap(shape, p.shape);
            float[] v = p.asFloats(), r = new float[map.length];
            for (int i = 0; i < r.length; i++) r[i] = v[map[i]];
            return r;
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            for (int k = 1; k < in.length; k++)
                if (need[k]) throw ctx.error("gradients with respect to layer-norm parameters computed from the input are not supported");
            int[] s = in[0].shape;
            int a = Shapes.axis(axis, s.length, ctx);
            int n = 1;
            for (int i = a; i < s.length; i++) n *= s[i];
            int rows = n == 0 ? 0 : NdArray.size(s) / n;
            float[] x = in[0].asFloats(), g = gOut[0].f, dx = new float[x.length];
            float[] sc = broadcastTo(in[1], Arrays.copyOfRange(s, a, s.length), ctx);
            double[] xh = new double[n], dxh = new double[n];
            for (int r = 0; r < rows; r++) {
                double mean = 0, var = 0;
                for (int i = 0; i < n; i++) mean += x[r * n + i];
                mean /= n;
                for (int i = 0; i < n; i++) var += (x[r * n + i] - mean) * (x[r * n + i] - mean);
                var /= n;
                double inv = 1 / Math.sqrt(var + eps);
                double m1 = 0, m2 = 0;
                for (int i = 0; i < n; i++) {
                    xh[i] = (x[r * n + i] - mean) * inv;
                    dxh[i] = g[r * n + i] * sc[i];
                    m1 += dxh[i];
                    m2 += dxh[i] * xh[i];
                }
                m1 /= n;
                m2 /= n;
                for (int i = 0; i < n; i++) dx[r * n + i] = (float) (inv * (dxh[i] - m1 - xh[i] * m2));
            }
            NdArray[] res = new NdArray[in.length];
            res[0] = NdArray.floats(s, dx);
            return res;
        }
    }

    /** Instance norm: each (sample, channel) plane normalized over its spatial axes, then scale[c] and bias[c]. */
    record InstanceNorm(float eps) implements Kernel {
        @Override
        public NdArray[] forward(NdArray[] in, Ctx ctx) {
            int[] s = in[0].shape;
            if (s.length < 3) throw ctx.error("input of rank " + s.length + "; need [N, C, spatial...]");
            int c = s[1], n = NdArray.size(s) / Math.max(1, s[0] * c), planes = s[0] * c;
            if (in[1].size() != c || in[2].size() != c) throw ctx.error("scale and bias need " + c + " values");
            float[] x = in[0].asFloats(), sc = in[1].asFloats(), b = in[2].asFloats(), y = ctx.floats(s);
            for (int p = 0; p < planes; p++) {
                double mean = 0, var = 0;
                for (int i = 0; i < n; i++) mean += x[p * n + i];
                mean /= n;
                for (int i = 0; i < n; i++) var += (x[p * n + i] - mean) * (x[p * n + i] - mean);
                double inv = 1 / Math.sqrt(var / n + eps);
                for (int i = 0; i < n; i++) y[p * n + i] = (float) ((x[p * n + i] - mean) * inv * sc[p % c] + b[p % c]);
            }
            return new NdArray[]{NdArray.floats(s, y)};
        }

        @Override
        public NdArray[] backward(NdArray[] in, NdArray[] out, NdArray[] gOut, boolean[] need, Ctx ctx) {
            if (need[1] || need[2]) throw ctx.error("gradients with respect to instance-norm parameters computed from the input are not supported");
            int[] s = in[0].shape;
            int c = s[1], n = NdArray.size(s) / Math.max(1, s[0] * c), planes = s[0] * c;
            float[] x = in[0].asFloats(), sc = in[1].asFloats(), g = gOut[0].f, dx = new float[x.length];
            for (int p = 0; p < planes; p++) {
                double mean = 0, var = 0;
                for (int i = 0; i < n; i++) mean += x[p * n + i];
                mean /= n;
                for (int i = 0; i < n; i++) var += (x[p * n + i] - mean) * (x[p * n + i] - mean);
                double inv = 1 / Math.sqrt(var / n + eps);
                double m1 = 0, m2 = 0;
                for (int i = 0; i < n; i++) {
                    double xh = (x[p * n + i] - mean) * inv, d = g[p * n + i] * sc[p % c];
                    m1 += d;
                    m2 += d * xh;
                }
                m1 /= n;
                m2 /= n;
                for (int i = 0; i < n; i++) {
                    double xh = (x[p * n + i] - mean) * inv;
                    dx[p * n + i] = (float) (inv * (g[p * n + i] * sc[p % c] - m1 - xh * m2));
                }
            }
            NdArray[] r = new NdArray[in.length];
            r[0] = NdArray.floats(s, dx);
            return r;
        }
    }
}
