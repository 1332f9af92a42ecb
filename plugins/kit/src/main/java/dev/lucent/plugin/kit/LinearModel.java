package dev.lucent.plugin.kit;

import dev.lucent.network.api.AuditableModel;
import dev.lucent.network.api.LayerTrace;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.Tensor;
import java.util.List;

/**
 * {@code w . x + b}: a regression, or a binary classifier's logit. Its exact attributions are known (the weights),
 * which makes it the reference model for testing attribution methods.
 */
public final class LinearModel implements AuditableModel {

    private final String name;
    private final double[] weights;
    private final double bias;
    private final OutputKind kind;
    private final int[] inputShape;

    /** @param inputShape the sample shape; its size must equal the number of weights */
    public LinearModel(String name, double[] weights, double bias, OutputKind kind, int... inputShape) {
        if (kind == OutputKind.CLASS_LOGITS) throw new IllegalArgumentException("a linear model here has one output: REGRESSION or BINARY_LOGIT");
        int size = 1;
        for (int d : inputShape) size *= d;
        if (inputShape.length == 0) {
            inputShape = new int[] {weights.length};
            size = weights.length;
        }
        if (size != weights.length)
            throw new IllegalArgumentException(weights.length + " weights for inputs of " + size + " values");
        this.name = name;
        this.weights = weights.clone();
        this.bias = bias;
        this.kind = kind;
        this.inputShape = inputShape.clone();
    }

    public double[] weights() {
        return weights.clone();
    }

    public double bias() {
        return bias;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public OutputKind outputKind() {
        return kind;
    }

    @Override
    public Tensor predict(Tensor batch) {
        int n = rows(batch);
        float[] x = batch.toArray();
        int m = weights.length;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double s = bias;
            for (int j = 0; j < m; j++) s += weights[j] * x[i * m + j];
            out[i] = (float) s;
        }
        return Tensor.of(out, n, 1);
    }

    @Override
    public Tensor inputGradient(Tensor batch, int[] targets) {
        int n = rows(batch);
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows");
        int m = weights.length;
        float[] g = new float[n * m];
        for (int i = 0; i < n; i++) {
            if (targets[i] != 0) throw new IllegalArgumentException("output unit " + targets[i] + " of a one-output model");
            for (int j = 0; j < m; j++) g[i * m + j] = (float) weights[j];
        }
        return Tensor.of(g, batch.shape());
    }

    @Override
    public List<String> layerNames() {
        return List.of();
    }

    @Override
    public LayerTrace traceLayer(String layer, Tensor batch, int[] targets) {
        throw new IllegalArgumentException("no layer '" + layer + "': a linear model has no inner layers");
    }

    @Override
    public AuditableModel withRandomizedLayers(List<String> layers, long seed) {
        if (!layers.isEmpty()) throw new IllegalArgumentException("no layers " + layers + ": a linear model has no inner layers");
        return this;
    }

    private int rows(Tensor batch) {
        int[] s = batch.shape();
        if (batch.size() != s[0] * weights.length)
            throw new IllegalArgumentException("batch of shape " + java.util.Arrays.toString(s) + " for inputs of " + weights.length + " values");
        return s[0];
    }
}
