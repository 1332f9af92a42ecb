package dev.lucent.explain.datachecks;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.support.Standardizer;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Held-out rows that also appear in the training split: identical (bit for bit) or near-identical (the root
 * mean square of the per-feature standardized differences to the nearest training row is at most
 * {@code tolerance}). A leaked row tests the model on what it memorised, flattering every held-out metric.
 *
 * @param exact       held-out rows identical to some training row
 * @param near        held-out rows near-identical but not identical to a training row
 * @param nearestRms  per held-out row, the RMS standardized distance to its nearest training row
 */
record SplitLeakage(int[] exact, int[] near, double[] nearestRms) {

    /** Held-out rows identical to some training row, by hashing: linear time, no sampling needed. */
    static int[] exactCopies(Rows train, Rows test) {
        Set<Rows.Key> trainKeys = new HashSet<>();
        for (int i = 0; i < train.rows(); i++) trainKeys.add(train.key(i));
        MutableIntList exact = new IntArrayList();
        for (int i = 0; i < test.rows(); i++) if (trainKeys.contains(test.key(i))) exact.add(i);
        return exact.toArray();
    }

    static SplitLeakage of(Rows train, Rows test, double tolerance, NearestNeighbours.Checkpoint checkpoint)
            throws AuditCancelledException {
        if (train.width() != test.width())
            throw new IllegalArgumentException("train rows have " + train.width() + " values but test rows " + test.width());
        int[] exact = exactCopies(train, test);
        boolean[] isExact = new boolean[test.rows()];
        for (int i : exact) isExact[i] = true;
        Standardizer s = train.standardizer();
        NearestNeighbours.Result nn = NearestNeighbours.find(test.standardized(s), train.standardized(s), 1, false, checkpoint);
        double[] rms = new double[test.rows()];
        MutableIntList near = new IntArrayList();
        for (int i = 0; i < test.rows(); i++) {
            rms[i] = nn.distance()[i][0] / Math.sqrt(Math.max(1, train.width()));
            if (rms[i] <= tolerance && !isExact[i]) near.add(i);
        }
        return new SplitLeakage(exact, near.toArray(), rms);
    }
}
