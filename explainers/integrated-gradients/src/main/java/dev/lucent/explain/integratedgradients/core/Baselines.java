package dev.lucent.explain.integratedgradients.core;

import dev.lucent.explain.support.Data;
import dev.lucent.explain.support.GaussianBlur;
import dev.lucent.network.api.Tensor;
import java.util.SplittableRandom;

/** The reference inputs integrated gradients integrates from (Sturmfels et al. 2020 compare them). */
public final class Baselines {
    private Baselines() {
    }

    /** The all-zero input, one row per input row. */
    public static Tensor zeros(Tensor inputs) {
        return Tensor.of(new float[inputs.size()], inputs.shape());
    }

    /** The per-feature mean of a data set, repeated for every input row. */
    public static Tensor mean(Tensor inputs, Tensor data) {
        int m = Data.sampleSize(data.shape());
        if (m != Data.sampleSize(inputs.shape())) throw new IllegalArgumentException("data and inputs differ in sample size");
        float[] mean = Data.featureMeans(data);
        int n = inputs.shape()[0];
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) System.arraycopy(mean, 0, out, i * m, m);
        return Tensor.of(out, inputs.shape());
    }

    /** Each input image blurred (the "blurred" baseline); needs {@code [n, c, h, w]} inputs. */
    public static Tensor blurred(Tensor inputs, GaussianBlur blur) {
        int[] s = inputs.shape();
        if (s.length != 4) throw new IllegalArgumentException("a blurred baseline needs image inputs [n, c, h, w], got rank " + s.length);
        return Tensor.of(blur.apply(inputs.toArray(), s[0], s[1], s[2], s[3]), s);
    }

    /**
     * Uniform noise between each feature's minimum and maximum over a data set: one draw per input row.
     * Integrated gradients averages over several such draws.
     */
    public static Tensor uniform(Tensor inputs, Tensor data, SplittableRandom random) {
        int m = Data.sampleSize(data.shape());
        int rows = data.shape()[0];
        float[] d = data.toArray();
        float[] lo = new float[m], hi = new float[m];
        java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < m; j++) {
                lo[j] = Math.min(lo[j], d[i * m + j]);
                hi[j] = Math.max(hi[j], d[i * m + j]);
            }
        int n = inputs.shape()[0];
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) out[i * m + j] = (float) (lo[j] + random.nextDouble() * (hi[j] - lo[j]));
        return Tensor.of(out, inputs.shape());
    }
}
