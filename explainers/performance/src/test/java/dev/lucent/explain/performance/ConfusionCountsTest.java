package dev.lucent.explain.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lucent.explain.support.PoissonBootstrap;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: an ImageNet head's confusion counts (1000 classes, 1000 bootstrap replicates) are held for the cells the rows
 * fall in, not 1000 x 1000 x 1000 longs (8 GB: classification-metrics ended its worker out of memory); each replicate's
 * matrix is still every row's Poisson weight in its cell, and merging blocks gives the counts of all their rows.
 */
class ConfusionCountsTest {

    @Test
    void aThousandClassHeadsReplicatesHoldOnlyTheCellsRowsFallIn() {
        int classes = 1000, rows = 40;
        PoissonBootstrap boot = new PoissonBootstrap(1000, 0.95, 42);
        int[] truth = new int[rows], predicted = new int[rows];
        for (int i = 0; i < rows; i++) {
            truth[i] = i % 10;
            predicted[i] = (i * 37) % classes;
        }
        int[] w = new int[boot.replicates()];
        ConfusionCounts first = new ConfusionCounts(classes, boot.replicates()), second = new ConfusionCounts(classes, boot.replicates());
        for (int i = 0; i < rows; i++) (i < 25 ? first : second).add(i, truth[i], predicted[i], boot, w);
        ConfusionCounts all = first.merge(second);
        assertEquals(rows, all.rows());
        for (int b : new int[] {0, 1, 517, 999}) {
            long[][] expected = new long[classes][classes];
            for (int i = 0; i < rows; i++) {
                boot.weights(i, w);
                expected[truth[i]][predicted[i]] += w[b];
            }
            ConfusionMatrix m = all.replicate(b);
            for (int i = 0; i < rows; i++) assertEquals(expected[truth[i]][predicted[i]], m.count(truth[i], predicted[i]), "replicate " + b);
            assertEquals(0, m.count(999, 998));
            ConfusionMatrix touched = all.touchedReplicate(b);
            assertEquals(ConfusionMatrix.of(expected).accuracy(), touched.accuracy(), "the same bits, replicate " + b);
            assertEquals(ConfusionMatrix.of(expected).macroF1(), touched.macroF1(), "the same bits, replicate " + b);
        }
    }
}
