package dev.lucent.explain.performance;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.support.ModelOutputs;
import dev.lucent.explain.support.PoissonBootstrap;
import java.io.Serializable;

/**
 * The mergeable summary behind the confusion-matrix metrics: true class against predicted class as long counts, and
 * the same counts weighted by each Poisson-bootstrap replicate's row weights. Merging adds longs, so any split of the
 * rows and any order of merges give the same bits.
 */
final class ConfusionCounts implements Serializable {

    private static final long serialVersionUID = 1L;

    final int classes;
    /** {@code [truth * classes + predicted]}. */
    final long[] counts;
    /**
     * {@code truth * classes + predicted} to that cell's count in each replicate, for the cells some row fell in: an
     * ImageNet head's 1000 x 1000 cells times 1000 replicates held densely were 8 GB, the rows' cells are a few.
     */
    final java.util.TreeMap<Integer, long[]> replicates = new java.util.TreeMap<>();
    final int replicateCount;

    ConfusionCounts(int classes, int replicates) {
        this.classes = classes;
        this.counts = new long[classes * classes];
        this.replicateCount = replicates;
    }

    /** The block's rows: each row's most probable class against its label. */
    static ConfusionCounts of(AuditContext context, RowBlock block, PoissonBootstrap boot) {
        return of(context, block, ModelOutputs.classProbabilities(context, block), boot);
    }

    /** The same, from the block's probabilities already read. */
    static ConfusionCounts of(AuditContext context, RowBlock block, double[][] probabilities, PoissonBootstrap boot) {
        int k = context.schema().classNames().size();
        ConfusionCounts s = new ConfusionCounts(k, boot.replicates());
        int[] predicted = ModelOutputs.argmax(probabilities);
        int[] labels = block.rows().labels();
        int[] w = new int[boot.replicates()];
        for (int i = 0; i < block.size(); i++) s.add(block.rowIds()[i], labels[i], predicted[i], boot, w);
        return s;
    }

    void add(long rowId, int truth, int predicted, PoissonBootstrap boot, int[] w) {
        if (truth < 0 || truth >= classes)
            throw new IllegalArgumentException("label " + truth + " of row " + rowId + " is not a class index below " + classes);
        int cell = truth * classes + predicted;
        counts[cell]++;
        boot.weights(rowId, w);
        long[] r = replicates.computeIfAbsent(cell, c -> new long[replicateCount]);
        for (int b = 0; b < w.length; b++) r[b] += w[b];
    }

    ConfusionCounts merge(ConfusionCounts other) {
        if (other.classes != classes || other.replicateCount != replicateCount)
            throw new IllegalArgumentException("cannot merge confusion counts of " + other.classes + " classes and " + other.replicateCount
                    + " replicates into " + classes + " classes and " + replicateCount);
        for (int c = 0; c < counts.length; c++) counts[c] += other.counts[c];
        other.replicates.forEach((cell, theirs) -> {
            long[] ours = replicates.computeIfAbsent(cell, c -> new long[replicateCount]);
            for (int b = 0; b < replicateCount; b++) ours[b] += theirs[b];
        });
        return this;
    }

    long rows() {
        long n = 0;
        for (long c : counts) n += c;
        return n;
    }

    ConfusionMatrix matrix() {
        return ConfusionMatrix.of(square(counts));
    }

    ConfusionMatrix replicate(int b) {
        long[] flat = new long[classes * classes];
        replicates.forEach((cell, r) -> flat[cell] = r[b]);
        return ConfusionMatrix.of(square(flat));
    }

    /**
     * Replicate {@code b}'s matrix over only the classes some row's cell names (as truth or prediction), in class order:
     * a class no row touches has no support and no predictions, which accuracy and macro F1 skip, so these two come out
     * the same bits as from {@link #replicate}; a 1000-unit head's full matrix per replicate was 10^9 cells a thousand
     * replicates. Class indices are not the model's: for those two metrics only.
     */
    ConfusionMatrix touchedReplicate(int b) {
        java.util.TreeSet<Integer> touched = new java.util.TreeSet<>();
        for (int cell : replicates.keySet()) {
            touched.add(cell / classes);
            touched.add(cell % classes);
        }
        int[] compact = new int[classes];
        int k = 0;
        for (int c : touched) compact[c] = k++;
        long[][] m = new long[k][k];
        for (var e : replicates.entrySet()) m[compact[e.getKey() / classes]][compact[e.getKey() % classes]] = e.getValue()[b];
        return ConfusionMatrix.of(m);
    }

    /** Replicate {@code b}'s recall of class {@code c} from its row's cells only (NaN without support): no k x k matrix. */
    double replicateRecall(int b, int c) {
        long support = 0, hit = 0;
        for (var e : replicates.subMap(c * classes, (c + 1) * classes).entrySet()) {
            support += e.getValue()[b];
            if (e.getKey() == c * classes + c) hit += e.getValue()[b];
        }
        return support == 0 ? Double.NaN : (double) hit / support;
    }

    private long[][] square(long[] flat) {
        long[][] m = new long[classes][classes];
        for (int t = 0; t < classes; t++) System.arraycopy(flat, t * classes, m[t], 0, classes);
        return m;
    }
}
