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

    /**
     * Max pooling of one plane when no window reaches into the padding, L outputs at a time: the window's
     * values are gathered through the table transposed to [k][q] and compared in window order, a later
     * value winning only when strictly greater (ties and NaNs resolve as in the scalar loop). best[q]
     * receives the winning window offset k (as a float) for the caller to turn into an input index.
     */
    static int maxPlane(float[] x, int xb, int p, int kk, int[] tableT, float[] y, int yb, float[] bestK) {
        int q = 0;
        for (int up = S.loopBound(p); q < up; q += L) {
            FloatVector best = FloatVector.fromArray(S, x, xb, tableT, q);
            FloatVector bk = FloatVector.zero(S);
            for (int k = 1; k < kk; k++) {
                FloatVector v = FloatVector.fromArray(S, x, xb, tableT, k * p + q);
                VectorMask<Float> gt = v.compare(VectorOperators.GT, best);
                best = best.blend(v, gt);
                bk = bk.blend(FloatVector.broadcast(S, (float) k), gt);
            }
            best.intoArray(y, yb + q);
            bk.intoArray(bestK, q);
        }
        return q;
    }
}
