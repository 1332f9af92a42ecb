package dev.lucent.network.api.training;

import dev.lucent.network.api.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A building block of a {@link Model}: a composition of tensor ops plus the parameters it owns.
 * {@link #type()} and {@link #config()} describe it completely for model files; {@link Layers#create}
 * rebuilds it from them.
 */
public abstract class Layer {
    /** Stable type tag, e.g. "linear". */
    public abstract String type();

    /** Hyper-parameters as text (numbers, comma-separated lists). */
    public abstract Map<String, String> config();

    /** Parameters and state, in a fixed order. */
    public List<Parameter> parameters() {
        return List.of();
    }

    /**
     * The forward computation; {@code seed} in mode is already specific to this layer's position.
     * A layer must not keep tensors of one pass for a later one: the trainer recycles their memory
     * after each step (state belongs in {@link Parameter}s).
     */
    public abstract Tensor forward(Mode mode, Tensor... inputs);

    /** How many inputs the layer takes (merge layers take several). */
    public int arity() {
        return 1;
    }

    /** Re-draws the parameters from the layer's initializer with this seed (state is reset). */
    public void initialize(long seed) {
    }

    /** Whether this layer is a ReLU (telemetry reports its dead-unit fraction). */
    public boolean isRelu() {
        return false;
    }

    /** The one input of a single-input layer, or an error naming the layer type. */
    protected static Tensor single(Layer l, Tensor[] inputs) {
        if (inputs.length != 1) throw new IllegalArgumentException(l.type() + " takes one input, got " + inputs.length);
        return inputs[0];
    }
}
