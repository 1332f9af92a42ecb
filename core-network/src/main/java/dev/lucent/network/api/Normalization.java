package dev.lucent.network.api;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Batch norm, layer norm and dropout, composed from the primitive ops (so their gradients come for free). */
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
        mean = runningMean.reshape(bshape);
        var = runningVar.reshape(bshape);
        return affine(x.sub(mean).div(var.add(eps).sqrt()), gamma, beta, bshape);
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
