package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Batch normalization over channel axis 1 of [N, C] or [N, C, ...], with running statistics for evaluation. */
public final class BatchNorm extends Layer {
    private final int channels;
    private final float momentum, eps;
    private final Parameter gamma, beta, runningMean, runningVar;

    public BatchNorm(int channels) {
        this(channels, 0.1f, 1e-5f);
    }

    public BatchNorm(int channels, float momentum, float eps) {
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        this.gamma = new Parameter("gamma", Tensor.ones(channels), true, false);
        this.beta = new Parameter("beta", Tensor.zeros(channels), true, false);
        this.runningMean = new Parameter("running_mean", Tensor.zeros(channels), false, false);
        this.runningVar = new Parameter("running_var", Tensor.ones(channels), false, false);
    }

    public String type() {
        return "batch_norm";
    }

    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("channels", "" + channels);
        c.put("momentum", "" + momentum);
        c.put("eps", "" + eps);
        return c;
    }

    public List<Parameter> parameters() {
        return List.of(gamma, beta, runningMean, runningVar);
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        Tensor x = single(this, inputs);
        if (x.rank() < 2 || x.dim(1) != channels)
            throw new IllegalArgumentException("BatchNorm expects " + channels + " channels on axis 1, got shape " + Arrays.toString(x.shape()));
        return x.batchNorm(gamma.value, beta.value, runningMean.value, runningVar.value, mode.training(), momentum, eps);
    }

    public void initialize(long seed) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        gamma.assign(ones);
        beta.assign(new float[channels]);
        runningMean.assign(new float[channels]);
        runningVar.assign(ones);
    }
}
