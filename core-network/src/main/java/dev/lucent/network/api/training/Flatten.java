package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.Map;

/** [N, ...] to [N, features]. */
public final class Flatten extends Layer {
    public String type() {
        return "flatten";
    }

    public Map<String, String> config() {
        return Map.of();
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        return single(this, inputs).flatten(1);
    }
}
