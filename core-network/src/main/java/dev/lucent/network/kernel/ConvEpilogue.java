package dev.lucent.network.kernel;

/**
 * What a fused convolution applies to each output plane right after its product, while the plane is still in cache:
 * a per-channel scale and shift (a batch norm in evaluation), a residual added, then a clamp (ReLU is [0, inf),
 * ReLU6 [0, 6]). Each step is the same float expression the separate ops compute ({@code z * s + t}, {@code z + r},
 * {@code min(max(z, lo), hi)}), so fused and unfused outputs are the same numbers.
 */
public final class ConvEpilogue {
    /** The last step: none, ReLU (its gradient passes where the output is positive) or Clip (where lo <= z <= hi). */
    public enum Clamp { NONE, RELU, CLIP }

    final float[] scale, shift, residual, pre;
    final float lo, hi;
    final Clamp clamp;

    /**
     * @param scale    per output channel, or null (then shift is null too)
     * @param residual the same layout as the output, or null
     * @param clamp    the clamp to [lo, hi] last (ReLU: lo 0, hi infinity)
     * @param pre      when not null, receives the values before a Clip (its gradient needs them; ReLU's reads its output)
     */
    public ConvEpilogue(float[] scale, float[] shift, float[] residual, Clamp clamp, float lo, float hi, float[] pre) {
        this.scale = scale;
        this.shift = shift;
        this.residual = residual;
        this.clamp = clamp;
        this.lo = lo;
        this.hi = hi;
        this.pre = pre;
    }

    /** Applies the epilogue to y[off, off + len), all of output channel ch, in place. */
    void plane(float[] y, int off, int len, int ch) {
        plane(y, y, off, len, ch);
    }

    /** y[off, off + len) = the epilogue applied to src[off, off + len), all of channel ch (src may be y). */
    private void plane(float[] src, float[] y, int off, int len, int ch) {
        int end = off + len;
        float[] in = src;
        if (scale != null) {
            float s = scale[ch], t = shift[ch];
            for (int i = off; i < end; i++) y[i] = in[i] * s + t; // as Channels.affine
            in = y;
        }
        if (residual != null) {
            for (int i = off; i < end; i++) y[i] = in[i] + residual[i];
            in = y;
        }
        if (clamp == Clamp.NONE) {
            if (in != y) System.arraycopy(in, off, y, off, len);
            return;
        }
        if (pre != null) System.arraycopy(in, off, pre, off, len);
        float l = lo, h = hi;
        if (clamp == Clamp.RELU) for (int i = off; i < end; i++) y[i] = Math.max(in[i], l); // as Unary.RELU
        else for (int i = off; i < end; i++) y[i] = Math.min(Math.max(in[i], l), h); // as Unary.CLAMP
    }

    /** y = the epilogue applied to x [n, c, inner] (a batch norm then ReLU, with no convolution before); planes split across threads. */
    public void apply(float[] x, float[] y, int n, int c, int inner) {
        Parallel.forRange(n * c, 1, (long) n * c * inner, 1L << 18, (p0, p1) -> {
            for (int pl = p0; pl < p1; pl++) plane(x, y, pl * inner, inner, pl % c);
        });
    }

    /**
     * The gradient before the clamp, from g at the epilogue's output: g where the clamp passed, as ReLU's and Clip's own
     * derivatives decide (ReLU: y > 0; Clip: lo <= z <= hi, z kept in {@code pre}), through the same kernels as the
     * unfused ops (blends, not the data-dependent branch that mispredicts on half the values). The residual gets this
     * one. A new array unless there is no clamp (then g itself, which callers must not write).
     */
    public float[] residualGradient(float[] g, float[] y) {
        if (clamp == Clamp.NONE) return g;
        float[] g1 = new float[g.length];
        if (clamp == Clamp.RELU) Unary.RELU.backward(y, y, g, g1, g.length, 0f, 0f);
        else Unary.CLAMP.backward(pre, y, g, g1, g.length, lo, hi);
        return g1;
    }

    /**
     * The gradient at the convolution's own output: the residual's gradient times the channel scale, written over g1
     * when {@code own} (g1 is the caller's to overwrite: {@link #residualGradient} made it and the residual has read it).
     */
    public float[] convGradient(float[] g1, int n, int c, int inner, boolean own) {
        if (scale == null) return g1;
        float[] g2 = own ? g1 : new float[g1.length];
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++) {
                float s = scale[ch];
                int off = (b * c + ch) * inner;
                for (int i = off; i < off + inner; i++) g2[i] = g1[i] * s;
            }
        return g2;
    }
}
