package dev.lucent.explain.datachecks;

import java.util.Arrays;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Features that carry (almost) no information: constant (one value in every row) or near-constant (the most
 * common value fills at least {@code dominantShare} of the rows, like caret's nearZeroVar frequency rule).
 *
 * @param dominantShare per feature, the share of rows holding its most common value
 */
record ConstantFeatures(int[] constant, int[] nearConstant, double[] dominantShare) {

    static ConstantFeatures of(Rows r, double nearShare) {
        try {
            return of(r, nearShare, null);
        } catch (dev.lucent.explain.api.AuditCancelledException e) {
            throw new IllegalStateException("no checkpoint, no cancellation", e);
        }
    }

    /** With a checkpoint called before each feature (a column sort each: wide, long data takes seconds). */
    static ConstantFeatures of(Rows r, double nearShare, NearestNeighbours.Checkpoint checkpoint)
            throws dev.lucent.explain.api.AuditCancelledException {
        int d = r.width();
        double[] share = new double[d];
        MutableIntList constant = new IntArrayList();
        MutableIntList near = new IntArrayList();
        float[] column = new float[r.rows()];
        for (int j = 0; j < d; j++) {
            if (checkpoint != null) checkpoint.check(j, d);
            for (int i = 0; i < r.rows(); i++) column[i] = r.get(i, j);
            Arrays.sort(column); // NaNs sort last and count as one value
            int best = 0;
            int run = 0;
            int distinct = 0;
            for (int i = 0; i < column.length; i++) {
                if (i == 0 || Float.compare(column[i], column[i - 1]) != 0) {
                    run = 0;
                    distinct++;
                }
                run++;
                best = Math.max(best, run);
            }
            share[j] = column.length == 0 ? Double.NaN : (double) best / column.length;
            if (distinct == 1) constant.add(j);
            else if (share[j] >= nearShare) near.add(j);
        }
        return new ConstantFeatures(constant.toArray(), near.toArray(), share);
    }
}
