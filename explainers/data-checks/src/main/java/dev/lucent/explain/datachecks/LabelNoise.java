package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditCancelledException;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Label-noise hints: a row is suspicious when at least {@code agreeing} of its k nearest neighbours (standardized
 * features) share one label that differs from the row's own (an edited-nearest-neighbour rule, Wilson 1972).
 * A hint, not a proof: rows on a true class boundary can look the same.
 *
 * @param suspicious   suspicious rows, in row order
 * @param neighbourLabel for each suspicious row, the label its neighbours agree on
 */
record LabelNoise(int[] suspicious, int[] neighbourLabel, int k) {

    static LabelNoise of(Rows r, int classes, int k, int agreeing, NearestNeighbours.Checkpoint checkpoint)
            throws AuditCancelledException {
        if (agreeing < 1 || agreeing > k) throw new IllegalArgumentException("agreeing neighbours must lie in 1.." + k + ", got " + agreeing);
        double[][] z = r.standardized(r.standardizer());
        NearestNeighbours.Result nn = NearestNeighbours.find(z, z, k, true, checkpoint);
        MutableIntList rows = new IntArrayList();
        MutableIntList labels = new IntArrayList();
        int[] votes = new int[classes];
        for (int i = 0; i < r.rows(); i++) {
            java.util.Arrays.fill(votes, 0);
            for (int j : nn.index()[i]) votes[r.labels()[j]]++;
            int top = 0;
            for (int c = 1; c < classes; c++) if (votes[c] > votes[top]) top = c;
            if (top != r.labels()[i] && votes[top] >= agreeing) {
                rows.add(i);
                labels.add(top);
            }
        }
        return new LabelNoise(rows.toArray(), labels.toArray(), k);
    }
}
