package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layer normalization over the trailing axes of the given shape, with learned scale and shift. */
public final class LayerNorm extends Layer {
    private final int[] shape;
    private final float eps;
    private final Parameter gamma, beta;

    public LayerNorm(float eps, int... normalizedShape) {
        this.shape = normalizedShape.clone();
        this.eps = eps;
        this.gamma = new Parameter("gamma", Tensor.ones(shape), true, false);
        this.beta = new Parameter("beta", Tensor.zeros(shape), true, false);
    }

    public String type() {
        return "layer_norm";
    }

    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("shape", Layers.ints(shape));
        c.put("eps", "" + eps);
        return c;
    }

    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        return single(this, inputs).layerNorm(shape.length, gamma.value, beta.value, eps);
    }

    public void initialize(long seed) {
        float[] ones = new float[gamma.size()];
        Arrays.fill(ones, 1f);
        gamma.assign(ones);
        beta.assign(new float[beta.size()]);
    }
}
