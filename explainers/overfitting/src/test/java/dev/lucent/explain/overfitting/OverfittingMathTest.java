package dev.lucent.explain.overfitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.support.Bootstrap;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The overfitting mathematics against hand-computed values and independent definitions. */
class OverfittingMathTest {

    @Test
    void membershipAucIsTheMannWhitneyProbabilityWithTiesHalf() {
        // members' losses {0.1, 0.3, 0.3}, non-members' {0.3, 0.5}: pairs where the member loss is lower:
        // 0.1 < both (2); 0.3 vs 0.3 tie (1/2) and 0.3 < 0.5 (1), twice -> 2 + 2 * 1.5 = 5 of 6.
        assertEquals(5.0 / 6, MembershipInference.auc(new double[] {0.1, 0.3, 0.3}, new double[] {0.3, 0.5}), 1e-15);
        assertEquals(0.5, MembershipInference.auc(new double[] {1, 1}, new double[] {1, 1, 1}), 1e-15);
        assertEquals(0.0, MembershipInference.auc(new double[] {2, 3}, new double[] {0, 1}), 1e-15);
        // Brute force on random tied losses.
        SplittableRandom rng = new SplittableRandom(4);
        for (int t = 0; t < 20; t++) {
            double[] a = new double[1 + rng.nextInt(30)];
            double[] b = new double[1 + rng.nextInt(30)];
            for (int i = 0; i < a.length; i++) a[i] = rng.nextInt(5);
            for (int i = 0; i < b.length; i++) b[i] = rng.nextInt(5);
            double u = 0;
            for (double x : a) for (double y : b) u += x < y ? 1 : x == y ? 0.5 : 0;
            assertEquals(u / (a.length * b.length), MembershipInference.auc(a, b), 1e-12);
        }
    }

    @Test
    void attackCurveRunsFromNothingToEverythingFlagged() {
        double[][] c = MembershipInference.curve(new double[] {0.1, 0.2}, new double[] {0.2, 0.9});
        // thresholds 0.1: 1 member flagged; 0.2: both members and one non-member; 0.9: all.
        assertArrayEquals(new double[] {0, 0, 0.5, 1}, c[0], 0);
        assertArrayEquals(new double[] {0, 0.5, 1, 1}, c[1], 0);
    }

    @Test
    void gapIsHeldOutMinusTrainingWithAnIntervalAroundIt() throws Exception {
        // train losses mean 0.1, held-out mean 0.4: gap 0.3
        double[] train = new double[200];
        double[] test = new double[100];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < train.length; i++) train[i] = 0.1 + (rng.nextDouble() - 0.5) * 0.1;
        for (int i = 0; i < test.length; i++) test[i] = 0.4 + (rng.nextDouble() - 0.5) * 0.2;
        GeneralisationGap g = GeneralisationGap.of(train, test, new Bootstrap(500, 0.95), 3, null);
        assertEquals(PerRowLoss.mean(test, Bootstrap.identity(100)) - PerRowLoss.mean(train, Bootstrap.identity(200)), g.gap(), 1e-15);
        assertEquals(0.3, g.gap(), 0.02);
        assertTrue(g.interval().lower() < g.gap() && g.gap() < g.interval().upper());
        // The interval's width is about 2 * 1.96 * sqrt(var_test / 100 + var_train / 200) (uniform variances w^2 / 12).
        double se = Math.sqrt(0.04 / 12 / 100 + 0.01 / 12 / 200);
        assertEquals(2 * 1.96 * se, g.interval().upper() - g.interval().lower(), 0.25 * 2 * 1.96 * se);
    }

    @Test
    void crossEntropyPerRowIsMinusLogOfTheTrueClassProbability() {
        // logits (0, ln 3) give p = (1/4, 3/4); (5, 5) give (1/2, 1/2); (0, -40) leave class 1 with p = e^-40
        double[] l = PerRowLoss.crossEntropy(new double[][] {{0, Math.log(3)}, {5, 5}, {0, -40}}, new int[] {1, 0, 1}, false);
        assertEquals(-Math.log(0.75), l[0], 1e-15);
        assertEquals(Math.log(2), l[1], 1e-15);
        assertEquals(-Math.log(1e-12), l[2], 1e-9); // capped
        // one binary logit z: p(1) = sigmoid(z)
        double[] b = PerRowLoss.crossEntropy(new double[][] {{Math.log(3)}, {Math.log(3)}, {30}}, new int[] {1, 0, 1}, true);
        assertEquals(-Math.log(0.75), b[0], 1e-15);
        assertEquals(-Math.log(0.25), b[1], 1e-15);
        assertEquals(Math.log1p(Math.exp(-30)), b[2], 1e-25); // 9.4e-14, where float32 probabilities give 0
        assertArrayEquals(new double[] {4, 0.25}, PerRowLoss.squaredError(new double[][] {{3}, {0.5}}, new float[] {1, 1}), 1e-15);
    }

    static TrainingHistory history(double[] train, double[] val, int kept) {
        List<TrainingHistory.EpochRecord> e = new ArrayList<>();
        for (int i = 0; i < train.length; i++)
            e.add(new TrainingHistory.EpochRecord(i + 1, train[i], val[i], Double.NaN, Double.NaN, 1e-3,
                    List.of(new TrainingHistory.LayerTelemetry("dense", Math.exp(0.1 * (i + 1)), 2.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN))));
        return new TrainingHistory(e, null, kept);
    }

    @Test
    void earlyStoppingFindsTheFirstLowestValidationLossAndTheRiseAfterIt() {
        TrainingHistory h = history(new double[] {1.0, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05},
                new double[] {1.1, 0.8, 0.5, 0.5, 0.55, 0.6, 0.7}, 7);
        EarlyStopping es = EarlyStopping.of(h, 0.05);
        assertEquals(3, es.bestEpoch()); // 0.5 first reached at epoch 3
        assertEquals(0.4, es.relativeRise(), 1e-12); // (0.7 - 0.5) / 0.5
        assertTrue(es.overfitsAfterBest());
        EarlyStopping flat = EarlyStopping.of(history(new double[] {1, 0.5, 0.4}, new double[] {1, 0.6, 0.61}, 3), 0.05);
        assertEquals(2, flat.bestEpoch());
        assertFalse(flat.overfitsAfterBest()); // 1.7% rise is within tolerance
        assertNull(EarlyStopping.of(history(new double[] {1, 0.5}, new double[] {Double.NaN, Double.NaN}, 2), 0.05));
    }

    @Test
    void normGrowthIsTheSlopeOfTheLogNorm() {
        List<NormTrend> t = NormTrend.of(history(new double[10], new double[10], 10));
        assertEquals(1, t.size());
        assertEquals(0.1, t.get(0).weightGrowth().slope(), 1e-12); // weight norm e^(0.1 epoch)
        assertEquals(0.0, t.get(0).gradientGrowth().slope(), 1e-12); // constant gradient norm
    }

    @Test
    void shuffledLabelsKeepTheClassCountsAndChanceIsTheMajorityShare() {
        int[] y = {0, 0, 0, 1, 1, 2, 0, 1, 0, 0};
        DataSplit s = new DataSplit("train", dev.lucent.network.api.Tensor.of(new float[10], 10, 1), y, null);
        DataSplit sh = ShuffledLabelProbe.shuffled(s, 5);
        int[] a = y.clone();
        int[] b = sh.labels().clone();
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(b);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(y, sh.labels()));
        assertArrayEquals(sh.labels(), ShuffledLabelProbe.shuffled(s, 5).labels()); // seeded
        assertEquals(0.6, ShuffledLabelProbe.chance(y, 3), 1e-15);
        assertEquals(0.5, ShuffledLabelProbe.memorisation(0.8, 0.6), 1e-12);
        assertEquals(0.0, ShuffledLabelProbe.memorisation(0.5, 0.6), 1e-12);
        // Subsampling keeps rows whole (features with their labels) and in order.
        float[] fx = new float[20];
        for (int i = 0; i < 10; i++) {
            fx[2 * i] = i;
            fx[2 * i + 1] = 100 + i;
        }
        DataSplit wide = new DataSplit("train", dev.lucent.network.api.Tensor.of(fx, 10, 2), y, null);
        DataSplit sub = ShuffledLabelProbe.subsample(wide, 4, 3);
        assertEquals(4, sub.rows());
        float[] sx = sub.features().toArray();
        for (int i = 0; i < 4; i++) {
            int row = (int) sx[2 * i];
            assertEquals(100 + row, sx[2 * i + 1]);
            assertEquals(y[row], sub.labels()[i]);
            if (i > 0) assertTrue(row > (int) sx[2 * i - 2]);
        }
    }
}
