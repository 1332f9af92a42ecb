package dev.lucent.network.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The small, stable face of a model that explainers use. Lucent-trained models and
 * ONNX-imported graphs both offer it; explainers never see the engine's internals.
 *
 * <p>Batches are tensors of shape {@code [n, inputShape...]}; outputs are {@code [n, outputCount]}.
 * Calls are safe from one thread at a time per instance.
 */
@ProviderType
public interface AuditableModel {

    /** A short name for reports. */
    String name();

    /** The shape of one sample, e.g. {@code {30}} for tabular or {@code {1, 28, 28}} for images. */
    int[] inputShape();

    /** Number of output units: classes for {@link OutputKind#CLASS_LOGITS}, 1 for a binary logit. */
    int outputCount();

    OutputKind outputKind();

    /** Raw outputs (logits or regression values) for a batch; no gradient graph is recorded. */
    Tensor predict(Tensor batch);

    /**
     * The gradient of output unit {@code targets[i]} of row {@code i} with respect to row {@code i}
     * of the input: one backward pass for the whole batch. Same shape as {@code batch}.
     */
    Tensor inputGradient(Tensor batch, int[] targets);

    /**
     * The gradient of {@code sum_k weights[i, k] * output[i, k]} with respect to row {@code i} of the input, for
     * every row: what a loss mixing several outputs needs (an attack's margin is the rival's logit minus the label's).
     * {@code weights} has shape {@code [n, outputCount]}; the result the shape of {@code batch}.
     *
     * <p>The engine's models (native and imported) seed one backward pass with the weights. This default serves
     * any other model from {@link #inputGradient}, one call per output that some row weighs.
     *
     * @throws IllegalArgumentException naming the mismatch when the weights are not {@code [n, outputCount]} or not finite
     * @since 1.2
     */
    default Tensor weightedInputGradient(Tensor batch, Tensor weights) {
        int n = batch.shape()[0], k = outputCount();
        int[] ws = weights.shape();
        if (ws.length != 2 || ws[0] != n || ws[1] != k)
            throw new IllegalArgumentException("output weights of shape " + java.util.Arrays.toString(ws) + " for " + n + " rows of "
                    + k + " outputs: need [" + n + ", " + k + "]");
        float[] w = weights.toArray();
        int m = n == 0 ? 0 : batch.size() / n;
        float[] sum = new float[batch.size()];
        int[] targets = new int[n];
        for (int j = 0; j < k; j++) {
            boolean weighed = false;
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(w[i * k + j])) throw new IllegalArgumentException("output weights must be finite numbers, got " + w[i * k + j]);
                weighed |= w[i * k + j] != 0;
            }
            if (!weighed) continue;
            java.util.Arrays.fill(targets, j);
            float[] g = inputGradient(batch, targets).toArray();
            for (int i = 0; i < n; i++) {
                float wij = w[i * k + j];
                if (wij != 0) for (int q = 0; q < m; q++) sum[i * m + q] += wij * g[i * m + q];
            }
        }
        return Tensor.of(sum, batch.shape());
    }

    /** Names of the inner layers an explainer may trace, in forward order. */
    List<String> layerNames();

    /**
     * The activations of a named layer for a batch and the gradient of output {@code targets[i]}
     * with respect to them.
     *
     * @throws IllegalArgumentException naming the layer when there is no such layer
     */
    LayerTrace traceLayer(String layer, Tensor batch, int[] targets);

    /**
     * A copy of this model whose parameters in the named layers are re-drawn from their
     * initializer with the given seed; this model is unchanged. Used by the
     * model-parameter randomization sanity check.
     */
    AuditableModel withRandomizedLayers(List<String> layers, long seed);

    /** Class probabilities (softmax or sigmoid of the raw outputs); regression outputs as they are. */
    default float[][] probabilities(Tensor batch) {
        Tensor out = predict(batch);
        int n = out.shape()[0];
        int k = out.shape()[1];
        float[] raw = out.toArray();
        float[][] p;
        switch (outputKind()) {
            case BINARY_LOGIT -> {
                p = new float[n][2];
                for (int i = 0; i < n; i++) {
                    float pos = (float) (1.0 / (1.0 + Math.exp(-raw[i * k])));
                    p[i][0] = 1f - pos;
                    p[i][1] = pos;
                }
            }
            case CLASS_LOGITS -> {
                p = new float[n][k];
                for (int i = 0; i < n; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) max = Math.max(max, raw[i * k + j]);
                    double sum = 0;
                    for (int j = 0; j < k; j++) sum += Math.exp(raw[i * k + j] - max);
                    for (int j = 0; j < k; j++) p[i][j] = (float) (Math.exp(raw[i * k + j] - max) / sum);
                }
            }
            default -> {
                p = new float[n][k];
                for (int i = 0; i < n; i++) System.arraycopy(raw, i * k, p[i], 0, k);
            }
        }
        return p;
    }
}
