package dev.lucent.explain.robustness;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import dev.lucent.explain.support.Data;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * FGSM (Goodfellow et al. 2015) and PGD (Madry et al. 2018) under an L-inf or L2 budget, with the model's own input
 * gradients. The loss ascended is the margin of Carlini and Wagner (2017), {@code max_{j != y} z_j - z_y} on the logits
 * (for a single binary logit, {@code -z} when y is 1 and {@code z} when it is 0): it is positive exactly when the
 * decision is no longer y. Its gradient is one backward pass of the logits weighted +1 (the rival) and -1 (y), through
 * the face's {@link AuditableModel#weightedInputGradient}.
 *
 * <p>The budget is measured in {@link Space#scale} units per input value (1 for images, whose budgets are in the
 * data's own units; each feature's standard deviation for tabular rows), only over the mutable values; every
 * perturbed value stays within {@link Space#lo}..{@link Space#hi} (an image's value range). A tabular row keeps
 * its {@link Space#constraints} instead: each step is projected onto the ranges (widened to the row) and monotone
 * features' lower bounds, and the point the model sees has its integer and categorical values on valid values (the
 * iterate itself stays continuous, so small steps add up to a whole change). A row counts as
 * broken at the first iterate that leaves its class, and keeps that iterate. A value whose gradient was zero at
 * every step is put back to its clean value at the end, so a feature the model ignores is never reported as attacked
 * (the random start alone moved it), unless putting it back undoes the attack.
 */
final class Attack {

    enum Norm {
        LINF("L-inf"), L2("L2");

        final String words;

        Norm(String words) {
            this.words = words;
        }
    }

    /**
     * Where the attack may go, per value of one sample: budget units to input units, the range kept, the values
     * that may change.
     */
    record Space(float[] scale, float[] lo, float[] hi, boolean[] mutable, InputConstraints constraints) {
        /** Without a tabular row's constraints: an image's values, or the benchmarks' attack. */
        Space(float[] scale, float[] lo, float[] hi, boolean[] mutable) {
            this(scale, lo, hi, mutable, null);
        }
    }

    /**
     * @param steps      steps, the first included; 1 with no restarts is FGSM
     * @param stepFactor step size as a multiple of budget / steps (Madry et al.: 2.5); the first step from the clean
     *                   point is FGSM's, the whole budget, so PGD breaks every row FGSM breaks
     * @param restarts   further runs from seeded random points in the budget (Madry et al.'s random start), each on the
     *                   rows still standing
     */
    record Settings(Norm norm, int steps, double stepFactor, int restarts) {
        static Settings fgsm(Norm norm) {
            return new Settings(norm, 1, 1, 0);
        }

        static Settings pgd(Norm norm, int steps, int restarts) {
            return new Settings(norm, steps, 2.5, restarts);
        }
    }

    /** Asked before every model call, so a long attack can be cancelled. */
    interface Check {
        void check() throws AuditCancelledException;
    }

    /** The attacked rows and whether each left its reference class. */
    record Result(float[] rows, boolean[] broken) {
        int brokenCount() {
            int k = 0;
            for (boolean b : broken) if (b) k++;
            return k;
        }
    }

    private final AuditableModel model;
    private final int[] sampleShape;
    private final int m;
    private final Space space;
    private final int batch;

    Attack(AuditableModel model, Space space, int batch) {
        this.model = model;
        this.sampleShape = model.inputShape();
        this.m = Data.sampleSize(Data.batchShape(1, sampleShape));
        if (space.scale().length != m) throw new IllegalArgumentException("attack space of " + space.scale().length + " values for samples of " + m);
        this.space = space;
        this.batch = Math.max(1, batch);
    }

    /** Attacks {@code n} rows away from {@code reference}, row i within budget {@code budget[i]}. */
    Result run(float[] x0, int[] reference, double[] budget, Settings s, long seed, Check check) throws AuditCancelledException {
        int n = reference.length;
        float[] out = new float[n * m];
        boolean[] broken = new boolean[n];
        for (int start = 0; start < n; start += batch) {
            int end = Math.min(n, start + batch);
            float[] x = Arrays.copyOfRange(x0, start * m, end * m);
            int[] ref = Arrays.copyOfRange(reference, start, end);
            double[] eps = Arrays.copyOfRange(budget, start, end);
            Result part = chunk(x, ref, eps, s, null, check);
            SplittableRandom rng = new SplittableRandom(seed + start);
            for (int r = 0; r < s.restarts(); r++) {
                int[] standing = java.util.stream.IntStream.range(0, ref.length).filter(i -> !part.broken[i]).toArray();
                if (standing.length == 0) break;
                float[] sx = new float[standing.length * m];
                for (int i = 0; i < standing.length; i++) System.arraycopy(x, standing[i] * m, sx, i * m, m);
                Result again = chunk(sx, java.util.stream.IntStream.of(standing).map(i -> ref[i]).toArray(),
                        java.util.stream.IntStream.of(standing).mapToDouble(i -> eps[i]).toArray(), s, rng, check);
                for (int i = 0; i < standing.length; i++)
                    if (again.broken[i]) {
                        part.broken[standing[i]] = true;
                        System.arraycopy(again.rows, i * m, part.rows, standing[i] * m, m);
                    }
            }
            System.arraycopy(part.rows, 0, out, start * m, part.rows.length);
            System.arraycopy(part.broken, 0, broken, start, part.broken.length);
        }
        return new Result(out, broken);
    }

    /** One run from the clean point (its first step FGSM's) or, given {@code rng}, from a random point in the budget. */
    private Result chunk(float[] x0, int[] ref, double[] eps, Settings s, SplittableRandom rng, Check check) throws AuditCancelledException {
        int n = ref.length;
        float[] u = new float[n * m];
        if (rng != null) randomStart(u, eps, s.norm(), rng);
        boolean[] touched = new boolean[n * m];
        boolean[] done = new boolean[n];
        float[] best = new float[n * m];
        float[] lo = new float[n * m], hi = new float[n * m];
        if (space.constraints() != null) space.constraints().bounds(x0, n, lo, hi);
        else
            for (int k = 0; k < n * m; k++) {
                lo[k] = space.lo()[k % m];
                hi[k] = space.hi()[k % m];
            }
        float[] at = new float[n * m]; // the continuous point, before integer and categorical values are put on valid ones
        float[] x = clip(x0, u, lo, hi, eps, s.norm(), at);
        for (int t = 0; ; t++) {
            check.check();
            float[] logits = predict(x, n);
            int[] rival = new int[n];
            for (int i = 0; i < n; i++) {
                // every row's rival, broken or not: the gradient below also tells which values the model reads
                if (margin(logits, i, ref[i], rival) > 0 && !done[i]) {
                    done[i] = true;
                    System.arraycopy(x, i * m, best, i * m, m);
                }
            }
            if (t == s.steps()) break;
            float[] g = marginGradient(x, n, ref, rival, check);
            for (int i = 0; i < n; i++) {
                double norm = 0;
                for (int j = 0; j < m; j++) {
                    int k = i * m + j;
                    g[k] = space.mutable()[j] ? g[k] * space.scale()[j] : 0; // the gradient in budget units
                    if (g[k] != 0) touched[k] = true; // rows already broken too: what the model reads at their point
                    // a table row's value held at a constraint (a monotone feature at the row's own value, a range's end)
                    // and pushed further out takes no share of an L2 step: the step's length goes to the values that can move
                    if (space.constraints() != null && (g[k] < 0 && at[k] <= lo[k] || g[k] > 0 && at[k] >= hi[k])) g[k] = 0;
                    norm += (double) g[k] * g[k];
                }
                if (done[i]) continue;
                double alpha = t == 0 && rng == null ? eps[i] : s.stepFactor() * eps[i] / s.steps();
                norm = Math.sqrt(norm);
                for (int j = 0; j < m; j++) {
                    int k = i * m + j;
                    if (s.norm() == Norm.LINF) u[k] = (float) Math.max(-eps[i], Math.min(eps[i], u[k] + alpha * Math.signum(g[k])));
                    else if (norm > 0) u[k] += (float) (alpha * g[k] / norm);
                }
                if (s.norm() == Norm.L2 && space.constraints() != null) projectL2Within(u, i, eps[i], x0, lo, hi);
                else if (s.norm() == Norm.L2) projectL2(u, i, eps[i]);
            }
            x = clip(x0, u, lo, hi, eps, s.norm(), at);
        }
        for (int i = 0; i < n; i++) if (!done[i]) System.arraycopy(x, i * m, best, i * m, m);
        return new Result(untouchedRestored(x0, best, touched, ref, done, check), done);
    }

    /** Values whose gradient never moved put back to the clean ones, row by row, unless that undoes the attack. */
    private float[] untouchedRestored(float[] x0, float[] adv, boolean[] touched, int[] ref, boolean[] broken, Check check)
            throws AuditCancelledException {
        int n = ref.length;
        float[] restored = adv.clone();
        boolean any = false;
        for (int k = 0; k < restored.length; k++)
            if (!touched[k] && restored[k] != x0[k]) {
                restored[k] = x0[k];
                any = true;
            }
        if (!any) return adv;
        check.check();
        float[] logits = predict(restored, n);
        int[] rival = new int[n];
        for (int i = 0; i < n; i++)
            if (broken[i] && !(margin(logits, i, ref[i], rival) > 0)) System.arraycopy(adv, i * m, restored, i * m, m);
        return restored;
    }

    private void randomStart(float[] u, double[] eps, Norm norm, SplittableRandom rng) {
        int n = eps.length;
        for (int i = 0; i < n; i++) {
            if (norm == Norm.LINF) {
                for (int j = 0; j < m; j++) if (space.mutable()[j]) u[i * m + j] = (float) (eps[i] * (2 * rng.nextDouble() - 1));
            } else {
                // uniform in the ball: a Gaussian direction, radius eps * U^(1/d)
                int d = 0;
                double s = 0;
                for (int j = 0; j < m; j++)
                    if (space.mutable()[j]) {
                        double g = rng.nextGaussian();
                        u[i * m + j] = (float) g;
                        s += g * g;
                        d++;
                    }
                double r = d == 0 || s == 0 ? 0 : eps[i] * Math.pow(rng.nextDouble(), 1.0 / d) / Math.sqrt(s);
                for (int j = 0; j < m; j++) u[i * m + j] *= (float) r;
            }
        }
    }

    /**
     * Row i of u projected onto the L2 ball of radius eps within the constraints' bounds, exactly: a box holding 0,
     * so the projection is clip(u / (1 + lambda)) for the least lambda >= 0 that brings it into the ball (the KKT point;
     * found by bisection on the factor). Clipping after the ball's projection, as for images, would leave a table row's
     * capped values short of their bound and its perturbation short of the budget.
     */
    private void projectL2Within(float[] u, int i, double eps, float[] x0, float[] lo, float[] hi) {
        double[] low = new double[m], high = new double[m];
        for (int j = 0; j < m; j++) {
            int k = i * m + j;
            low[j] = (lo[k] - x0[k]) / space.scale()[j];
            high[j] = (hi[k] - x0[k]) / space.scale()[j];
        }
        double a = 0, b = 1;
        if (clippedNorm(u, i, 1, low, high) > eps)
            for (int it = 0; it < 60; it++) {
                double f = (a + b) / 2;
                if (clippedNorm(u, i, f, low, high) > eps) b = f;
                else a = f;
            }
        else a = 1;
        for (int j = 0; j < m; j++) u[i * m + j] = (float) Math.max(low[j], Math.min(high[j], a * u[i * m + j]));
    }

    private double clippedNorm(float[] u, int i, double factor, double[] low, double[] high) {
        double s = 0;
        for (int j = 0; j < m; j++) {
            double v = Math.max(low[j], Math.min(high[j], factor * u[i * m + j]));
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private void projectL2(float[] u, int i, double eps) {
        double s = 0;
        for (int j = 0; j < m; j++) s += (double) u[i * m + j] * u[i * m + j];
        double norm = Math.sqrt(s);
        if (norm > eps) for (int j = 0; j < m; j++) u[i * m + j] *= (float) (eps / norm);
    }

    /**
     * x0 + scale * u within the bounds (into {@code at}), u set back to what the bounds left of it; then, for a tabular
     * row, its integer and categorical values on valid values within the budget (u keeps the continuous point).
     */
    private float[] clip(float[] x0, float[] u, float[] lo, float[] hi, double[] eps, Norm norm, float[] at) {
        for (int k = 0; k < at.length; k++) {
            int j = k % m;
            if (u[k] == 0) {
                at[k] = x0[k];
                continue;
            }
            float v = Math.max(lo[k], Math.min(hi[k], x0[k] + space.scale()[j] * u[k]));
            at[k] = v;
            u[k] = (v - x0[k]) / space.scale()[j];
        }
        float[] x = at.clone();
        if (space.constraints() != null) space.constraints().onValidValues(x0, x, x.length / m, eps, norm, space.scale());
        return x;
    }

    float[] predict(float[] x, int n) {
        return model.predict(Tensor.of(x, Data.batchShape(n, sampleShape))).toArray();
    }

    /** The margin of row i against class {@code ref}; its strongest rival class goes to {@code rival[i]}. */
    double margin(float[] logits, int i, int ref, int[] rival) {
        int k = model.outputCount();
        if (model.outputKind() == OutputKind.BINARY_LOGIT || k == 1) {
            rival[i] = 1 - ref;
            return ref == 1 ? -logits[i * k] : logits[i * k];
        }
        int best = -1;
        for (int j = 0; j < k; j++) if (j != ref && (best < 0 || logits[i * k + j] > logits[i * k + best])) best = j;
        rival[i] = best;
        return logits[i * k + best] - logits[i * k + ref];
    }

    /** The margin's gradient per row: the rival's logit weighted +1, the reference's -1, in one backward pass. */
    private float[] marginGradient(float[] x, int n, int[] ref, int[] rival, Check check) throws AuditCancelledException {
        check.check();
        int k = model.outputCount();
        float[] w = new float[n * k];
        for (int i = 0; i < n; i++) {
            if (model.outputKind() == OutputKind.BINARY_LOGIT || k == 1) {
                w[i * k] = ref[i] == 1 ? -1f : 1f;
                continue;
            }
            w[i * k + rival[i]] = 1f;
            w[i * k + ref[i]] = -1f;
        }
        return model.weightedInputGradient(Tensor.of(x, Data.batchShape(n, sampleShape)), Tensor.of(w, n, k)).toArray();
    }

    /**
     * The least budget that flips each row away from {@code reference}: a binary search over [0, {@code max}] with
     * {@code iterations} halvings, each a deterministic PGD (no random start); NaN for a row that no budget up to
     * {@code max} flips. {@code flipped} receives the attacked row at the budget found.
     */
    double[] minimalBudget(float[] x0, int[] reference, double max, int iterations, Settings pgd, float[] flipped, Check check)
            throws AuditCancelledException {
        int n = reference.length;
        Settings s = new Settings(pgd.norm(), pgd.steps(), pgd.stepFactor(), 0);
        double[] hi = new double[n];
        double[] lo = new double[n];
        Arrays.fill(hi, max);
        Result atMax = run(x0, reference, hi, s, 0, check);
        System.arraycopy(atMax.rows, 0, flipped, 0, flipped.length);
        for (int it = 0; it < iterations; it++) {
            double[] mid = new double[n];
            for (int i = 0; i < n; i++) mid[i] = (lo[i] + hi[i]) / 2;
            Result r = run(x0, reference, mid, s, 0, check);
            for (int i = 0; i < n; i++) {
                if (!atMax.broken[i]) continue;
                if (r.broken[i]) {
                    hi[i] = mid[i];
                    System.arraycopy(r.rows, i * m, flipped, i * m, m);
                } else {
                    lo[i] = mid[i];
                }
            }
        }
        for (int i = 0; i < n; i++) if (!atMax.broken[i]) hi[i] = Double.NaN;
        return hi;
    }
}
