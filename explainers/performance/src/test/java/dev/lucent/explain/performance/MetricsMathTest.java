package dev.lucent.explain.performance;

import dev.lucent.explain.support.RegressionMetrics;
import dev.lucent.explain.support.RecallThreshold;
import dev.lucent.explain.support.BinaryCounts;
import dev.lucent.explain.support.Subgroups;
import dev.lucent.explain.support.Calibration;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.support.Bootstrap;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Metric mathematics against values computed by hand (the arithmetic is in the comments). */
class MetricsMathTest {

    static boolean[] b(int... y) {
        boolean[] r = new boolean[y.length];
        for (int i = 0; i < y.length; i++) r[i] = y[i] == 1;
        return r;
    }

    @Test
    void confusionMatrixMetricsMatchHandCounts() {
        // truth/pred pairs give C = [[1,1,0],[0,2,0],[1,0,2]] (rows true, columns predicted).
        ConfusionMatrix cm = ConfusionMatrix.of(3, new int[] {0, 0, 1, 1, 2, 2, 2}, new int[] {0, 1, 1, 1, 2, 0, 2});
        assertEquals(5.0 / 7, cm.accuracy(), 1e-15);
        assertEquals(0.5, cm.precision(0), 1e-15); // 1 / (1 + 0 + 1)
        assertEquals(0.5, cm.recall(0), 1e-15); // 1 / 2
        assertEquals(2.0 / 3, cm.precision(1), 1e-15); // 2 / (1 + 2)
        assertEquals(1.0, cm.recall(1), 1e-15);
        assertEquals(0.8, cm.f1(1), 1e-15); // 2 * (2/3) * 1 / (5/3)
        assertEquals(1.0, cm.precision(2), 1e-15);
        assertEquals(2.0 / 3, cm.recall(2), 1e-15);
        assertEquals(0.7, cm.macroF1(), 1e-15); // (0.5 + 0.8 + 0.8) / 3
        assertEquals(3, cm.support(2));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(2, new int[] {0, 2}, new int[] {0, 1}));
    }

    @Test
    void rocCurveIsSklearnsOnItsDocumentationExample() {
        // sklearn's roc_curve docstring: y = [0,0,1,1], scores = [0.1,0.4,0.35,0.8]
        // -> fpr [0,0,0.5,0.5,1], tpr [0,0.5,0.5,1,1], thresholds [inf,0.8,0.4,0.35,0.1];
        // AUC: positives 0.35 and 0.8 against negatives 0.1 and 0.4 win 3 of 4 pairs = 0.75.
        RocCurve roc = RocCurve.of(BinaryCounts.of(new double[] {0.1, 0.4, 0.35, 0.8}, b(0, 0, 1, 1)));
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 1}, roc.fpr(), 0);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, roc.tpr(), 0);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1}, roc.thresholds(), 0);
        assertEquals(0.75, roc.auc(), 1e-15);
    }

    @Test
    void rocAucCountsTiesAsOneHalf() {
        // positives {0.9, 0.5, 0.2}, negatives {0.5, 0.5, 0.1}; of 9 pairs:
        // 0.9 wins 3; 0.5 ties two (2 * 1/2) and wins one; 0.2 wins one -> (3 + 1 + 1 + 1) / 9 = 2/3.
        double auc = RocCurve.of(BinaryCounts.of(new double[] {0.9, 0.5, 0.5, 0.5, 0.2, 0.1}, b(1, 1, 0, 0, 1, 0))).auc();
        assertEquals(2.0 / 3, auc, 1e-15);
        // All scores tied: every pair is a tie -> 1/2.
        assertEquals(0.5, RocCurve.auc(BinaryCounts.of(new double[] {0.3, 0.3, 0.3, 0.3}, b(1, 0, 1, 0))), 1e-15);
        // One class only: undefined.
        assertTrue(Double.isNaN(RocCurve.auc(BinaryCounts.of(new double[] {0.3, 0.4}, b(1, 1)))));
    }

    @Test
    void rocAucEqualsMannWhitneyOnRandomTiedScores() {
        // Independent definition: P(score+ > score-) + 1/2 P(score+ = score-), by brute force over pairs.
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rng.nextInt(60);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextInt(6) / 5.0; // few distinct values: many ties
                y[i] = rng.nextDouble() < 0.4 + 0.1 * s[i];
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (y[i] && !y[j]) {
                        pairs++;
                        wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                    }
            double expected = pairs == 0 ? Double.NaN : wins / pairs;
            assertEquals(expected, RocCurve.auc(BinaryCounts.of(s, y)), 1e-12);
        }
    }

    @Test
    void averagePrecisionIsSklearnsOnItsDocumentationExample() {
        // Thresholds 0.8 (recall 1/2, precision 1), 0.4 (no recall gained), 0.35 (recall 1, precision 2/3):
        // AP = 0.5 * 1 + 0.5 * 2/3 = 0.8333... (sklearn's average_precision_score docstring).
        PrecisionRecallCurve pr = PrecisionRecallCurve.of(BinaryCounts.of(new double[] {0.1, 0.4, 0.35, 0.8}, b(0, 0, 1, 1)));
        assertEquals(0.5 + 1.0 / 3, pr.averagePrecision(), 1e-15);
        // sklearn's precision_recall_curve on the same: precision [0.5, 2/3, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0].
        assertArrayEquals(new double[] {0.5, 2.0 / 3, 0.5, 1, 1}, pr.precision(), 1e-15);
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0}, pr.recall(), 1e-15);
    }

    @Test
    void averagePrecisionIsTheMeanPrecisionAtEachPositivesRankWithoutTies() {
        // Without ties, AP = (1 / P) * sum over positives of (positives ranked at or above it) / (its rank).
        SplittableRandom rng = new SplittableRandom(21);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rng.nextInt(80);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = rng.nextDouble();
                y[i] = rng.nextDouble() < 0.3 + 0.4 * s[i];
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, c) -> Double.compare(s[c], s[a]));
            double sum = 0;
            int positives = 0;
            for (int r = 0; r < n; r++)
                if (y[order[r]]) {
                    positives++;
                    sum += (double) positives / (r + 1);
                }
            double expected = positives == 0 ? Double.NaN : sum / positives;
            assertEquals(expected, PrecisionRecallCurve.averagePrecision(BinaryCounts.of(s, y)), 1e-12);
        }
    }

    @Test
    void recallThresholdOnTheDocumentationExample() {
        BinaryCounts c = BinaryCounts.of(new double[] {0.1, 0.4, 0.35, 0.8}, b(0, 0, 1, 1));
        RecallThreshold half = RecallThreshold.find(c, 0.5);
        assertEquals(0.8, half.threshold()); // the highest score already catches one of two positives
        assertEquals(1.0, half.precision());
        RecallThreshold all = RecallThreshold.find(c, 0.75);
        assertEquals(0.35, all.threshold()); // both positives need threshold 0.35, which lets in the 0.4 negative
        assertEquals(1.0, all.recall());
        assertEquals(2.0 / 3, all.precision(), 1e-15);
        assertEquals(0.5, all.falsePositiveRate());
    }

    @Test
    void recallThresholdReachesTheRequiredRecallAndIsTheHighestThatDoes() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 10 + rng.nextInt(200);
            double[] s = new double[n];
            boolean[] y = new boolean[n];
            boolean anyPositive = false;
            for (int i = 0; i < n; i++) {
                y[i] = rng.nextDouble() < 0.3;
                anyPositive |= y[i];
                s[i] = Math.round((rng.nextDouble() + (y[i] ? 0.4 : 0)) * 50) / 50.0;
            }
            if (!anyPositive) continue;
            double required = 0.05 + 0.95 * rng.nextDouble();
            RecallThreshold t = RecallThreshold.find(BinaryCounts.of(s, y), required);
            int[] all = Bootstrap.identity(n);
            double recall = RecallThreshold.recallPrecisionAt(s, y, all, t.threshold())[0];
            assertTrue(recall >= required, "recall " + recall + " below " + required);
            assertEquals(t.recall(), recall, 0);
            // Any higher score used as threshold falls short of the required recall.
            double next = Double.POSITIVE_INFINITY;
            for (double v : s) if (v > t.threshold()) next = Math.min(next, v);
            if (next != Double.POSITIVE_INFINITY)
                assertTrue(RecallThreshold.recallPrecisionAt(s, y, all, next)[0] < required);
        }
    }

    @Test
    void expectedCalibrationErrorWith15BinsMatchesHandComputation() {
        // Bins of width 1/15; sklearn's calibration_curve bins by numpy.searchsorted(inner edges, p) (side "left"),
        // so a value on an edge belongs to the bin below it:
        //   0.05 (miss) and 1/15 exactly on the first inner edge (hit) -> bin 0: mean confidence (0.05 + 1/15) / 2,
        //        observed 1/2, gap 1/2 - (0.05 + 1/15) / 2, weight 2
        //   0.9  -> bin 13 (hit): |1 - 0.9| = 0.1
        //   0.95 (hit) and 1.0 (miss) -> bin 14: mean confidence 0.975, observed 0.5: 0.475, weight 2
        // ECE = (2 * (1/2 - (0.05 + 1/15) / 2) + 0.1 + 2 * 0.475) / 5 = (0.95 - 1/15 + 0.1 + 0.95) / 5 = (2 - 1/15) / 5
        Calibration cal = Calibration.of(new double[] {0.05, 1.0 / 15, 0.9, 0.95, 1.0}, b(0, 1, 1, 1, 0), 15);
        assertEquals((2 - 1.0 / 15) / 5, cal.ece(), 1e-15);
        assertArrayEquals(new long[] {2, 1, 2}, cal.counts());
        assertArrayEquals(new double[] {0.5, 1, 0.5}, cal.observed(), 0);
        assertEquals(0.975, cal.meanConfidence()[2], 1e-15);
        // 0.0 falls in the first bin, and a value just above an edge in the bin above it.
        assertEquals(0, Calibration.bin(new double[] {0, 0.5, 1}, 0.0));
        assertEquals(0, Calibration.bin(new double[] {0, 0.5, 1}, 0.5));
        assertEquals(1, Calibration.bin(new double[] {0, 0.5, 1}, Math.nextUp(0.5)));
        assertEquals(1, Calibration.bin(new double[] {0, 0.5, 1}, 1.0));
        // A perfectly calibrated fixture: in each bin the share of hits equals the (single) confidence.
        Calibration perfect = Calibration.of(new double[] {0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75},
                b(1, 0, 0, 0, 1, 1, 1, 0), 15);
        assertEquals(0.0, perfect.ece(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[] {1.5}, b(1), 15));
    }

    @Test
    void regressionMetricsMatchSklearnDocumentationExample() {
        // y = [3, -0.5, 2, 7], y_hat = [2.5, 0, 2, 8]: MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5,
        // MSE = (0.25 + 0.25 + 0 + 1) / 4 = 0.375, mean y = 2.875, SS_tot = 29.1875, R^2 = 1 - 1.5 / 29.1875.
        RegressionMetrics m = RegressionMetrics.of(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0, 2, 8}, Bootstrap.identity(4));
        assertEquals(0.5, m.mae(), 1e-15);
        assertEquals(Math.sqrt(0.375), m.rmse(), 1e-15);
        assertEquals(1 - 1.5 / 29.1875, m.r2(), 1e-15);
    }

    @Test
    void bootstrapIntervalContainsThePointEstimateAndShrinksWithMoreData() throws Exception {
        Bootstrap boot = new Bootstrap(1000, 0.95);
        double[] widths = new double[2];
        int[] sizes = {100, 1600};
        for (int s = 0; s < 2; s++) {
            SplittableRandom rng = new SplittableRandom(5);
            int n = sizes[s];
            boolean[] correct = new boolean[n];
            for (int i = 0; i < n; i++) correct[i] = rng.nextDouble() < 0.8;
            Bootstrap.Statistic acc = rows -> {
                int c = 0;
                for (int r : rows) if (correct[r]) c++;
                return (double) c / rows.length;
            };
            double point = acc.of(Bootstrap.identity(n));
            Bootstrap.Interval ci = boot.interval(n, acc, 42, null);
            assertTrue(ci.lower() <= point && point <= ci.upper(), ci + " around " + point);
            assertEquals(1000, ci.used());
            widths[s] = ci.upper() - ci.lower();
            // The normal approximation's width 2 * 1.96 * sqrt(p (1 - p) / n) is what the percentile interval estimates.
            double normal = 2 * 1.96 * Math.sqrt(point * (1 - point) / n);
            assertEquals(normal, widths[s], 0.25 * normal);
            // Same seed, same interval, bit for bit.
            assertEquals(ci, boot.interval(n, acc, 42, null));
        }
        // 16 times the data: about a quarter of the width.
        assertTrue(widths[1] < widths[0] / 3, "widths " + widths[0] + " -> " + widths[1]);
    }

    @Test
    void quantileIsNumpysLinearInterpolation() {
        // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75; 0.5 -> 2.5
        assertEquals(1.75, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-15);
        assertEquals(2.5, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-15);
    }

    @Test
    void subgroupsSplitByDistinctValuesOrMedian() {
        Subgroups sex = Subgroups.automatic("sex", new double[] {1, 2, 2, 1, 2});
        assertEquals(java.util.List.of("sex = 1", "sex = 2"), sex.names());
        assertArrayEquals(new int[] {0, 3}, sex.rows()[0]);
        assertArrayEquals(new int[] {1, 2, 4}, sex.rows()[1]);
        double[] age = new double[21];
        for (int i = 0; i < 21; i++) age[i] = 20 - i; // median 10
        Subgroups byAge = Subgroups.automatic("age", age);
        assertEquals(11, byAge.rows()[0].length); // 0..10 are <= 10
        assertEquals(10, byAge.rows()[1].length);
        // Listed values, the rest as "other"; NaN rows join no threshold group.
        Subgroups listed = Subgroups.byValues("site", new double[] {3, 1, 2, 3, 5}, new double[] {3, 1});
        assertEquals(java.util.List.of("site = 3", "site = 1", "site other"), listed.names());
        assertArrayEquals(new int[] {0, 3}, listed.rows()[0]);
        assertArrayEquals(new int[] {2, 4}, listed.rows()[2]);
        Subgroups cut = Subgroups.byThreshold("x", new double[] {0.5, Double.NaN, 2}, 1);
        assertArrayEquals(new int[] {0}, cut.rows()[0]);
        assertArrayEquals(new int[] {2}, cut.rows()[1]);
    }
}
