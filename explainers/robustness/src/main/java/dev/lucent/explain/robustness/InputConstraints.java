package dev.lucent.explain.robustness;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.support.Constraints;
import dev.lucent.network.api.Standardization;

/**
 * The constraints of a changed tabular row ({@link Constraints}, in the CSV's units, the counterfactuals' own) as an
 * attack applies them to the model's inputs ({@code input = (csv - mean) / std} with the model's standardization; the
 * CSV's values as they are for an ONNX model). The convex ones (immutable, ranges, monotone) bound each value; the
 * discrete ones (integer, categorical) put each attacked point on valid values before the model sees it.
 */
final class InputConstraints {

    final Constraints constraints;
    private final float[] mean, std;

    private InputConstraints(Constraints constraints, float[] mean, float[] std) {
        this.constraints = constraints;
        this.mean = mean;
        this.std = std;
    }

    static InputConstraints of(AuditContext context) {
        Constraints c = Constraints.of(context);
        int d = c.width();
        float[] mean = new float[d], std = new float[d];
        java.util.Arrays.fill(std, 1f);
        java.util.Optional<Standardization> st = context.inputStandardization();
        if (st.isPresent()) {
            mean = st.get().mean();
            std = st.get().std();
            if (mean.length != d) throw new IllegalArgumentException("the model's standardization has " + mean.length + " features, the data " + d);
        }
        return new InputConstraints(c, mean, std);
    }

    double csv(int j, float input) {
        return input * (double) std[j] + mean[j];
    }

    private float input(int j, double csv) {
        return (float) ((csv - mean[j]) / std[j]);
    }

    /** Per value of the {@code n} rows {@code x0}: the least and greatest input allowed (the range widened to the row; a monotone feature from the row up). */
    void bounds(float[] x0, int n, float[] lo, float[] hi) {
        int d = constraints.width();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                double r = csv(j, x0[k]);
                lo[k] = constraints.monotone(j) ? x0[k] : Math.min(x0[k], input(j, constraints.low(j, r)));
                hi[k] = Math.max(x0[k], input(j, constraints.high(j, r)));
            }
    }

    /**
     * The integer and categorical values of the attacked rows {@code x} on valid values, in place: the nearest allowed
     * one, unless that takes the row past its budget {@code eps} (in {@code scale} units, under {@code norm}); then
     * rounded towards the clean row, which never lengthens the perturbation. A value that ends on the row's own is the
     * row's exact input.
     */
    void onValidValues(float[] x0, float[] x, int n, double[] eps, Attack.Norm norm, float[] scale) {
        int d = constraints.width();
        float[] continuous = new float[d];
        for (int i = 0; i < n; i++) {
            boolean any = false;
            System.arraycopy(x, i * d, continuous, 0, d);
            for (int j = 0; j < d; j++) {
                int k = i * d + j;
                if (!constraints.discrete(j) || x[k] == x0[k]) continue;
                any = true;
                x[k] = valid(j, k, x0, continuous[j], false);
                if (norm == Attack.Norm.LINF && Math.abs(x[k] - x0[k]) / scale[j] > eps[i] * (1 + 1e-6)) x[k] = valid(j, k, x0, continuous[j], true);
            }
            if (!any || norm != Attack.Norm.L2) continue;
            double s = 0;
            for (int j = 0; j < d; j++) {
                double u = (x[i * d + j] - x0[i * d + j]) / scale[j];
                s += u * u;
            }
            if (Math.sqrt(s) <= eps[i] * (1 + 1e-6)) continue;
            for (int j = 0; j < d; j++)
                if (constraints.discrete(j) && x[i * d + j] != x0[i * d + j]) x[i * d + j] = valid(j, i * d + j, x0, continuous[j], true);
        }
    }

    /** The valid input nearest the attacked input {@code at} (or, {@code towardRow}, nearest it between the row and it). */
    private float valid(int j, int k, float[] x0, float at, boolean towardRow) {
        double r = csv(j, x0[k]), v = csv(j, at);
        double w = towardRow ? constraints.towardRow(j, v, r) : constraints.nearest(j, v, r);
        return Math.abs(w - r) <= 1e-6 * Math.max(1, Math.abs(r)) ? x0[k] : input(j, w);
    }
}
