package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * Training losses, composed from primitive ops so their gradients come from the graph. Class weights
 * (optional, one per class) weight each row by its label's weight: loss = sum(w_i l_i) / sum(w_i).
 */
public enum Loss {
    /** Mean squared error against real targets [n, k]. */
    MSE,
    /** One logit per row; labels 0/1; log(1 + e^z) - y z, computed stably. */
    BINARY_CROSS_ENTROPY,
    /** One logit per class; labels are class indices; -log softmax(z)[y]. */
    CROSS_ENTROPY;

    /**
     * @param output  raw model outputs [n, k]
     * @param labels  class index per row (classification), else null
     * @param targets real targets, n*k values (regression), else null
     * @param classWeights one weight per class, or null for equal weights
     */
    public Tensor compute(Tensor output, int[] labels, float[] targets, float[] classWeights) {
        int n = output.dim(0), k = output.dim(1);
        if (this == MSE) {
            if (targets == null || targets.length != n * k)
                throw new IllegalArgumentException("MSE needs " + (n * k) + " targets, got " + (targets == null ? "none" : targets.length));
            return output.sub(Tensor.of(targets, n, k)).square().mean();
        }
        if (labels == null || labels.length != n)
            throw new IllegalArgumentException(this + " needs one label per row (" + n + "), got " + (labels == null ? "none" : labels.length));
        int classes = this == BINARY_CROSS_ENTROPY ? 2 : k;
        if (this == BINARY_CROSS_ENTROPY && k != 1) throw new IllegalArgumentException("binary cross-entropy needs one logit per row, got " + k);
        if (classWeights != null && classWeights.length != classes)
            throw new IllegalArgumentException("need " + classes + " class weights, got " + classWeights.length + ": " + Arrays.toString(classWeights));
        float[] w = new float[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " outside 0.." + (classes - 1));
            w[i] = classWeights == null ? 1f : classWeights[labels[i]];
            total += w[i];
        }
        if (total <= 0) throw new IllegalArgumentException("class weights give the batch zero total weight");
        if (this == BINARY_CROSS_ENTROPY) {
            float[] y = new float[n];
            for (int i = 0; i < n; i++) y[i] = labels[i];
            Tensor per = output.softplus().sub(output.mul(Tensor.of(y, n, 1)));
            return per.mul(Tensor.of(scaled(w, total), n, 1)).sum();
        }
        float[] pick = new float[n * k];
        float[] ws = scaled(w, total);
        for (int i = 0; i < n; i++) pick[i * k + labels[i]] = -ws[i];
        return output.logSoftmax(1).mul(Tensor.of(pick, n, k)).sum();
    }

    private static float[] scaled(float[] w, double total) {
        float[] s = new float[w.length];
        for (int i = 0; i < w.length; i++) s[i] = (float) (w[i] / total);
        return s;
    }
}
