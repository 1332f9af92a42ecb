package dev.lucent.explain.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.LinearModel;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Attacks against what is known without them: closed forms on linear models, PGD against FGSM, features a model ignores. */
class AttackOraclesTest {

    static final Attack.Check NEVER = () -> { };

    /** Training rows spread wide (so the range never binds), features of unequal spread; the first 30 rows are attacked. */
    static TestContext linearContext(LinearModel model, int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 400;
        float[] x = new float[n * m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) x[i * m + j] = (float) ((1 + j) * 3 * rng.nextGaussian());
        int[] labels = new int[n];
        float[] out = model.predict(Tensor.of(x, n, m)).toArray();
        for (int i = 0; i < n; i++) labels[i] = out[i * model.outputCount()] > 0 ? 1 : 0;
        return TestContext.tabular(model, x, labels, 2);
    }

    /**
     * On f(x) = w.x + b the least L2 change that flips the sign is |f(x)| / |w| (the distance to the boundary), and in
     * budget units, where a change of u moves feature j by sd_j u_j, it is |f(x)| / |D w|; the least L-inf one is
     * |f(x)| / |D w|_1 (the dual norm). The binary search finds both within its resolution, max / 2^steps.
     */
    @Test
    void onALinearModelTheLeastFlipIsTheDistanceToTheBoundary() throws Exception {
        float[] w = {0.8f, -0.5f, 0.3f, 0.0f, 1.2f};
        LinearModel model = new LinearModel(new float[][] {w}, new float[] {0.4f}, OutputKind.BINARY_LOGIT);
        TestContext c = linearContext(model, w.length, 1);
        Attack.Space space = AdversarialExplainer.space(c, false);
        Attack attack = new Attack(model, space, 64);
        int n = 30;
        // rows near the middle of the training range, so the range never binds and the closed form holds
        float[] x = Arrays.copyOf(c.train().features().toArray(), n * w.length);
        for (int k = 0; k < x.length; k++) x[k] *= 0.3f;
        float[] z = model.predict(Tensor.of(x, n, w.length)).toArray();
        int[] decided = new int[n];
        double dw2 = 0, dw1 = 0;
        for (int j = 0; j < w.length; j++) {
            dw2 += Math.pow(space.scale()[j] * w[j], 2);
            dw1 += Math.abs(space.scale()[j] * w[j]);
        }
        for (int i = 0; i < n; i++) decided[i] = z[i] > 0 ? 1 : 0;
        double max = 4;
        int steps = 14;
        for (Attack.Norm norm : Attack.Norm.values()) {
            double[] least = attack.minimalBudget(x, decided, max, steps, Attack.Settings.pgd(norm, 10, 0), new float[x.length], NEVER);
            int checked = 0;
            for (int i = 0; i < n; i++) {
                double exact = Math.abs(z[i]) / (norm == Attack.Norm.L2 ? Math.sqrt(dw2) : dw1);
                if (exact > max * 0.99) {
                    assertTrue(Double.isNaN(least[i]) || least[i] >= exact - 1e-3, "row " + i + " flipped below its distance " + exact);
                    continue;
                }
                checked++;
                assertEquals(exact, least[i], max / (1 << steps) + 1e-4 * exact, norm + " row " + i + " (f = " + z[i] + ")");
            }
            assertTrue(checked >= 20, "most rows lie within the largest budget: " + checked);
        }
    }

    /**
     * PGD's first step is FGSM's and it takes more: over seeds, it never leaves more rows standing. (With Madry's random
     * start alone and no FGSM step, seed 1 left one row more standing than FGSM at L-inf 0.2: the reason for the first step.)
     */
    @Test
    void pgdIsNeverWeakerThanFgsmAtTheSameBudget() throws Exception {
        AuditableModel mlp = EngineModels.digitsMlp();
        int n = 150;
        float[] x = EngineModels.heldOut(n, false).toArray();
        int[] y = EngineModels.heldOutLabels(n);
        TestContext c = TestContext.tabular(mlp, EngineModels.digits().x(), EngineModels.digits().y(), 10);
        Attack attack = new Attack(mlp, AdversarialExplainer.space(c, false), 64);
        for (Attack.Norm norm : Attack.Norm.values())
            for (double eps : norm == Attack.Norm.LINF ? new double[] {0.05, 0.1, 0.2} : new double[] {0.25, 0.5, 1}) {
                double[] budget = new double[n];
                Arrays.fill(budget, eps);
                int fgsm = attack.run(x, y, budget, Attack.Settings.fgsm(norm), 0, NEVER).brokenCount();
                for (long seed = 1; seed <= 4; seed++) {
                    int pgd = attack.run(x, y, budget, Attack.Settings.pgd(norm, 10, 1), seed, NEVER).brokenCount();
                    assertTrue(pgd >= fgsm, norm + " budget " + eps + " seed " + seed + ": PGD broke " + pgd + " rows, FGSM " + fgsm);
                }
                if (eps >= 0.2) assertTrue(fgsm > 0, "the attack bites at " + eps);
            }
    }

    /**
     * A model constant in feature 3 (its weight 0) is never attacked through it, random start or not; a feature declared
     * immutable stays as it is although the model leans on it; every value stays in the training range.
     */
    @Test
    void anIgnoredFeatureAndAnImmutableOneAreNeverChanged() throws Exception {
        float[] w = {0.8f, -0.5f, 0.3f, 0.0f, 1.2f};
        LinearModel model = new LinearModel(new float[][] {w}, new float[] {0.4f}, OutputKind.BINARY_LOGIT);
        TestContext c = linearContext(model, w.length, 2).with("immutable", "f4");
        Attack.Space space = AdversarialExplainer.space(c, false);
        assertFalse(space.mutable()[4]);
        Attack attack = new Attack(model, space, 64);
        int n = 60, m = w.length;
        float[] x = Arrays.copyOf(c.train().features().toArray(), n * m);
        int[] y = Arrays.copyOf(c.train().labels(), n);
        for (Attack.Norm norm : Attack.Norm.values()) {
            double[] budget = new double[n];
            Arrays.fill(budget, norm == Attack.Norm.LINF ? 1.0 : 2.0);
            Attack.Result r = attack.run(x, y, budget, Attack.Settings.pgd(norm, 10, 1), 9, NEVER);
            assertTrue(r.brokenCount() > 0, "the attack flips rows through the other features");
            int moved = 0;
            for (int i = 0; i < n; i++) {
                assertEquals(x[i * m + 3], r.rows()[i * m + 3], 0f, "row " + i + ": the ignored feature moved (" + norm + ")");
                assertEquals(x[i * m + 4], r.rows()[i * m + 4], 0f, "row " + i + ": the immutable feature moved (" + norm + ")");
                for (int j = 0; j < m; j++) {
                    assertTrue(r.rows()[i * m + j] >= space.lo()[j] && r.rows()[i * m + j] <= space.hi()[j], "left the training range");
                    if (r.rows()[i * m + j] != x[i * m + j]) moved++;
                }
            }
            assertTrue(moved > 0);
        }
    }
}
