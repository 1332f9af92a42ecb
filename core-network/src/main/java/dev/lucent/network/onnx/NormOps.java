package dev.lucent.network.onnx;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.internal.FusedOps;

import java.util.Arrays;

/** Softmax family, BatchNormalization (inference), LayerNormalization and InstanceNormalization, on native ops. */
final class NormOps {
    private NormOps() {
    }

    /**
     * Softmax or LogSoftmax over the axis (opset >= 13) or, in older opsets, over all axes from
     * {@code axis} on (the input coerced to 2-D): the native stable softmax (exp(x - max) / sum) on
     * the input seen as [outer, n, inner].
     */
    record Softmax(long axis, boolean coerce2d, boolean log) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            Tensor x = Values.tensor(in[0]);
            int[] s = x.shape();
            int a = ctx.axis(axis, Math.max(1, s.length));
            int outer = 1, n = 1, inner = 1;
            for (int i = 0; i < a; i++) outer *= s[i];
            if (coerce2d) {
                for (int i = a; i < s.length; i++) n *= s[i];
            } else {
                n = s.length == 0 ? 1 : s[a];
                for (int i = a + 1; i < s.length; i++) inner *= s[i];
            }
            Tensor v = x.reshape(outer, n, inner);
            return new Object[]{(log ? v.logSoftmax(1) : v.softmax(1)).reshape(s)};
        }
    }

    /** Inference batch norm over axis 1: the native batch norm in evaluation mode. */
    record BatchNorm(float eps) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] s = Values.shape(in[0]);
            if (s.length < 2) throw ctx.error("input of rank " + s.length + "; need [N, C, ...]");
            int c = s[1];
            checkParameters(in, c, ctx);
            Tensor[] p = new Tensor[5];
            for (int k = 0; k < 5; k++) p[k] = k == 0 ? Values.tensor(in[0]) : Values.tensor(in[k]).reshape(c);
            return new Object[]{p[0].batchNorm(p[1], p[2], p[3], p[4], false, 0f, eps)};
        }

        private static void checkParameters(Object[] in, int c, Ctx ctx) {
            for (int k = 1; k < 5; k++)
                if (Values.size(in[k]) != c) throw ctx.error("parameter " + k + " has " + Values.size(in[k]) + " values for " + c + " channels");
        }

        /** Its parameters (in[1..4]) for c channels folded into the per-channel scale and shift the evaluation applies. */
        float[][] scaleShift(Object[] in, int c, Ctx ctx) {
            checkParameters(in, c, ctx);
            return FusedOps.batchNormScaleShift(Values.tensor(in[1]).reshape(c), Values.tensor(in[2]).reshape(c),
                    Values.tensor(in[3]).reshape(c), Values.tensor(in[4]).reshape(c), eps);
        }
    }

    /** Layer norm over the axes from {@code axis} on: the native layer norm, scale and bias broadcast over those axes. */
    record LayerNorm(long axis, float eps) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] s = Values.shape(in[0]);
            int a = ctx.axis(axis, s.length);
            int[] norm = Arrays.copyOfRange(s, a, s.length);
            Tensor scale = fitted(in[1], norm, ctx), bias = in.length > 2 && in[2] != null ? fitted(in[2], norm, ctx) : null;
            return new Object[]{Values.tensor(in[0]).layerNorm(s.length - a, scale, bias, eps)};
        }

        private static Tensor fitted(Object p, int[] shape, Ctx ctx) {
            int[] bs = ctx.broadcast(shape, Values.shape(p));
            if (bs == null || !Arrays.equals(bs, shape))
                throw ctx.error("parameter of shape " + Arrays.toString(Values.shape(p)) + " does not broadcast to " + Arrays.toString(shape));
            return Values.tensor(p);
        }
    }

    /**
     * Instance norm, composed of native ops: each (sample, channel) plane centred and divided by
     * sqrt(its variance + eps) over the spatial axes, then scale[c] and bias[c].
     */
    record InstanceNorm(float eps) implements Kernel {
        @Override
        public Object[] run(Object[] in, Ctx ctx) {
            int[] s = Values.shape(in[0]);
            if (s.length < 3) throw ctx.error("input of rank " + s.length + "; need [N, C, spatial...]");
            int c = s[1];
            if (Values.size(in[1]) != c || Values.size(in[2]) != c) throw ctx.error("scale and bias need " + c + " values");
            int[] axes = new int[s.length - 2], channel = new int[s.length - 1];
            for (int i = 0; i < axes.length; i++) axes[i] = i + 2;
            Arrays.fill(channel, 1);
            channel[0] = c;
            Tensor x = Values.tensor(in[0]);
            Tensor centered = x.sub(x.mean(true, axes));
            Tensor y = centered.div(centered.square().mean(true, axes).add(eps).sqrt());
            return new Object[]{y.mul(Values.tensor(in[1]).reshape(channel)).add(Values.tensor(in[2]).reshape(channel))};
        }
    }
}
