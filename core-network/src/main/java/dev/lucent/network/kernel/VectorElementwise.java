package dev.lucent.network.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API forms of element-wise and pooling kernels whose scalar loops C2 leaves scalar: each
 * computes exactly the scalar form's values (a select is a blend, not a multiply by 0 or 1). Only loaded
 * when jdk.incubator.vector is present (callers check {@link MatMul#VECTORIZED}).
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorElementwise() {
    }

    /** dx[i] += x[i] > 0 ? g[i] : 0, as the scalar loop (whose data-dependent branch mispredicts half the time). */
    static void reluBackward(float[] x, float[] g, float[] dx, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
            FloatVector d = FloatVector.fromArray(S, dx, i);
            d.add(zero.blend(FloatVector.fromArray(S, g, i), pos)).intoArray(dx, i);
        }
        for (; i < n; i++) dx[i] += x[i] > 0f ? g[i] : 0f;
    }

    /** y[yo + t] = max(y[yo + t], x[xo + t]) for t < n, with Math.max's NaN and signed-zero rules (lanewise MAX is defined as it). */
    static void maxInto(float[] y, int yo, float[] x, int xo, int n) {
        int t = 0;
        for (int up = S.loopBound(n); t < up; t += L)
            FloatVector.fromArray(S, y, yo + t).max(FloatVector.fromArray(S, x, xo + t)).intoArray(y, yo + t);
        for (; t < n; t++) y[yo + t] = Math.max(y[yo + t], x[xo + t]);
    }

    /** dx[i] += lo <= x[i] <= hi ? g[i] : 0, as the scalar loop of Clip's derivative (a blend instead of its branch). */
    static void clampBackward(float[] x, float lo, float hi, float[] g, float[] dx, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMask<Float> in = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi));
            FloatVector d = FloatVector.fromArray(S, dx, i);
            d.add(zero.blend(FloatVector.fromArray(S, g, i), in)).intoArray(dx, i);
        }
        for (; i < n; i++) if (x[i] >= lo && x[i] <= hi) dx[i] += g[i];
    }

    /**
     * Max pooling of one plane when no window reaches into the padding, so window k of output q reads input
     * start(q) + off[k]. Along a row of ow outputs (starts sw apart) every input column is taken as a window
     * start, L at a time, with contiguous loads (a strided gather is slower); the values are compared in
     * window order, a later one winning only when strictly greater (ties and NaNs resolve as in the scalar
     * loop). The whole plane's results go to wideV/wideK (chunks per row of L lanes each) first, then the
     * starts that are outputs are picked: reading a lane right after its vector store stalls.
     * Returns false, doing nothing, when the last vector would read past the array.
     */
    static boolean maxPlane(float[] x, int xb, int p, int kk, int ow, int[] table, int[] off, float[] y, int[] arg, int yb,
                            float[] wideV, float[] wideK) {
        int sw = ow > 1 ? table[kk] - table[0] : 1;
        int span = (ow - 1) * sw + 1, chunks = (span + L - 1) / L, rows = p / ow;
        if (xb + table[(p - 1) * kk] - (ow - 1) * sw + (chunks * L - 1) + off[kk - 1] >= x.length) return false;
        for (int r = 0; r < rows; r++) {
            int base = xb + table[r * ow * kk];
            for (int ch = 0; ch < chunks; ch++) {
                int at = base + ch * L;
                FloatVector best = FloatVector.fromArray(S, x, at);
                FloatVector bk = FloatVector.zero(S);
                if (kk == 4) {
                    // 2 x 2 windows, the common case: unrolled (a loop of four keeps less in registers)
                    FloatVector v = FloatVector.fromArray(S, x, at + off[1]);
                    VectorMask<Float> gt = v.compare(VectorOperators.GT, best);
                    best = best.blend(v, gt);
                    bk = bk.blend(1f, gt);
                    v = FloatVector.fromArray(S, x, at + off[2]);
                    gt = v.compare(VectorOperators.GT, best);
                    best = best.blend(v, gt);
                    bk = bk.blend(2f, gt);
                    v = FloatVector.fromArray(S, x, at + off[3]);
                    gt = v.compare(VectorOperators.GT, best);
                    best = best.blend(v, gt);
                    bk = bk.blend(3f, gt);
                } else {
                    for (int k = 1; k < kk; k++) {
                        FloatVector v = FloatVector.fromArray(S, x, at + off[k]);
                        VectorMask<Float> gt = v.compare(VectorOperators.GT, best);
                        best = best.blend(v, gt);
                        bk = bk.blend((float) k, gt);
                    }
                }
                int w = (r * chunks + ch) * L;
                best.intoArray(wideV, w);
                bk.intoArray(wideK, w);
            }
        }
        for (int r = 0; r < rows; r++) {
            int base = xb + table[r * ow * kk], w = r * chunks * L, q = yb + r * ow;
            for (int c = 0; c < ow; c++) {
                y[q + c] = wideV[w + c * sw];
                arg[q + c] = base + c * sw + off[(int) wideK[w + c * sw]];
            }
        }
        return true;
    }

    /** The wide buffer size {@link #maxPlane} needs. */
    static int wideSize(int p, int ow, int sw) {
        return p / ow * (((ow - 1) * sw + L) / L) * L;
    }

    /** PREFIX[r]: the first r lanes. */
    private static final VectorMask<Float>[] PREFIX = prefixMasks();

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] prefixMasks() {
        VectorMask<Float>[] m = new VectorMask[L + 1];
        for (int r = 0; r <= L; r++) m[r] = S.indexInRange(0, r);
        return m;
    }

    /**
     * dst[d .. d + len) += src[so ..], the same sums as the scalar loop; the last partial vector adds under a
     * mask (lanes outside the run are written back unchanged), so both arrays need room for whole vectors.
     */
    static void addRun(float[] src, int so, float[] dst, int d, int len) {
        int i = 0;
        for (; i + L <= len; i += L)
            FloatVector.fromArray(S, dst, d + i).add(FloatVector.fromArray(S, src, so + i)).intoArray(dst, d + i);
        if (i < len)
            FloatVector.fromArray(S, dst, d + i).add(FloatVector.fromArray(S, src, so + i), PREFIX[len - i]).intoArray(dst, d + i);
    }

    /** Values past the end of a run that {@link #addRun} reads and writes back. */
    static int overhang(int len) {
        return (len + L - 1) / L * L - len;
    }
}
