package dev.lucent.network.api.data;

import java.util.List;

/**
 * How to read IDX files (MNIST, Fashion-MNIST).
 *
 * @param divisor    each pixel byte (0..255) is divided by it, in float: 255 gives values in [0, 1] (exactly
 *                   {@code v / 255f}), 1 keeps the raw values
 * @param classNames names by label value, or null for "0", "1", ... up to the largest label
 * @param limits     memory and size bounds
 */
public record IdxOptions(float divisor, List<String> classNames, LoadLimits limits) {
    /** Fashion-MNIST's classes by label value. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public IdxOptions {
        if (!(divisor > 0) || !Float.isFinite(divisor)) throw new IllegalArgumentException("divisor must be positive and finite, got " + divisor);
        classNames = classNames == null ? null : List.copyOf(classNames);
        if (classNames != null && classNames.size() < 2) throw new IllegalArgumentException("need at least two class names");
        java.util.Objects.requireNonNull(limits, "limits");
    }

    /** Pixels scaled to [0, 1], class names "0".."9" (or up to the largest label), default limits. */
    public static IdxOptions defaults() {
        return new IdxOptions(255f, null, LoadLimits.defaults());
    }

    public IdxOptions withClassNames(List<String> v) {
        return new IdxOptions(divisor, v, limits);
    }

    public IdxOptions withDivisor(float v) {
        return new IdxOptions(v, classNames, limits);
    }

    public IdxOptions withLimits(LoadLimits v) {
        return new IdxOptions(divisor, classNames, v);
    }
}
