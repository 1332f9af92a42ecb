package dev.lucent.explain.robustness;

import dev.lucent.network.api.AuditableModel;
import java.util.Arrays;

/** The robustness family's PGD as the explainer runs it (L-inf, from the clean point, no restarts), for the benchmarks. */
public final class PgdForBench {
    private final Attack attack;

    public PgdForBench(AuditableModel model, float lo, float hi, int batch) {
        int m = Arrays.stream(model.inputShape()).reduce(1, (a, b) -> a * b);
        float[] scale = new float[m], los = new float[m], his = new float[m];
        boolean[] mutable = new boolean[m];
        Arrays.fill(scale, 1f);
        Arrays.fill(los, lo);
        Arrays.fill(his, hi);
        Arrays.fill(mutable, true);
        attack = new Attack(model, new Attack.Space(scale, los, his, mutable), batch);
    }

    /** The attacked rows. */
    public float[] linf(float[] x, int[] labels, double budget, int steps) {
        double[] eps = new double[labels.length];
        Arrays.fill(eps, budget);
        try {
            return attack.run(x, labels, eps, Attack.Settings.pgd(Attack.Norm.LINF, steps, 0), 0, () -> { }).rows();
        } catch (dev.lucent.explain.api.AuditCancelledException e) {
            throw new IllegalStateException("never cancelled", e);
        }
    }
}
