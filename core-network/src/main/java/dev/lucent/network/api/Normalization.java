package dev.lucent.network.api;

import dev.lucent.network.internal.StepArena;
import dev.lucent.network.kernel.Channels;
import dev.lucent.network.kernel.ConvEpilogue;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batch norm, layer norm and dropout, composed from the primitive ops (so their gradients come for free); batch
 * norm in evaluation applies its folded per-channel scale and shift with the one primitive here, channelAffine.
 */
final class Normalization {
    private Normalization() {
    }

    static Tensor batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training, float momentum, float eps) {
        if (x.rank() < 2) throw new IllegalArgumentException("batch norm needs [N, C, ...], got " + Arrays.toString(x.shape));
        int c = x.shape[1];
        int[] bshape = new int[x.rank()];
        Arrays.fill(bshape, 1);
        bshape[1] = c;
        int[] axes = new int[x.rank() - 1];
        axes[0] = 0;
        for (int i = 2; i < x.rank(); i++) axes[i - 1] = i;
        Tensor mean, var;
        if (training) {
            mean = x.mean(true, axes);
            Tensor centered = x.sub(mean);
            var = centered.square().mean(true, axes);
            if (runningMean != null && runningVar != null) {
                long count = x.size / Math.max(1, c);
                float[] m = mean.toArray(), v = var.toArray();
                float unbias = count > 1 ? (float) count / (count - 1) : 1f;
                for (int i = 0; i < c; i++) {
                    runningMean.data[runningMean.offset + i] = (1 - momentum) * runningMean.data[runningMean.offset + i] + momentum * m[i];
                    runningVar.data[runningVar.offset + i] = (1 - momentum) * runningVar.data[runningVar.offset + i] + momentum * v[i] * unbias;
                }
            }
            Tensor y = centered.div(var.add(eps).sqrt());
            return affine(y, gamma, beta, bshape);
        }
        if (runningMean == null || runningVar == null) throw new IllegalArgumentException("batch norm in evaluation needs running statistics");
        // the statistics folded into a per-channel scale and shift on the C-sized parameters (so their gradients are
        // those of the primitives), then one pass over x
        Tensor[] st = evalScaleShift(gamma, beta, runningMean, runningVar, eps, c);
        return channelAffine(x, st[0], st[1]);
    }

    /** The statistics of a batch norm in evaluation folded into a per-channel scale and shift (C values each). */
    static Tensor[] evalScaleShift(Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps, int c) {
        Tensor std = runningVar.reshape(c).add(eps).sqrt();
        Tensor scale = gamma != null ? gamma.reshape(c).div(std) : std.pow(-1f);
        Tensor offset = runningMean.reshape(c).mul(scale);
        Tensor shift = beta != null ? beta.reshape(c).sub(offset) : offset.neg();
        return new Tensor[]{scale, shift};
    }

    /** y[b, ch, ...] = x[b, ch, ...] * scale[ch] + shift[ch], a primitive with its derivative beside it. */
    static Tensor channelAffine(Tensor x, Tensor scale, Tensor shift) {
        long t0 = Tensor.tick();
        int n = x.shape[0], c = x.shape[1];
        if (scale.size != c || shift.size != c)
            throw new IllegalArgumentException("channel scale and shift need " + c + " values, got " + scale.size + " and " + shift.size);
        int inner = n * c == 0 ? 0 : x.size / (n * c);
        float[] xs = x.dense(), s = scale.dense(), t = shift.dense();
        float[] y = StepArena.allocForOverwrite(x.size); // written in full
        Channels.affine(xs, s, t, n, c, inner, y);
        return Tensor.result("channelAffine", 2L * x.size, t0, y, x.shape.clone(), g -> {
            if (x.requiresGrad) Channels.scaleInto(g, s, n, c, inner, x.gradBuffer());
            if (scale.requiresGrad) Channels.sumInto(g, xs, n, c, inner, scale.gradBuffer());
            if (shift.requiresGrad) Channels.sumInto(g, null, n, c, inner, shift.gradBuffer());
        }, x, scale, shift);
    }

    /**
     * A batch norm in evaluation (its constant scale and shift per channel) then ReLU or Clip, in one pass: the same
     * numbers as channelAffine then the clamp. The gradient reaches x only.
     */
    static Tensor affineClamp(Tensor x, float[][] scaleShift, ConvEpilogue.Clamp clamp, float lo, float hi) {
        long t0 = Tensor.tick();
        if (x.rank() < 2) throw new IllegalArgumentException("batch norm needs [N, C, ...], got " + Arrays.toString(x.shape));
        int n = x.shape[0], c = x.shape[1];
        float[] s = scaleShift[0], t = scaleShift[1];
        if (s.length != c || t.length != c)
            throw new IllegalArgumentException("channel scale and shift need " + c + " values, got " + s.length + " and " + t.length);
        int inner = n * c == 0 ? 0 : x.size / (n * c);
        float[] xs = x.dense();
        float[] y = StepArena.allocForOverwrite(x.size); // written in full
        float[] pre = clamp == ConvEpilogue.Clamp.CLIP && x.requiresGrad && Tensor.gradEnabled() ? StepArena.allocForOverwrite(x.size) : null;
        ConvEpilogue ep = new ConvEpilogue(s, t, null, clamp, lo, hi, pre);
        ep.apply(xs, y, n, c, inner);
        return Tensor.result("channelAffine+clamp", 3L * x.size, t0, y, x.shape.clone(), g -> {
            if (x.requiresGrad) Channels.scaleInto(ep.residualGradient(g, y), s, n, c, inner, x.gradBuffer());
        }, x);
    }

    private static Tensor affine(Tensor y, Tensor gamma, Tensor beta, int[] shape) {
        if (gamma != null) y = y.mul(gamma.reshape(shape));
        if (beta != null) y = y.add(beta.reshape(shape));
        return y;
    }

    static Tensor layerNorm(Tensor x, int count, Tensor gamma, Tensor beta, float eps) {
        if (count < 1 || count > x.rank()) throw new IllegalArgumentException("layer norm over " + count + " axes of shape " + Arrays.toString(x.shape));
        int[] axes = new int[count];
        for (int i = 0; i < count; i++) axes[i] = x.rank() - count + i;
        Tensor centered = x.sub(x.mean(true, axes));
        Tensor y = centered.div(centered.square().mean(true, axes).add(eps).sqrt());
        if (gamma != null) y = y.mul(gamma);
        if (beta != null) y = y.add(beta);
        return y;
    }

    static Tensor dropout(Tensor x, float p, long seed, boolean training) {
        if (p < 0f || p >= 1f) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        if (!training || p == 0f) return x;
        float[] mask = new float[x.size];
        SplittableRandom r = new SplittableRandom(seed);
        float keep = 1f / (1f - p);
        for (int i = 0; i < mask.length; i++) mask[i] = r.nextDouble() >= p ? keep : 0f;
        return x.mul(Tensor.leaf(mask, x.shape.clone()));
    }
}
