package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.Map;

/** Inverted dropout, active in training only; the mask comes from the pass's seed. */
public final class Dropout extends Layer {
    private final float p;

    public Dropout(float p) {
        if (p < 0f || p >= 1f) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        this.p = p;
    }

    public String type() {
        return "dropout";
    }

    public Map<String, String> config() {
        return Map.of("p", "" + p);
    }

    public Tensor forward(Mode mode, Tensor... inputs) {
        return single(this, inputs).dropout(p, mode.seed(), mode.training());
    }
}
