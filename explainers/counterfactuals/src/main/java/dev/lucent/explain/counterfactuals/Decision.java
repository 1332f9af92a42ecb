package dev.lucent.explain.counterfactuals;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;

/**
 * The model's decision for points on the search scale: the margin of a target class (its logit minus the largest
 * other logit; positive exactly when the model picks it), that margin's gradient (the engine's input gradients,
 * as the attribution methods use them), and the class probabilities a counterfactual is checked with.
 */
final class Decision {

    private final AuditableModel model;
    private final FeatureSpace space;
    private long calls;

    Decision(AuditableModel model, FeatureSpace space) {
        this.model = model;
        this.space = space;
    }

    /** Model calls made so far (each one batch). */
    long calls() {
        return calls;
    }

    private Tensor batch(double[][] points) {
        int d = space.width;
        float[] flat = new float[points.length * d];
        for (int i = 0; i < points.length; i++) space.toInput(points[i], flat, i * d);
        return Tensor.of(flat, points.length, d);
    }

    /** The margin of {@code targets[i]} at each point: positive when the model decides for it. */
    double[] margins(double[][] points, int[] targets) {
        calls++;
        Tensor out = model.predict(batch(points));
        int k = out.shape()[1];
        float[] raw = out.toArray();
        double[] m = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            if (model.outputKind() == OutputKind.BINARY_LOGIT) {
                m[i] = targets[i] == 1 ? raw[i * k] : -raw[i * k];
                continue;
            }
            double other = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) if (j != targets[i]) other = Math.max(other, raw[i * k + j]);
            m[i] = raw[i * k + targets[i]] - other;
        }
        return m;
    }

    /**
     * d(margin)/d(point) on the search scale for each point. Throws {@link UnsupportedOperationException} for a model
     * that gives no gradients (a plugin's black box).
     */
    double[][] marginGradients(double[][] points, int[] targets) {
        Tensor in = batch(points);
        int n = points.length, d = space.width;
        int k = model.outputCount();
        float[] w = new float[n * k]; // the margin's logits weighted +1 (the target) and -1 (its strongest rival): one backward pass
        if (model.outputKind() == OutputKind.BINARY_LOGIT) {
            for (int i = 0; i < n; i++) w[i * k] = targets[i] == 1 ? 1f : -1f;
        } else {
            calls++;
            float[] raw = model.predict(in).toArray();
            for (int i = 0; i < n; i++) {
                int best = -1;
                for (int j = 0; j < k; j++) if (j != targets[i] && (best < 0 || raw[i * k + j] > raw[i * k + best])) best = j;
                w[i * k + targets[i]] = 1f;
                w[i * k + best] = -1f;
            }
        }
        calls++;
        float[] g = model.weightedInputGradient(in, Tensor.of(w, n, k)).toArray();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) out[i][j] = g[i * d + j] * space.gradientScale(j);
        return out;
    }

    /** Class probabilities at each point: the re-run that decides a counterfactual's validity. */
    float[][] probabilities(double[][] points) {
        calls++;
        return model.probabilities(batch(points));
    }

    /** Whether the model decides for the target at each point, by its probabilities (the largest; the first wins a tie). */
    boolean[] decidesFor(double[][] points, int[] targets) {
        float[][] p = probabilities(points);
        boolean[] out = new boolean[points.length];
        for (int i = 0; i < p.length; i++) out[i] = argmax(p[i]) == targets[i];
        return out;
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }
}
