package dev.lucent.network.api;

import java.util.Arrays;

/**
 * A float32 tensor, row-major. (Seed version: the engine issue grows this into the autodiff tensor;
 * the members below are the contract explainers rely on and stay.)
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            size *= d;
        }
        if (size != data.length)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        this.data = data;
        this.shape = shape.clone();
    }

    /** A tensor over a copy-free view of {@code data} with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return data.length;
    }

    /** The values, row-major, as a fresh array. */
    public float[] toArray() {
        return data.clone();
    }
}
