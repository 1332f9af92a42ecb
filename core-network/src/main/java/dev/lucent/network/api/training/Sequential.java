package dev.lucent.network.api.training;

import dev.lucent.network.api.OutputKind;

/** A chain of layers, each named after its type and position ("linear1", "relu2", ...). */
public final class Sequential {
    private Sequential() {
    }

    /** Layers initialized from {@code seed}, each from its own stream. */
    public static Model of(String name, OutputKind kind, long seed, int[] inputShape, Layer... layers) {
        Model.Builder b = Model.builder(name, kind, inputShape).seed(seed);
        org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap<String> counts = new org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap<>();
        for (Layer l : layers) {
            String base = l instanceof Activation a ? a.kind().name().toLowerCase() : l.type();
            int c = counts.addToValue(base, 1);
            b.add(base + c, l);
        }
        return b.build();
    }
}
