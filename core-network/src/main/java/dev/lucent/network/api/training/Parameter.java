package dev.lucent.network.api.training;

import dev.lucent.network.internal.TensorStorage;
import dev.lucent.network.api.Tensor;
import java.util.Arrays;

/**
 * A named tensor a layer owns: trainable weights (gradients recorded, updated by optimizers) or
 * non-trainable state such as batch-norm running statistics. {@code decays} marks weights that
 * L1/L2 penalties and weight decay apply to (not biases or normalization scales).
 */
public final class Parameter {
    private final String name;
    final Tensor value;
    private final boolean trainable;
    private final boolean decays;

    public Parameter(String name, Tensor initial, boolean trainable, boolean decays) {
        this.name = name;
        this.value = Tensor.of(initial.toArray(), initial.shape());
        if (trainable) value.requireGrad();
        this.trainable = trainable;
        this.decays = decays;
    }

    public String name() {
        return name;
    }

    /** The live tensor (a graph leaf); its values change as the model trains. */
    public Tensor value() {
        return value;
    }

    public boolean trainable() {
        return trainable;
    }

    public boolean decays() {
        return decays;
    }

    public int[] shape() {
        return value.shape();
    }

    public int size() {
        return value.size();
    }

    /** Overwrites the values (same count, row-major). */
    public void assign(float[] values) {
        if (values.length != value.size())
            throw new IllegalArgumentException("parameter " + name + " of shape " + Arrays.toString(value.shape()) + " needs " + value.size() + " values, got " + values.length);
        System.arraycopy(values, 0, TensorStorage.values(value), 0, values.length);
    }

    /** The current values as a fresh array. */
    public float[] values() {
        return value.toArray();
    }

    float[] data() {
        return TensorStorage.values(value);
    }
}
